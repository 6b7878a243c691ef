using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests.Runner;

/// <summary>A parsed scenario file: initial state, a timed script, and expectations (format in Scenarios/README.md).</summary>
public sealed class Scenario
{
    public required string Name { get; init; }

    public string Title { get; set; } = "";

    public Side Side { get; set; } = Side.A;

    public List<(string Key, string Value)> Config { get; } = new();

    public string[]? Stages { get; set; }

    public Dictionary<string, string>? Persisted { get; set; }

    public Dictionary<string, bool> Inputs { get; } = new();

    public Dictionary<string, Dictionary<string, string>> Models { get; } = new();

    /// <summary>Per link ("host", "peer"): the most bytes the SMU may write per step, as a slow UART takes them.</summary>
    public Dictionary<string, int> WriteBudgets { get; } = new();

    public List<TimedAction> Script { get; } = new();

    public List<Rule> Rules { get; } = new();

    public List<Expectation> Expectations { get; } = new();

    public long RunUntil { get; set; } = -1;
}

/// <summary>Something the world does to the SMU: <c>set</c>, <c>host</c>, <c>peer</c>, <c>noise</c>, <c>reboot</c>, <c>model</c>.</summary>
public sealed class ScriptAction
{
    public required int Line { get; init; }

    public required string[] Words { get; init; }

    public string Verb => Words[0];

    public override string ToString() => string.Join(" ", Words);
}

/// <summary>An action at a time, or every period from a time until a time.</summary>
public sealed class TimedAction
{
    public required long At { get; init; }

    public long Every { get; init; }

    public long Until { get; init; } = long.MaxValue;

    public required ScriptAction Action { get; init; }
}

/// <summary>An action the world takes some time after an event matching the pattern.</summary>
public sealed class Rule
{
    public required EventPattern Pattern { get; init; }

    public long After { get; init; } = 1;

    public bool Once { get; init; }

    public required ScriptAction Action { get; init; }

    public bool Fired { get; set; }
}

/// <summary>What an event must look like: its channel, name, and the fields given (others are not compared).</summary>
public sealed class EventPattern
{
    public required string Channel { get; init; }

    public required string Name { get; init; }

    public List<(string Key, string Value)> Fields { get; } = new();

    public bool Matches(TraceEvent e)
    {
        if (e.Channel != Channel || e.Name != Name)
        {
            return false;
        }

        foreach (var (key, text) in Fields)
        {
            if (!e.Fields.TryGetValue(key, out var actual))
            {
                return false;
            }

            if (!Equals(Runner.Fields.Parse(actual.GetType(), text), actual))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() =>
        (Channel + " " + Name + " " + string.Join(" ", Fields.Select(f => f.Key + "=" + f.Value))).TrimEnd();
}

/// <summary>
/// One checked statement: <c>expect</c> (a matching event within the window, or exactly N),
/// <c>never</c> (none within the window), <c>check</c> (the SMU's state after the step at a time).
/// </summary>
public sealed class Expectation
{
    public required int Line { get; init; }

    public required string Text { get; init; }

    public required string Kind { get; init; }

    public long From { get; init; }

    public long To { get; init; } = long.MaxValue;

    public EventPattern? Pattern { get; init; }

    public int? Count { get; init; }

    public List<(string Key, string Value)> State { get; } = new();

    public string Window => To == long.MaxValue ? $"{From}..end" : $"{From}..{To}";
}
