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
        EventCode.DmReset => argument == 0 ? "DM started; no access latch set → nobody holds the disks until a request, after the settle time" : $"DM started; {(Side)argument}'s access latch held through the reset → it keeps the disks",
        EventCode.GrantGiven => $"grants the disks to {side} (grant epoch {argument}): access-{side} on",
        EventCode.GrantRestored => $"{side} kept its access through the DM's reset (grant epoch {argument}): nothing moved",
        EventCode.GrantReleased => $"{side}'s grant released: its request went (a deliberate release, its SMU's power, its cable), or the DM lost its power → access-{side} off (epoch {argument})",
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
        EventCode.ShutdownDone => "server is off",
        EventCode.ForcedPowerOff => "holds the power button to force the server off",
        EventCode.StorageReleased => "DM confirmed the release (grant gone) → asks the standby whether it can take over",
        EventCode.StorageGranted => "DM granted the disks → powers the server on",
        EventCode.FitnessChecked => argument == 1 ? $"{side} is fit to take over → sends the switch request" : $"{side} is not fit ({(UnfitReason)(argument >> 8)}) → no switch",
        EventCode.SwitchRequested => $"switch request to {side} (epoch {argument}), resent until acknowledged",
        EventCode.SwitchAcknowledged => $"{side} acknowledged the switch (epoch {argument}) → the handover is done; this side takes the new epoch",
        EventCode.SwitchAbandoned => (AbandonReason)argument == AbandonReason.PeerAlreadyActive
            ? "the failover resumed after a reboot finds the standby Active already → it serves; this side stays Failed, no alarm"
            : $"switch abandoned: {Abandoned((AbandonReason)argument)} → no failover; operator needed",
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
        EventCode.GrantTimeout => argument == 1 ? "the DM did not grant the disks in time beside the running server (back from a restart) → alarm; the request stays" : "the DM did not grant the disks in time → server stays off, alarm; the request stays",
        EventCode.AgentHello => "host agent said hello: the OS is loaded",
        EventCode.ActiveNotBacked => $"persisted Active (epoch {argument}) but neither its own request latch nor a server running on the grant backs it → only claims; Standby until the agreement decides",
        EventCode.SiteOutage => "server lost power together with both SMUs' supply: a site outage → no failover; waits for the mains",
        EventCode.MainsRestored => "mains back after the site outage → requests the disks and powers the server on again",
        EventCode.StorageLost => argument == 1 ? "the agent's RAID probe finds the array gone though the grant line shows the grant (a wire stuck high, an outage this SMU did not see) → alarm" : "the running server's grant is gone without a release (the DM's power, a fence) → alarm",
        EventCode.PowerOnAborted => "the grant dropped during the power-on press → lets go at once, waits for the grant again",
        EventCode.BootLoop => $"{argument} boots in a row without a healthy run → gives up its side: storage released, Failed, alarm",
        EventCode.GrantUnrequested => "the grant line is on although this side does not request (its wire stuck, the DM faulty) → not believed until it goes off, alarm",
        EventCode.PeerPhaseChanged => $"peer {side} in step {(SequencePhase)(argument & 0xFF)} (was {(SequencePhase)((argument >> 8) & 0xFF)}), from its heartbeat",
        EventCode.GrantProving => "the grant came with the server off → lets its request go to see the line fall (a wire stuck high would not), then asks again",
        EventCode.GrantTooSoon => $"the grant line rose again {argument} ms after the proof's fall, sooner than the DM's settle lets it grant → a wire stuck high, not believed until it goes off",
        EventCode.ServerStillOn => "the server stayed on through the forced-off hold (its disks already released) → alarm",
        _ => $"{code} {side} {argument}",
    };

    private static string Fault(FaultKind kind, ushort detail) => kind switch
    {
        FaultKind.Watchdog => "server fault: watchdog not kicked in time → the OS is hung: storage released at once, server forced off, failover starts",
        FaultKind.BootDeadline => $"server fault: boot stage {detail} missed its deadline → failover starts",
        FaultKind.RaidController => "server fault: the agent's RAID probe failed → graceful shutdown, then failover",
        FaultKind.LanController => "server fault: the agent's LAN probe failed → graceful shutdown, then failover",
        FaultKind.PowerLost => "server fault: power-good lost unexpectedly → storage released at once, failover starts",
        _ => $"server fault: {kind} → failover starts",
    };

    private static string Abandoned(AbandonReason reason) => reason switch
    {
        AbandonReason.ServerWouldNotPowerOff => "the server would not power off",
        AbandonReason.StorageNotReleased => "the DM did not confirm the release",
        AbandonReason.StandbyUnfit => "the standby cannot take over",
        AbandonReason.StandbySilent => "the standby did not answer",
        AbandonReason.SwitchRefused => "the standby refused the switch",
        AbandonReason.SwitchUnanswered => "the switch request went unanswered (the standby may be Active)",
        _ => reason.ToString(),
    };
}
