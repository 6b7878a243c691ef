using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Link;

/// <summary>One step of a switch and how long it took (null: its end is not in the log yet, or its two ends are on different clocks).</summary>
internal sealed record SwitchStep(Side Side, SequencePhase Phase, double? Seconds);

/// <summary>
/// The last switch this side took over in, as its SMU's log tells it: when the side handing over
/// began (its first step of handing over, as its heartbeat showed it), each step on both sides
/// with how long it took, and the whole from that beginning to this server's services ready.
/// </summary>
internal sealed record LastSwitch(uint Epoch, Side From, Side To, DateTime? StartedUtc, IReadOnlyList<SwitchStep> Steps, double? TotalSeconds)
{
    /// <summary>Gets whether this server's boot is over (its services ready), so every step has its duration.</summary>
    public bool Done => TotalSeconds is not null;
}

/// <summary>What this side's SMU log says: the last switch it took over in (null: none in the log) and since when this side has been in its mode (null: not in the log).</summary>
internal sealed record SwitchHistoryFacts(LastSwitch? LastSwitch, Mode? Mode, DateTime? ModeSinceUtc, uint FirstSequence, uint NextSequence);

/// <summary>
/// Reads the last switch out of an SMU's log records. A cold standby's agent starts only after
/// its server was powered on by the switch, so it learns the switch from its SMU's log: the
/// records of the side handing over (<see cref="EventCode.PeerPhaseChanged"/>: its steps as its
/// heartbeats showed them, sent at every change), then this side's <see cref="EventCode.SwitchAccepted"/>,
/// <see cref="EventCode.StorageGranted"/>, <see cref="EventCode.PowerOn"/> and the boot
/// checkpoints. The steps, in order:
/// <code>
/// side handing over  ShuttingDown, ReleasingStorage, CheckingStandby, RequestingSwitch (those it went through)
///                    each from its record to the next; the last to this side's SwitchAccepted
/// side taking over   AwaitingGrant   SwitchAccepted → StorageGranted (the DM's settle included)
///                    Booting         PowerOn → the first record of the last boot checkpoint
/// </code>
/// What is before the first step (the fault itself, e.g. the time an OS hung before the watchdog
/// ran out) is in no log. Times are the SMU's log times: Unix milliseconds once a clock was set,
/// else milliseconds since the SMU started (then only durations, no date).
/// </summary>
internal static class SwitchHistory
{
    /// <summary>Log times from here on are Unix milliseconds (2000-01-01); smaller ones count from the SMU's start.</summary>
    private const long UnixFromMs = 946_684_800_000;

    /// <summary>
    /// The facts the records (in sequence order, the newest last) hold. <paramref name="booting"/>:
    /// this side's SMU is still in <see cref="SequencePhase.Booting"/>, so the last checkpoint seen is
    /// not the boot's end.
    /// </summary>
    public static SwitchHistoryFacts Read(IReadOnlyList<LogRecord> records, Side self, bool booting, uint firstSequence, uint nextSequence)
    {
        Mode? mode = null;
        DateTime? since = null;
        for (int i = records.Count - 1; i >= 0; i--)
        {
            if (records[i].Code == EventCode.ModeChanged && records[i].Side == self)
            {
                mode = (Mode)records[i].Argument;
                since = Utc(records[i].TimeMilliseconds);
                break;
            }
        }

        return new SwitchHistoryFacts(Last(records, self, booting), mode, since, firstSequence, nextSequence);
    }

    /// <summary>
    /// Whether the records reach back far enough: this side's last mode change, the last switch,
    /// and the first step of its handing over (or what bounds it: an earlier switch, an SMU reset).
    /// </summary>
    public static bool Enough(IReadOnlyList<LogRecord> records, Side self)
    {
        int accepted = LastIndex(records, EventCode.SwitchAccepted, records.Count);
        if (accepted < 0 || LastIndex(records, EventCode.ModeChanged, records.Count, self) < 0)
        {
            return false;
        }

        for (int i = accepted - 1; i >= 0; i--)
        {
            var r = records[i];
            if ((r.Code == EventCode.PeerPhaseChanged && r.Side != self && StartsHandingOver(r))
                || r.Code == EventCode.SwitchAccepted || (r.Code == EventCode.SmuReset && r.Side == self))
            {
                return true;
            }
        }

        return false;
    }

