using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Turns events into sentences a person can follow: what happened and why, with what follows
/// after an arrow. Used by the timeline, the "last events" of a safety violation, and the log files.
/// </summary>
public static class EventText
{
    /// <summary>Describes an event in one line.</summary>
    public static string Describe(SystemEvent e) => e.Source == EventSource.Log ? Record(e.Who, e.Code, e.Side, e.Argument) : e.Text;

    /// <summary>Describes a log record written by <paramref name="who"/> (<c>A</c>, <c>B</c> or <c>DM</c>).</summary>
    public static string Record(string who, EventCode code, Side side, uint argument) => code switch
    {
        EventCode.DmReset => argument == 0 ? "DM started; no grant restored → nobody holds the disks until a request, after the settle time" : $"DM started; {(Side)argument} still requests → its grant is restored at once",
        EventCode.GrantGiven => $"grants the disks to {side} (grant epoch {argument}): access-{side} on",
        EventCode.GrantRestored => $"{side} keeps the disks across the DM reset (grant epoch {argument})",
        EventCode.GrantReleased => $"{side}'s grant released: its request is gone (absent for the hold-off, or at a DM reset) → access-{side} off (epoch {argument})",
        EventCode.RequestConflict => $"both sides requested in the same step → {side} is served first",
        EventCode.Fenced => $"{side} fenced: access taken although it still requests (epoch {argument})",
        EventCode.FenceRefused => $"fence of {side} refused ({(RefusalReason)argument})",
        EventCode.TimeSet => "clock set",
        EventCode.ClockStepBack => $"clock set back (from {DateTimeOffset.FromUnixTimeSeconds(argument).UtcDateTime:yyyy-MM-dd HH:mm:ss}Z): earlier records carry the later times",
        EventCode.DiskError => $"disk error reported by {side}'s controller (0x{argument:x8})",
        EventCode.RequestWaiting => $"{side} requests the disks while the other side holds them → waits",
        EventCode.RequestRefused => $"a {(MessageType)(argument >> 8)} was refused ({(RefusalReason)(argument & 0xFF)})",
        EventCode.SmuReset => $"SMU started, persisted mode {(Mode)argument}",
        EventCode.ModeChanged => $"mode is now {(Mode)argument}",
        EventCode.ServerFault => Fault((FaultKind)(argument & 0xFF), (ushort)(argument >> 16)),
        EventCode.AlarmRaised => $"alarm raised: {(AlarmFlags)argument}",
        EventCode.AlarmCleared => $"alarm cleared: {(AlarmFlags)argument}",
        EventCode.ShutdownRequested => $"asks the agent to shut the OS down within {argument} s, else forces it off",
        EventCode.ShutdownDone => "server is off → releases its storage request",
        EventCode.ForcedPowerOff => "holds the power button to force the server off (the OS cannot shut down by itself)",
        EventCode.StorageReleased => "DM confirmed the release (grant gone) → asks the standby whether it can take over",
        EventCode.StorageGranted => "DM granted the disks → powers the server on",
        EventCode.FitnessChecked => argument == 1 ? $"{side} is fit to take over → sends the switch request" : $"{side} is not fit ({(UnfitReason)(argument >> 8)}) → no switch",
        EventCode.SwitchRequested => $"switch request to {side} (epoch {argument}), resent until acknowledged",
        EventCode.SwitchAcknowledged => $"{side} acknowledged the switch (epoch {argument}) → the handover is done; this side takes the new epoch",
        EventCode.SwitchAbandoned => $"switch abandoned ({(RefusalReason)argument}) → no failover; operator needed",
        EventCode.PowerOn => "presses the power button: server powers on; boot checkpoints start",
        EventCode.PeerSilent => $"peer SMU {side} silent on the peer link → alarm only, no failover",
        EventCode.PeerReturned => $"peer SMU {side} heard again",
        EventCode.ServiceFailure => $"agent reports application service #{argument} failed and restarted → alarm only, no failover",
        EventCode.CheckpointReached => argument switch
        {
            0 => "checkpoint: power-good",
            1 => "checkpoint: OS loaded (agent said hello) → watchdog armed at the first kick",
            2 => "checkpoint: services ready → serving",
            _ => $"checkpoint: stage {argument}",
        },
        EventCode.OperatorCommand => $"operator command accepted: {(OperatorCommandKind)argument}",
        EventCode.StaleSwitchIgnored => $"stale switch request (epoch {argument}) from {side} ignored: changes nothing",
        EventCode.SwitchAccepted => $"takes over from {side} (epoch {argument}) → becomes Active, requests the disks",
        EventCode.GrantTimeout => "the DM did not grant the disks in time → server stays off, alarm",
        EventCode.AgentHello => "host agent said hello: the OS is loaded",
        _ => $"{code} {side} {argument}",
    };

    private static string Fault(FaultKind kind, ushort detail) => kind switch
    {
        FaultKind.Watchdog => "server fault: watchdog not kicked in time → failover starts",
        FaultKind.BootDeadline => $"server fault: boot stage {detail} missed its deadline → failover starts",
        FaultKind.RaidController => "server fault: the agent's RAID probe failed → failover starts",
        FaultKind.LanController => "server fault: the agent's LAN probe failed → failover starts",
        FaultKind.PowerLost => "server fault: power-good lost unexpectedly → failover starts",
        _ => $"server fault: {kind} → failover starts",
    };
}
