using ColdStandby.HostAgent.Link;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The last switch read out of an SMU log's records as the taking-over side holds them: the
/// handing-over side's steps from its heartbeats (PeerPhaseChanged), this side's acceptance,
/// grant, power-on and checkpoints. The records are written here as the firmware writes them.
/// </summary>
public sealed class SwitchHistoryTests
{
    private const long T0 = 1_790_000_000_000; // 2026-09-21, a set clock

    [Fact]
    public void A_failover_with_a_graceful_shutdown_has_every_step_on_both_sides_and_the_whole_to_services_ready()
    {
        var log = Failover(T0);

        var facts = SwitchHistory.Read(log, Side.A, booting: false, 1, 100);

        var last = facts.LastSwitch!;
        Assert.Equal((5u, Side.B, Side.A), (last.Epoch, last.From, last.To));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(T0 + 1000).UtcDateTime, last.StartedUtc);
        Assert.Equal(
            new[] { "B ShuttingDown 4.001", "B ReleasingStorage 0.011", "B CheckingStandby 0.002", "B RequestingSwitch 0.002", "A AwaitingGrant 0.092", "A Booting 5.600" },
            last.Steps.Select(s => $"{s.Side} {s.Phase} {s.Seconds:0.000}"));
        Assert.Equal(9.708, last.TotalSeconds!.Value, 3);
        Assert.True(last.Done);
        Assert.Equal((Mode.Active, DateTimeOffset.FromUnixTimeMilliseconds(T0 + 5016).UtcDateTime), (facts.Mode!.Value, facts.ModeSinceUtc!.Value));
        Assert.True(SwitchHistory.Enough(log, Side.A));
    }

    [Fact]
    public void While_this_server_boots_the_boot_and_the_whole_are_under_way()
    {
        var facts = SwitchHistory.Read(Failover(T0), Side.A, booting: true, 1, 100);

        Assert.Null(facts.LastSwitch!.TotalSeconds);
        Assert.Null(facts.LastSwitch.Steps.Single(s => s.Phase == SequencePhase.Booting).Seconds);
        Assert.Equal(0.092, facts.LastSwitch.Steps.Single(s => s.Phase == SequencePhase.AwaitingGrant).Seconds!.Value, 3);
    }

    [Fact]
    public void Of_two_switches_the_last_one_is_read_without_the_steps_of_the_one_before()
    {
        var log = Failover(T0);
        // Later: A handed over to B (A's own records), and B back to A without a shutdown (its power lost).
        long t = T0 + 3_600_000;
        uint seq = 200;
        log.Add(R(ref seq, t, EventCode.SwitchRequested, Side.B, 6));
        log.Add(R(ref seq, t + 100, EventCode.ModeChanged, Side.A, (uint)Mode.Standby));
        log.Add(R(ref seq, t + 60_000, EventCode.PeerPhaseChanged, Side.B, Phase(SequencePhase.ReleasingStorage, SequencePhase.Idle)));
        log.Add(R(ref seq, t + 60_012, EventCode.PeerPhaseChanged, Side.B, Phase(SequencePhase.CheckingStandby, SequencePhase.ReleasingStorage)));
        log.Add(R(ref seq, t + 60_014, EventCode.PeerPhaseChanged, Side.B, Phase(SequencePhase.RequestingSwitch, SequencePhase.CheckingStandby)));
        log.Add(R(ref seq, t + 60_016, EventCode.SwitchAccepted, Side.B, 7));
        log.Add(R(ref seq, t + 60_016, EventCode.ModeChanged, Side.A, (uint)Mode.Active));
        log.Add(R(ref seq, t + 60_300, EventCode.StorageGranted, Side.A, 0));
        // Already on (nothing to press): the boot is timed from the grant.
        log.Add(R(ref seq, t + 61_000, EventCode.CheckpointReached, Side.A, 2));

        var last = SwitchHistory.Read(log, Side.A, booting: false, 1, 300).LastSwitch!;

        Assert.Equal(7u, last.Epoch);
        Assert.Equal(
            new[] { "B ReleasingStorage 0.012", "B CheckingStandby 0.002", "B RequestingSwitch 0.002", "A AwaitingGrant 0.284", "A Booting 0.700" },
            last.Steps.Select(s => $"{s.Side} {s.Phase} {s.Seconds:0.000}"));
        Assert.Equal(1.0, last.TotalSeconds!.Value, 3);
    }

    [Fact]
    public void Before_the_SMUs_clock_was_set_there_are_durations_but_no_date()
    {
        var facts = SwitchHistory.Read(Failover(120_000), Side.A, booting: false, 1, 100);

        Assert.Null(facts.LastSwitch!.StartedUtc);
        Assert.Null(facts.ModeSinceUtc);
        Assert.Equal(9.708, facts.LastSwitch.TotalSeconds!.Value, 3);
    }

    [Fact]
    public void A_log_without_a_switch_has_none_and_one_cut_off_before_the_handover_began_is_not_enough()
    {
        var log = Failover(T0);
        var noSwitch = log.Where(r => r.Code != EventCode.SwitchAccepted).ToList();
        Assert.Null(SwitchHistory.Read(noSwitch, Side.A, false, 1, 100).LastSwitch);
        Assert.False(SwitchHistory.Enough(noSwitch, Side.A));

        // The read so far starts at B's second step: its first may be older still.
        var cut = log.SkipWhile(r => !(r.Code == EventCode.PeerPhaseChanged && (SequencePhase)(r.Argument & 0xFF) == SequencePhase.ReleasingStorage)).ToList();
        Assert.False(SwitchHistory.Enough(cut, Side.A));
    }

    /// <summary>
    /// A's log of a failover from B (a RAID fault: B shuts down gracefully): B's steps as its
    /// heartbeats showed them, A's acceptance, grant, press and checkpoints, and a checkpoint
    /// said again later by a reconnecting agent (not the boot's end).
    /// </summary>
    private static List<LogRecord> Failover(long t0)
    {
        uint seq = 10;
        return new List<LogRecord>
        {
            R(ref seq, t0, EventCode.ModeChanged, Side.A, (uint)Mode.Standby),
            R(ref seq, t0 + 1000, EventCode.PeerPhaseChanged, Side.B, Phase(SequencePhase.ShuttingDown, SequencePhase.Idle)),
            R(ref seq, t0 + 1001, EventCode.AlarmRaised, Side.A, (uint)AlarmFlags.ServiceFailure),
            R(ref seq, t0 + 5001, EventCode.PeerPhaseChanged, Side.B, Phase(SequencePhase.ReleasingStorage, SequencePhase.ShuttingDown)),
            R(ref seq, t0 + 5012, EventCode.PeerPhaseChanged, Side.B, Phase(SequencePhase.CheckingStandby, SequencePhase.ReleasingStorage)),
            R(ref seq, t0 + 5014, EventCode.PeerPhaseChanged, Side.B, Phase(SequencePhase.RequestingSwitch, SequencePhase.CheckingStandby)),
            R(ref seq, t0 + 5016, EventCode.SwitchAccepted, Side.B, 5),
            R(ref seq, t0 + 5016, EventCode.ModeChanged, Side.A, (uint)Mode.Active),
            R(ref seq, t0 + 5018, EventCode.PeerPhaseChanged, Side.B, Phase(SequencePhase.Idle, SequencePhase.RequestingSwitch)),
            R(ref seq, t0 + 5108, EventCode.StorageGranted, Side.A, 0),
            R(ref seq, t0 + 5108, EventCode.PowerOn, Side.A, 0),
            R(ref seq, t0 + 5708, EventCode.CheckpointReached, Side.A, 0),
            R(ref seq, t0 + 7708, EventCode.CheckpointReached, Side.A, 1),
            R(ref seq, t0 + 7709, EventCode.AgentHello, Side.A, 0x10000),
            R(ref seq, t0 + 10_708, EventCode.CheckpointReached, Side.A, 2),
            R(ref seq, t0 + 40_000, EventCode.CheckpointReached, Side.A, 2),
        };
    }

    private static uint Phase(SequencePhase now, SequencePhase was) => (uint)now | ((uint)was << 8);

    private static LogRecord R(ref uint sequence, long time, EventCode code, Side side, uint argument) =>
        new() { Sequence = sequence++, TimeMilliseconds = time, Code = code, Side = side, Argument = argument };
}
