using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// The sigrok decoder's message catalogue (bench/sigrok/coldstandby/tables.py) is the protocol's:
/// every message of firmware/Protocol/README.md with its fields' offsets, sizes and valid values,
/// in the order the bench prints them (the message classes' properties), and every enumeration's
/// names from the code. When the protocol changes, this test fails and says how to write the
/// table again.
/// </summary>
public sealed class SigrokTablesTests
{
    private const string Update = "COLDSTANDBY_WRITE_SIGROK_TABLES";

    [Fact]
    public void The_decoders_catalogue_is_the_protocols()
    {
        string path = Path.Combine(Repository.Root, "bench", "sigrok", "coldstandby", "tables.py");
        string current = File.ReadAllText(path);
        string expected = current[..current.IndexOf("MESSAGES = {", StringComparison.Ordinal)] + Catalogue();
        if (Environment.GetEnvironmentVariable(Update) == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(expected == current, $"bench/sigrok/coldstandby/tables.py is not the protocol's catalogue: write it again with {Update}=1 dotnet test bench/Bench.Tests --filter SigrokTablesTests");
    }

    /// <summary>The catalogue as Python literals.</summary>
    private static string Catalogue()
    {
        string[] page = File.ReadAllLines(Path.Combine(Repository.Root, "firmware", "Protocol", "README.md"));
        var set = new MessageSet();
        var enums = new SortedDictionary<string, Type>(StringComparer.Ordinal);
        var text = new StringBuilder("MESSAGES = {\n");
        for (int i = 0; i < page.Length; i++)
        {
            var heading = Regex.Match(page[i], @"^### 0x([0-9A-F]{2}) (\w+)");
            if (!heading.Success)
            {
                continue;
            }

            var message = set.ForType(byte.Parse(heading.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))!;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int j = i + 1; j < page.Length && !page[j].StartsWith("### ", StringComparison.Ordinal); j++)
            {
                if (Regex.IsMatch(page[j], @"^\| \d+ \|"))
                {
                    string[] cells = page[j].Split('|').Select(c => c.Trim()).ToArray();
                    var property = message.GetType().GetProperty(cells[3])!;
                    fields[cells[3]] = $"        ('{cells[3]}', {cells[1]}, {cells[2]}, '{Kind(property.PropertyType, enums)}', {Rule(cells[5])}),\n";
                }
            }

            // The order the bench prints them in: the properties' declaration order.
            var order = message.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Select(p => p.Name).Where(n => n is not (nameof(Message.Type) or nameof(Message.PayloadLength)));
            string body = string.Concat(order.Select(n => fields[n]));
            text.Append($"    0x{(byte)message.Type:X2}: ('{message.GetType().Name}', {message.PayloadLength}, {(body.Length == 0 ? "()" : "(\n" + body + "    )")}),\n");
        }

        text.Append("}\n\nENUMS = {\n");
        foreach (var (name, type) in enums)
        {
            var names = Enum.GetValuesAsUnderlyingType(type).Cast<object>().Select(v => Convert.ToInt64(v, CultureInfo.InvariantCulture)).Distinct().Order()
                .Select(v => $"0x{v:X}: '{Enum.GetName(type, Enum.ToObject(type, v))}'");
            text.Append($"    '{name}': {{{string.Join(", ", names)}}},\n");
        }

        return text.Append("}\n").ToString();
    }

    private static string Kind(Type type, SortedDictionary<string, Type> enums)
    {
        if (type == typeof(bool))
        {
            return "bool";
        }

        if (type.IsEnum)
        {
            enums[type.Name] = type;
            return (type.GetCustomAttribute<FlagsAttribute>() != null ? "flags:" : "enum:") + type.Name;
        }

        return type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte) ? "int" : "uint";
    }

    /// <summary>The page's "values" column as the decoder's rule.</summary>
    private static string Rule(string values)
    {
        if (Regex.Match(values, @"valid when value (≥|>=|>|<=|≤) (\d+)") is { Success: true } bound)
        {
            string test = bound.Groups[1].Value switch { "≥" => ">=", "≤" => "<=", var t => t };
            return $"('{test}', {bound.Groups[2].Value})";
        }

        if (values.Contains("other values invalid", StringComparison.Ordinal))
        {
            return $"('in', ({string.Join(", ", Regex.Matches(values.Split(';')[0], @"(\d+) \w+").Select(m => m.Groups[1].Value))}))";
        }

        if (values.Contains("other bits invalid", StringComparison.Ordinal))
        {
            long mask = Regex.Matches(values, @"0x([0-9A-F]+) \w+").Select(m => long.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).Aggregate(0L, (a, b) => a | b);
            return $"('mask', 0x{mask:X})";
        }

        if (values == "0 false, 1 true")
        {
            return "('in', (0, 1))";
        }

        Assert.True(values == "any" || values.Contains("message type byte", StringComparison.Ordinal) || values.Contains("EventCode", StringComparison.Ordinal),
            $"the decoder's table has no rule for the values '{values}': teach SigrokTablesTests.Rule and the decoder's field_valid");
        return "None";
    }
}
