using System.Text;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The run as a timeline a person can follow: one line per thing that happened (from the SMU and DM
/// event logs, the servers, the injected faults and the operator), with the time, who, what and
/// why, and what follows after an arrow.
/// </summary>
public static class FailoverTimeline
{
    /// <summary>Formats the events of a run.</summary>
    public static string Format(IEnumerable<SystemEvent> events, string indent = "  ")
    {
        var text = new StringBuilder();
        foreach (var e in events)
        {
            if (Skip(e))
            {
                continue;
            }

            text.Append(indent).Append(SimTime.Format(e.TimeNs)[3..]).Append("  ").Append(Who(e).PadRight(9)).Append(EventText.Describe(e)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Formats one board's log as a file: sequence, time, code, side, argument, meaning.</summary>
    public static string LogFile(StandbySystem system, string who)
    {
        var text = new StringBuilder();
        text.AppendLine($"# event log of {(who == "DM" ? "the DM" : "SMU " + who)}, as read from its non-volatile storage; time is the bench's simulated time");
        text.AppendLine("# time          code                 side  argument    meaning");
        foreach (var e in system.Events.Where(e => e.Source == EventSource.Log && e.Who == who))
        {
            text.AppendLine($"{SimTime.Format(e.TimeNs)}  {e.Code,-20} {e.Side,-5} {e.Argument,-10}  {EventText.Describe(e)}");
        }

        return text.ToString();
    }

    private static string Who(SystemEvent e) => e.Source switch
    {
        EventSource.Log => e.Who == "DM" ? "DM" : "SMU " + e.Who,
        EventSource.Injected => "fault",
        EventSource.Operator => "operator",
        _ => e.Who,
    };

    // Alarm records repeat what the line before them says; the timeline keeps the causes.
    private static bool Skip(SystemEvent e) => e.Is(EventCode.AgentHello);
}