    private static LastSwitch? Last(IReadOnlyList<LogRecord> records, Side self, bool booting)
    {
        int accepted = LastIndex(records, EventCode.SwitchAccepted, records.Count);
        if (accepted < 0)
        {
            return null;
        }

        var accept = records[accepted];
        Side from = accept.Side;
        // The side handing over: its steps before the acceptance, back to the one it began with.
        var peerSteps = new List<LogRecord>();
        for (int i = accepted - 1; i >= 0; i--)
        {
            var r = records[i];
            if (r.Code == EventCode.SwitchAccepted || (r.Code == EventCode.SmuReset && r.Side == self))
            {
                break;
            }

            if (r.Code != EventCode.PeerPhaseChanged || r.Side != from)
            {
                continue;
            }

            var phase = (SequencePhase)(r.Argument & 0xFF);
            if (phase is SequencePhase.ShuttingDown or SequencePhase.ReleasingStorage or SequencePhase.CheckingStandby or SequencePhase.RequestingSwitch)
            {
                peerSteps.Insert(0, r);
            }

            if (StartsHandingOver(r))
            {
                break;
            }
        }

        var steps = new List<SwitchStep>();
        for (int i = 0; i < peerSteps.Count; i++)
        {
            long end = i + 1 < peerSteps.Count ? peerSteps[i + 1].TimeMilliseconds : accept.TimeMilliseconds;
            steps.Add(new SwitchStep(from, (SequencePhase)(peerSteps[i].Argument & 0xFF), Seconds(peerSteps[i].TimeMilliseconds, end)));
        }

        // This side: the grant, the power-on press, the boot to its last checkpoint.
        LogRecord? granted = null, poweredOn = null, lastCheckpoint = null;
        for (int i = accepted + 1; i < records.Count; i++)
        {
            var r = records[i];
            if (r.Side == self && (r.Code == EventCode.ServerFault || (r.Code == EventCode.ModeChanged && (Mode)r.Argument != Mode.Active)))
            {
                break; // this side failed or stepped down since: what came after is another story
            }

            if (r.Code == EventCode.StorageGranted && r.Side == self && granted is null)
            {
                granted = r;
            }
            else if (r.Code == EventCode.PowerOn && r.Side == self && granted is not null && poweredOn is null)
            {
                poweredOn = r;
            }
            else if (r.Code == EventCode.CheckpointReached && r.Side == self && (poweredOn ?? granted) is not null
                && (lastCheckpoint is null || r.Argument > lastCheckpoint.Argument))
            {
                lastCheckpoint = r;
            }
        }

        steps.Add(new SwitchStep(self, SequencePhase.AwaitingGrant, granted is null ? null : Seconds(accept.TimeMilliseconds, granted.TimeMilliseconds)));
        var bootFrom = poweredOn ?? granted;
        bool booted = !booting && bootFrom is not null && lastCheckpoint is not null;
        steps.Add(new SwitchStep(self, SequencePhase.Booting, booted ? Seconds(bootFrom!.TimeMilliseconds, lastCheckpoint!.TimeMilliseconds) : null));
        long startMs = peerSteps.Count > 0 ? peerSteps[0].TimeMilliseconds : accept.TimeMilliseconds;
        return new LastSwitch(accept.Argument, from, self, Utc(startMs), steps, booted ? Seconds(startMs, lastCheckpoint!.TimeMilliseconds) : null);
    }

    /// <summary>A record of the peer leaving rest for a step of handing over (not one step to the next).</summary>
    private static bool StartsHandingOver(LogRecord r)
    {
        var was = (SequencePhase)((r.Argument >> 8) & 0xFF);
        return was is not (SequencePhase.ShuttingDown or SequencePhase.ReleasingStorage or SequencePhase.CheckingStandby or SequencePhase.RequestingSwitch);
    }

    private static int LastIndex(IReadOnlyList<LogRecord> records, EventCode code, int before, Side? side = null)
    {
        for (int i = before - 1; i >= 0; i--)
        {
            if (records[i].Code == code && (side is null || records[i].Side == side))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Seconds between two log times, or null when they are on different clocks or go back (a clock set between them).</summary>
    private static double? Seconds(long fromMs, long toMs) =>
        (fromMs >= UnixFromMs) != (toMs >= UnixFromMs) || toMs < fromMs ? null : (toMs - fromMs) / 1000.0;

    private static DateTime? Utc(long ms) => ms >= UnixFromMs ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime : null;
}
