using System.Collections.Concurrent;

namespace ColdStandby.Smu.Tests.Runner;

/// <summary>
/// Finds the scenario files next to the test assembly, runs each once (on first use), writes its
/// trace to Scenarios/traces/NAME.trace for reading, and judges its expectations.
/// </summary>
public static class ScenarioLibrary
{
    private static readonly ConcurrentDictionary<string, Lazy<(Scenario Scenario, ScenarioWorld World)>> Runs = new();

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Scenarios");

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Folder, "*.txt").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    public static Scenario Parse(string name) =>
        ScenarioParser.Parse(name, File.ReadAllText(Path.Combine(Folder, name + ".txt")));

    public static (Scenario Scenario, ScenarioWorld World) Run(string name) =>
        Runs.GetOrAdd(name, n => new Lazy<(Scenario, ScenarioWorld)>(() =>
        {
            var scenario = Parse(n);
            var world = new ScenarioWorld(scenario);
            try
            {
                world.Run();
            }
            finally
            {
                string traces = Path.Combine(Folder, "traces");
                Directory.CreateDirectory(traces);
                File.WriteAllText(Path.Combine(traces, n + ".trace"), world.TraceText());
            }

            return (scenario, world);
        })).Value;

    /// <summary>Returns null when the expectation holds, else what went wrong.</summary>
    public static string? Judge(ScenarioWorld world, Expectation expectation)
    {
        if (expectation.Kind == "check")
        {
            return JudgeCheck(world, expectation);
        }

        var pattern = expectation.Pattern!;
        var inWindow = world.Trace.Where(e => e.Time >= expectation.From && e.Time <= expectation.To && pattern.Matches(e)).ToList();
        bool ok = expectation.Kind == "never"
            ? inWindow.Count == 0
            : expectation.Count is int n ? inWindow.Count == n : inWindow.Count > 0;
        if (ok)
        {
            return null;
        }

        string wanted = expectation.Kind == "never"
            ? $"no '{pattern}' in {expectation.Window}"
            : expectation.Count is int count ? $"exactly {count} × '{pattern}' in {expectation.Window}" : $"'{pattern}' in {expectation.Window}";
        var alike = world.Trace.Where(e => e.Channel == pattern.Channel && e.Name == pattern.Name).Take(12).ToList();
        string seen = alike.Count == 0
            ? $"no {pattern.Channel} {pattern.Name} at all in the run (0..{world.End})"
            : "seen:\n" + string.Join("\n", alike.Select(e => "  " + e));
        return $"wanted {wanted}; found {inWindow.Count}; {seen}";
    }

    private static string? JudgeCheck(ScenarioWorld world, Expectation expectation)
    {
        var state = world.SnapshotAt(expectation.From);
        string at = expectation.From == long.MaxValue ? $"end ({world.End})" : expectation.From.ToString();
        if (state == null)
        {
            return $"no state recorded at {at}";
        }

        var wrong = new List<string>();
        foreach (var (key, text) in expectation.State)
        {
            bool subset = key.StartsWith("Has", StringComparison.Ordinal) || key.StartsWith("Lacks", StringComparison.Ordinal);
            string field = key.StartsWith("Has", StringComparison.Ordinal) ? key[3..] : key.StartsWith("Lacks", StringComparison.Ordinal) ? key[5..] : key;
            if (!state.TryGetValue(field, out var actual))
            {
                wrong.Add($"{key}: no such state (have {string.Join(", ", state.Keys)})");
                continue;
            }

            object wanted = Fields.Parse(actual.GetType(), text);
            bool ok;
            if (subset)
            {
                long have = Convert.ToInt64(actual);
                long bits = Convert.ToInt64(wanted);
                ok = key.StartsWith("Has", StringComparison.Ordinal) ? (have & bits) == bits : (have & bits) == 0;
            }
            else
            {
                ok = Equals(wanted, actual);
            }

            if (!ok)
            {
                wrong.Add($"{key}: wanted {text}, was {Fields.Format(actual)}");
            }
        }

        return wrong.Count == 0 ? null : $"at {at}: " + string.Join("; ", wrong);
    }
}
