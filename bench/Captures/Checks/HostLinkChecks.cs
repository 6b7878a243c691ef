using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// The host link, when the agent's transmit line was captured: a kick every kick period with its
/// counter going up by one; and when the kicks stop on an armed watchdog while the server stays
/// on, the SMU starts its failover within the watchdog timeout (seen in its heartbeats, or as the
/// forced-off hold on its power button).
/// </summary>
public static class HostLinkChecks
{
    public static void Run(CaptureContext c)
    {
        foreach (var side in new[] { Side.A, Side.B })
        {
            if (c.Link(SignalRole.HostLinkFromAgent, side) is { } link)
            {
                Kicks(c, side, link);
            }
        }
    }

    private static void Kicks(CaptureContext c, Side side, LinkDecoding link)
    {
        var kicks = link.Frames.Where(f => f.Message is Kick).ToList();
        long period = c.Ms(c.Spec.KickPeriodMs);
        long late = period + c.Ms(c.Spec.KickJitterMs);
        long timeout = c.Ms(c.Spec.WatchdogTimeoutMs);
        var intervals = new List<long>();
        for (int i = 1; i < kicks.Count; i++)
        {
            var before = kicks[i - 1];
            var after = kicks[i];
            long interval = after.StartPs - before.StartPs;
            if (PeerLinkChecks.RestartedBetween(link, before.StartPs, after.StartPs))
            {
                if (interval > late)
                {
                    c.Note(before.StartPs, $"agent {side}: kicks stop for {TimeText.Span(interval)} and start again after its hello");
                    Stopped(c, side, before, after.StartPs);
                }

                continue;
            }

            if (PeerLinkChecks.SpoiledBetween(link, before.StartPs, after.StartPs))
            {
                // A frame in between did not decode (its own finding says so): the kick may be in it.
                continue;
            }

            intervals.Add(interval);
            uint expected = ((Kick)before.Message).Counter + 1;
            if (((Kick)after.Message).Counter != expected)
            {
                c.Error(after.StartPs, Area.Protocol, $"{link.Name}: kick counter {((Kick)after.Message).Counter} after {expected - 1}; it goes up by one per kick");
            }

            if (interval > late)
            {
                c.Error(before.StartPs, Area.Timing, $"{link.Name}: no kick for {TimeText.Span(interval)}; one every {TimeText.Span(period)} (at most {TimeText.Span(late)} apart) expected" +
                    (interval >= timeout ? $", and the watchdog allows {TimeText.Span(timeout)}" : ""));
                Stopped(c, side, before, after.StartPs);
            }
        }

        if (kicks.Count > 0 && c.EndPs - kicks[^1].StartPs > late)
        {
            c.Note(kicks[^1].StartPs, $"agent {side}: the kicks stop here ({((Kick)kicks[^1].Message).Counter} the last)");
            Stopped(c, side, kicks[^1], c.EndPs);
        }

        if (intervals.Count > 0)
        {
            c.Cover($"kicks on {link.Name}: {kicks.Count}, mean interval {TimeText.Span((long)intervals.Average())}, longest {TimeText.Span(intervals.Max())}");
        }
    }

    /// <summary>The kicks stopped after <paramref name="last"/> until <paramref name="untilPs"/>: an armed watchdog must fire.</summary>
    private static void Stopped(CaptureContext c, Side side, DecodedFrame last, long untilPs)
    {
        long timeout = c.Ms(c.Spec.WatchdogTimeoutMs);
        long due = last.EndPs + timeout + c.Ms(c.Spec.LoopToleranceMs);
        if (untilPs < due || due > c.EndPs)
        {
            return;
        }

        var powerGood = c.Line(SignalRole.PowerGood, side);
        if (powerGood != null && !powerGood.HeldThroughout(true, last.EndPs, due))
        {
            return;
        }

        // Only a watching SMU has an armed watchdog: Active, its server meant to run, the watchdog armed.
        var peer = c.Link(SignalRole.PeerLink, side);
        var beats = peer != null ? PeerLinkChecks.BeatsOf(peer) : new List<(DecodedFrame Frame, Heartbeat Beat)>();
        var watching = beats.LastOrDefault(b => b.Frame.StartPs <= last.StartPs).Beat;
        if (watching == null)
        {
            c.Note(last.EndPs, $"agent {side}'s kicks stop; whether SMU {side}'s watchdog was armed is not in the capture (its heartbeats): not judged");
            return;
        }

        if (watching.Mode != Mode.Active || watching.Phase is not (SequencePhase.Idle or SequencePhase.Booting) || (watching.Health & HealthFlags.WatchdogArmed) == 0)
        {
            return;
        }

        long report = c.Ms(c.Spec.HeartbeatPeriodMs + c.Spec.HeartbeatJitterMs);
        var told = beats.FirstOrDefault(b => b.Frame.StartPs > last.EndPs && b.Frame.StartPs <= due + report &&
            ((b.Beat.Alarms & AlarmFlags.ServerFault) != 0 || b.Beat.Phase is not (SequencePhase.Idle or SequencePhase.Booting)));
        var button = c.Line(SignalRole.PowerButton, side);
        int press = button?.FirstEdgeAfter(last.EndPs) ?? 0;
        long pressedAt = button != null && press < button.EdgeCount && button.LevelAfter(press) ? button.EdgeAt(press) : long.MaxValue;
        if (told.Frame != null || pressedAt <= due)
        {
            long at = Math.Min(pressedAt, told.Frame?.StartPs ?? long.MaxValue);
            c.Note(at, $"watchdog: agent {side}'s kicks stopped {TimeText.Span(at - last.EndPs)} before; SMU {side} starts its failover " +
                $"({(pressedAt <= at ? "forced-off hold" : $"heartbeat: {told.Beat!.Phase}, {told.Beat.Alarms}")}; the watchdog allows {TimeText.Span(timeout)})");
        }
        else
        {
            c.Error(due, Area.Timing, $"watchdog: agent {side}'s kicks stopped at {TimeText.At(last.EndPs)} with SMU {side}'s watchdog armed and the server on; " +
                $"no failover within {TimeText.Span(timeout)} (no server fault in its heartbeats, no forced-off hold)");
        }
    }
}
