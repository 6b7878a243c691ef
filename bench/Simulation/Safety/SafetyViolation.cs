namespace ColdStandby.Bench.Simulation;

/// <summary>A safety property of DESIGN.md §2 that did not hold: when, which, what was seen, and what happened just before.</summary>
public sealed record SafetyViolation(long TimeNs, int Property, string Title, string Detail, IReadOnlyList<SystemEvent> LastEvents)
{
    /// <summary>The properties' short titles, by number.</summary>
    public static readonly IReadOnlyDictionary<int, string> Titles = new Dictionary<int, string>
    {
        [1] = "never do both sides hold a storage grant",
        [2] = "never are both servers Active",
        [3] = "a server is powered on only while its side holds the grant, and never runs without access",
        [4] = "every switch, grant, fault and alarm is in the DM or SMU log",
        [5] = "bad bytes on a link are dropped and counted, never acted on",
        [6] = "a running server keeps its disks through any reboot; an outage or no service is always alarmed; a healthy server is never failed over",
    };

    /// <summary>Formats the violation for people: time, property, detail, the last events.</summary>
    public string Report()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"SAFETY VIOLATION at {SimTime.Format(TimeNs)}: property {Property} ({Title})");
        text.AppendLine($"  {Detail}");
        text.AppendLine("  last events:");
        foreach (var e in LastEvents)
        {
            text.AppendLine($"    {e}");
        }

        return text.ToString();
    }
}
