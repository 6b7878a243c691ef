using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>One sample of the Prometheus text format: a series (name and labels) and its value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// The Prometheus text exposition format (0.0.4), parsed strictly, as a scraper reads it: every
/// line is a HELP or TYPE comment or a sample, and anything else is an error naming the line.
/// </summary>
internal sealed partial class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, List<PrometheusSample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Gets each family's type (counter, gauge, histogram…) by name.</summary>
    public Dictionary<string, string> Types { get; }

    public List<PrometheusSample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        var types = new Dictionary<string, string>();
        var samples = new List<PrometheusSample>();
        foreach (string line in text.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var type = TypeLine().Match(line);
                if (type.Success)
                {
                    Assert.True(types.TryAdd(type.Groups[1].Value, type.Groups[2].Value), $"a second TYPE for {type.Groups[1].Value}");
                }
                else
                {
                    Assert.Matches(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* ", line);
                }

                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a Prometheus sample line: '{line}'");
            samples.Add(new PrometheusSample(sample.Groups[1].Value, Labels(sample.Groups[2].Value, line), Number(sample.Groups[3].Value)));
        }

        return new PrometheusText(types, samples);
    }

    /// <summary>The value of the one series with exactly these labels, or null when there is none.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels) =>
        Samples.SingleOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.GetValueOrDefault(l.Label) == l.Value))?.Value;

    /// <summary>Every series of a name.</summary>
    public List<PrometheusSample> Series(string name) => Samples.Where(s => s.Name == name).ToList();

    private static double Number(string text) => text switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static Dictionary<string, string> Labels(string text, string line)
    {
        var labels = new Dictionary<string, string>();
        int i = 0;
        while (i < text.Length)
        {
            int eq = text.IndexOf("=\"", i, StringComparison.Ordinal);
            Assert.True(eq > i, $"bad labels in '{line}'");
            string name = text[i..eq];
            Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", name);
            var value = new StringBuilder();
            int j = eq + 2;
            for (; j < text.Length && text[j] != '"'; j++)
            {
                if (text[j] == '\\')
                {
                    j++;
                    value.Append(text[j] == 'n' ? '\n' : text[j]);
                }
                else
                {
                    value.Append(text[j]);
                }
            }

            Assert.True(j < text.Length, $"unterminated label value in '{line}'");
            Assert.True(labels.TryAdd(name, value.ToString()), $"label {name} twice in '{line}'");
            i = j + 1;
            if (i < text.Length)
            {
                Assert.Equal(',', text[i]);
                i++;
            }
        }

        return labels;
    }

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([^ ]+)(?: -?[0-9]+)?$")]
    private static partial Regex SampleLine();
}
