using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// One failover's time from the fault to the standby's power-on, in phases: detection (fault to
/// the SMU's server-fault record), shutdown (to the server being off; nothing when the OS cannot
/// shut down and the storage is released at detection, the forced off running beside), release (to
/// the DM's confirmation), handover (to the standby taking the switch request) and grant (to the
/// standby pressing its server's power button). Milliseconds.
/// </summary>
public sealed record FailoverLatency(long DetectionMs, long ShutdownMs, long ReleaseMs, long HandoverMs, long GrantMs)
{
    /// <summary>The phase names, in order.</summary>
    public static readonly string[] Phases = { "detection", "shutdown", "release", "handover", "grant" };

    /// <summary>Gets the whole time from the fault to the standby's power-on.</summary>
    public long TotalMs => DetectionMs + ShutdownMs + ReleaseMs + HandoverMs + GrantMs;

    /// <summary>Gets a phase by index, in the order of <see cref="Phases"/>.</summary>
    public long Phase(int index) => index switch
    {
        0 => DetectionMs,
        1 => ShutdownMs,
        2 => ReleaseMs,
        3 => HandoverMs,
        _ => GrantMs,
    };

    /// <summary>
    /// Finds every complete failover of a run: a switch taken by one side, after the other side's
    /// server fault, shutdown and release, with an injected server fault before it, and the taking
    /// side's power-on after it.
    /// </summary>
    public static List<FailoverLatency> Measure(StandbySystem system)
    {
        var found = new List<FailoverLatency>();
        var events = system.Events;
        for (int i = 0; i < events.Count; i++)
        {
            var accepted = events[i];
            if (!accepted.Is(EventCode.SwitchAccepted))
            {
                continue;
            }

            string failed = accepted.Who == "A" ? "B" : "A";
            var fault = Last(events, i, e => e.Is(EventCode.ServerFault) && e.Who == failed);
            if (fault == null)
            {
                continue;
            }

            // Released at detection (the fatal path): the server goes off later, beside the handover.
            var down = First(events, fault, accepted, e => e.Is(EventCode.ShutdownDone) && e.Who == failed) ?? fault;
            var released = First(events, fault, accepted, e => e.Is(EventCode.StorageReleased) && e.Who == failed);
            var powerOn = events.Skip(i).FirstOrDefault(e => e.Is(EventCode.PowerOn) && e.Who == accepted.Who);
            Side failedSide = failed == "A" ? Side.A : Side.B;
            var injected = system.Injected.LastOrDefault(x => x.Fault.IsServerFault && x.Fault.Side == failedSide && x.TimeNs <= fault.TimeNs);
            if (released == null || powerOn == null || injected.Fault == null)
            {
                continue;
            }

            found.Add(new FailoverLatency(
                (fault.TimeNs - injected.TimeNs) / SimTime.NsPerMs,
                (down.TimeNs - fault.TimeNs) / SimTime.NsPerMs,
                (released.TimeNs - down.TimeNs) / SimTime.NsPerMs,
                (accepted.TimeNs - released.TimeNs) / SimTime.NsPerMs,
                (powerOn.TimeNs - accepted.TimeNs) / SimTime.NsPerMs));
        }

        return found;
    }

    private static SystemEvent? Last(List<SystemEvent> events, int before, Func<SystemEvent, bool> match)
    {
        for (int i = before - 1; i >= 0; i--)
        {
            if (match(events[i]))
            {
                return events[i];
            }
        }

        return null;
    }

    private static SystemEvent? First(List<SystemEvent> events, SystemEvent after, SystemEvent before, Func<SystemEvent, bool> match) =>
        events.FirstOrDefault(e => e.TimeNs >= after.TimeNs && e.TimeNs <= before.TimeNs && match(e));
}
