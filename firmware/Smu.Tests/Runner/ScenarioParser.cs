using System.Globalization;
using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests.Runner;

/// <summary>Reads the scenario text format described in Scenarios/README.md.</summary>
public static class ScenarioParser
{
    private static readonly string[] Channels = { "line", "host", "peer", "log", "input", ">host", ">peer", "note" };

    public static Scenario Parse(string name, string text)
    {
        var scenario = new Scenario { Name = name };
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            int lineNumber = i + 1;
            string line = lines[i];
            int hash = line.IndexOf('#');
            if (hash >= 0)
            {
                line = line[..hash];
            }

            string[] words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                continue;
            }

            try
            {
                ParseLine(scenario, lineNumber, lines[i].Trim(), words);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or OverflowException)
            {
                throw new FormatException($"{name}.txt:{lineNumber}: {e.Message} in '{lines[i].Trim()}'", e);
            }
        }

        return scenario;
    }

    /// <summary>A time in milliseconds: <c>1500</c>, <c>1500ms</c>, <c>12s</c>, <c>2min</c>.</summary>
    public static long Time(string text)
    {
        if (text.EndsWith("min", StringComparison.Ordinal))
        {
            return 60_000 * long.Parse(text[..^3], CultureInfo.InvariantCulture);
        }

        if (text.EndsWith("ms", StringComparison.Ordinal))
        {
            return long.Parse(text[..^2], CultureInfo.InvariantCulture);
        }

        if (text.EndsWith('s'))
        {
            return (long)(1000 * decimal.Parse(text[..^1], CultureInfo.InvariantCulture));
        }

        return long.Parse(text, CultureInfo.InvariantCulture);
    }

    public static List<(string Key, string Value)> Pairs(IEnumerable<string> words)
    {
        var pairs = new List<(string, string)>();
        foreach (string word in words)
        {
            int eq = word.IndexOf('=');
            if (eq <= 0)
            {
                throw new FormatException($"'{word}' is not key=value");
            }

            pairs.Add((word[..eq], word[(eq + 1)..]));
        }

        return pairs;
    }

    private static void ParseLine(Scenario scenario, int line, string text, string[] words)
    {
        string[] rest = words[1..];
        switch (words[0])
        {
            case "title":
                scenario.Title = string.Join(" ", rest);
                break;
            case "side":
                scenario.Side = Enum.Parse<Side>(rest[0]);
                break;
            case "config":
                scenario.Config.AddRange(Pairs(rest));
                break;
            case "stages":
                scenario.Stages = rest;
                break;
            case "persisted":
                scenario.Persisted = Pairs(rest).ToDictionary(p => p.Key, p => p.Value);
                break;
            case "inputs":
                foreach (var (key, value) in Pairs(rest))
                {
                    scenario.Inputs[key] = (bool)Fields.Parse(typeof(bool), value);
                }

                break;
            case "model":
                scenario.Models[rest[0]] = Pairs(rest[1..]).ToDictionary(p => p.Key, p => p.Value);
                break;
            case "channel":
                foreach (var (key, value) in Pairs(rest[1..]))
                {
                    if (key != "WriteBudget")
                    {
                        throw new FormatException($"unknown channel option '{key}'");
                    }

                    scenario.WriteBudgets[rest[0]] = int.Parse(value, CultureInfo.InvariantCulture);
                }

                break;
            case "run":
                scenario.RunUntil = Time(rest[0]);
                break;
            case "at":
                scenario.Script.Add(new TimedAction { At = Time(rest[0]), Action = Action(line, rest[1..]) });
                break;
            case "every":
                scenario.Script.Add(Every(line, rest));
                break;
            case "on":
                scenario.Rules.Add(OnRule(line, rest));
                break;
            case "expect":
            case "never":
                scenario.Expectations.Add(EventExpectation(line, text, words[0], rest));
                break;
            case "check":
                scenario.Expectations.Add(Check(line, text, rest));
                break;
            default:
                throw new FormatException($"unknown directive '{words[0]}'");
        }
    }

    private static TimedAction Every(int line, string[] words)
    {
        long period = Time(words[0]);
        long from = 0;
        long until = long.MaxValue;
        int at = 1;
        while (at + 1 < words.Length && (words[at] == "from" || words[at] == "until"))
        {
            if (words[at] == "from")
            {
                from = Time(words[at + 1]);
            }
            else
            {
                until = Time(words[at + 1]);
            }

            at += 2;
        }

        return new TimedAction { At = from, Every = period, Until = until, Action = Action(line, words[at..]) };
    }

    private static Rule OnRule(int line, string[] words)
    {
        bool once = words[0] == "once";
        int start = once ? 1 : 0;
        int arrow = Array.IndexOf(words, "->");
        if (arrow < 0)
        {
            throw new FormatException("'on' needs '->' between the event and the action");
        }

        EventPattern pattern = Pattern(words[start..arrow]);
        string[] action = words[(arrow + 1)..];
        long after = 1;
        if (action.Length > 1 && action[0] == "after")
        {
            after = Math.Max(1, Time(action[1]));
            action = action[2..];
        }

        return new Rule { Pattern = pattern, After = after, Once = once, Action = Action(line, action) };
    }

    private static ScriptAction Action(int line, string[] words)
    {
        if (words.Length == 0)
        {
            throw new FormatException("missing action");
        }

        string[] verbs = { "set", "host", "peer", "noise", "reboot", "model" };
        if (!verbs.Contains(words[0]))
        {
            throw new FormatException($"unknown action '{words[0]}' (one of {string.Join(", ", verbs)})");
        }

        return new ScriptAction { Line = line, Words = words };
    }

    private static Expectation EventExpectation(int line, string text, string kind, string[] words)
    {
        var (from, to, at) = Window(words);
        string[] rest = words[at..];
        int? count = null;
        if (rest.Length > 0 && rest[^1].StartsWith('x') && int.TryParse(rest[^1][1..], out int n))
        {
            count = n;
            rest = rest[..^1];
        }

        return new Expectation { Line = line, Text = text, Kind = kind, From = from, To = to, Pattern = Pattern(rest), Count = count };
    }

    private static Expectation Check(int line, string text, string[] words)
    {
        long at = words[0] switch
        {
            "end" => long.MaxValue,
            "at" => Time(words[1]),
            _ => throw new FormatException("check needs 'at T' or 'end'"),
        };
        var expectation = new Expectation { Line = line, Text = text, Kind = "check", From = at, To = at };
        expectation.State.AddRange(Pairs(words[(words[0] == "end" ? 1 : 2)..]));
        return expectation;
    }

    private static (long From, long To, int Used) Window(string[] words)
    {
        if (words.Length >= 2 && words[0] == "at")
        {
            long t = Time(words[1]);
            return (t, t, 2);
        }

        if (words.Length >= 2 && words[0] == "by")
        {
            return (0, Time(words[1]), 2);
        }

        if (words.Length >= 2 && words[0] == "after")
        {
            return (Time(words[1]), long.MaxValue, 2);
        }

        if (words.Length >= 1 && words[0].Contains(".."))
        {
            string[] ends = words[0].Split("..");
            return (Time(ends[0]), Time(ends[1]), 1);
        }

        return (0, long.MaxValue, 0);
    }

    private static EventPattern Pattern(string[] words)
    {
        if (words.Length < 2 || !Channels.Contains(words[0]))
        {
            throw new FormatException($"an event is '<{string.Join("|", Channels)}> <name> [field=value ...]'");
        }

        if (words[0] is "line" or "input")
        {
            if (words.Length != 2)
            {
                throw new FormatException($"a {words[0]} event is '{words[0]} NAME=0|1' (a window goes before it)");
            }

            var (key, value) = Pairs(words[1..2])[0];
            var linePattern = new EventPattern { Channel = words[0], Name = key };
            linePattern.Fields.Add(("Value", value));
            return linePattern;
        }

        if (words[0] is "host" or "peer" or ">host" or ">peer")
        {
            Fields.TypeNamed(words[1]);
        }
        else if (words[0] == "log" && !Enum.TryParse<EventCode>(words[1], out _))
        {
            throw new FormatException($"no event code '{words[1]}'");
        }

        var pattern = new EventPattern { Channel = words[0], Name = words[1] };
        pattern.Fields.AddRange(Pairs(words[2..]));
        return pattern;
    }
}
