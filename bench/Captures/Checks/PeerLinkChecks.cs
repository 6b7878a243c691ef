using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// The peer link's heartbeats: each SMU sends one every period, naming its own side; when one
/// goes silent the other raises the peer-silent alarm within its limit (on its alarm line, and in
/// its own heartbeats), and does not claim silence while frames are arriving; and the two SMUs'
/// heartbeats never show both Active at once (DESIGN.md §2.2).
/// </summary>
public static class PeerLinkChecks
{
    public static void Run(CaptureContext c)
    {
        foreach (var side in new[] { Side.A, Side.B })
        {
            if (c.Link(SignalRole.PeerLink, side) is { } link)
            {
                Heartbeats(c, side, link);
            }
        }

        foreach (var side in new[] { Side.A, Side.B })
        {
            PeerSilent(c, side);
        }

        BothActive(c);
    }

    /// <summary>Gets a side's heartbeats.</summary>
    public static List<(DecodedFrame Frame, Heartbeat Beat)> BeatsOf(LinkDecoding link) =>
        link.Frames.Where(f => f.Type == MessageType.Heartbeat).Select(f => (f, (Heartbeat)f.Message)).ToList();

    /// <summary>Whether the sender started again between two frames: a hello, or its sequence back at 0.</summary>
    public static bool RestartedBetween(LinkDecoding link, long afterPs, long untilPs) =>
        link.FramesBetween(afterPs, untilPs).Any(f => f.Type == MessageType.Hello || f.Sequence == 0);

    /// <summary>Whether a frame the reader dropped lies between two times.</summary>
    public static bool SpoiledBetween(LinkDecoding link, long afterPs, long beforePs)
    {
        int next = link.FirstErrorAfter(afterPs);
        return next < link.Errors.Count && link.Errors[next].StartPs < beforePs;
    }

    /// <summary>
    /// Whether a heartbeat tells something new (mode, phase, epoch, alarms or health): an SMU sends
    /// one at once when its mode, phase or epoch changes, so it may come before the period.
    /// </summary>
    private static bool Changed(Heartbeat before, Heartbeat now) =>
        before.Mode != now.Mode || before.Phase != now.Phase || before.Epoch != now.Epoch || before.Alarms != now.Alarms || before.Health != now.Health;

    private static void Heartbeats(CaptureContext c, Side side, LinkDecoding link)
    {
        var beats = BeatsOf(link);
        long period = c.Ms(c.Spec.HeartbeatPeriodMs);
        long jitter = c.Ms(c.Spec.HeartbeatJitterMs);
        foreach (var (frame, beat) in beats.Where(b => b.Beat.Side != side).Take(1))
        {
            c.Error(frame.StartPs, Area.Protocol, $"{link.Name}: a heartbeat naming side {beat.Side} on SMU {side}'s transmit line (its side strap?)");
        }

        var intervals = new List<long>();
        for (int i = 1; i < beats.Count; i++)
        {
            long from = beats[i - 1].Frame.StartPs;
            long to = beats[i].Frame.StartPs;
            long interval = to - from;
            if (RestartedBetween(link, from, to))
            {
                c.Note(from, $"SMU {side} silent for {TimeText.Span(interval)} between heartbeats, then started again (hello)");
                continue;
            }

            if (SpoiledBetween(link, from, to))
            {
                // A frame in between did not decode (its own finding says so): the beat may be in it.
                continue;
            }

            intervals.Add(interval);
            if (interval > period + jitter)
            {
                c.Error(from, Area.Timing, $"{link.Name}: no heartbeat for {TimeText.Span(interval)}; one every {TimeText.Span(period)} ± {TimeText.Span(jitter)} expected");
            }
            else if (interval < period - jitter && !Changed(beats[i - 1].Beat, beats[i].Beat))
            {
                c.Error(to, Area.Timing, $"{link.Name}: heartbeats only {TimeText.Span(interval)} apart; one every {TimeText.Span(period)} ± {TimeText.Span(jitter)} expected");
            }
        }

        if (beats.Count > 0 && c.EndPs - beats[^1].Frame.StartPs > period + jitter)
        {
            c.Note(beats[^1].Frame.StartPs, $"SMU {side}'s heartbeats stop here (none in the capture's last {TimeText.Span(c.EndPs - beats[^1].Frame.StartPs)})");
        }

        if (intervals.Count > 0)
        {
            double mean = intervals.Average();
            long worst = intervals.Max(i => Math.Abs(i - period));
            c.Cover($"heartbeats on {link.Name}: {beats.Count}, mean interval {TimeText.Span((long)mean)}, worst {TimeText.Span(worst)} off the {TimeText.Span(period)} period");
        }
        else if (c.EndPs - c.StartPs > period + jitter)
        {
            c.Cover($"heartbeats on {link.Name}: {beats.Count}");
        }
    }

    /// <summary>SMU <paramref name="side"/> must raise peer-silent when the other SMU goes quiet, and only then.</summary>
    private static void PeerSilent(CaptureContext c, Side side)
    {
        var peer = c.Link(SignalRole.PeerLink, CaptureContext.Other(side));
        var own = c.Link(SignalRole.PeerLink, side);
        var alarm = c.Line(SignalRole.Alarm, side);
        if (peer == null)
        {
            return;
        }

        if (own == null && alarm == null)
        {
            c.Note(-1, $"SMU {side}'s peer-silent alarm is not checked: neither alarm-{side} nor its peer transmit line was captured");
            return;
        }

        long limit = c.Ms(c.Spec.PeerSilentMs);
        long tolerance = c.Ms(c.Spec.LoopToleranceMs);
        long report = c.Ms(c.Spec.HeartbeatPeriodMs + c.Spec.HeartbeatJitterMs);
        var beats = own != null ? BeatsOf(own) : new List<(DecodedFrame Frame, Heartbeat Beat)>();

        // The other SMU was last heard when a good frame of its ended (at the latest at the capture's start).
        var heard = new List<long> { c.StartPs };
        heard.AddRange(peer.Frames.Select(f => f.EndPs));
        heard.Add(long.MaxValue);
        int silences = 0;
        for (int i = 0; i + 1 < heard.Count; i++)
        {
            long last = heard[i];
            long next = Math.Min(heard[i + 1], c.EndPs);
            long due = last + limit + tolerance;
            if (next - last <= limit + tolerance || due > c.EndPs)
            {
                continue;
            }

            silences++;
            bool lineUp = alarm != null && alarm.LevelAt(due);
            var told = beats.FirstOrDefault(b => b.Frame.StartPs > last && b.Frame.StartPs <= Math.Min(next, due + report) && (b.Beat.Alarms & AlarmFlags.PeerSilent) != 0);
            bool ownSpoke = beats.Any(b => b.Frame.StartPs > last && b.Frame.StartPs <= due + report);
            string silence = $"SMU {CaptureContext.Other(side)} silent for {TimeText.Span(next - last)}{(heard[i + 1] == long.MaxValue ? " (to the capture's end)" : "")}";
            if (lineUp || told.Frame != null)
            {
                c.Note(last, $"{silence}; SMU {side} raised peer-silent within {TimeText.Span(limit)} ({(lineUp ? $"alarm-{side} asserted" : "its heartbeat says PeerSilent")})");
            }
            else if (alarm == null && !ownSpoke)
            {
                c.Note(last, $"{silence}; SMU {side} sent no heartbeat either: its peer-silent alarm is not judged");
            }
            else
            {
                c.Error(due, Area.Timing, $"{silence} from {TimeText.At(last)}; SMU {side} raised no peer-silent alarm within {TimeText.Span(limit)}" +
                    (alarm == null ? " (in its heartbeats)" : $" (alarm-{side} not asserted)"));
            }
        }

        // A claim of silence while the other SMU's frames were on its transmit line.
        bool claiming = false;
        foreach (var (frame, beat) in beats)
        {
            bool silent = (beat.Alarms & AlarmFlags.PeerSilent) != 0;
            if (silent && !claiming)
            {
                long recent = peer.Frames.Where(f => f.EndPs < frame.StartPs - tolerance).Select(f => f.EndPs).DefaultIfEmpty(long.MinValue).Max();
                if (recent > frame.StartPs - limit + tolerance && recent > c.StartPs)
                {
                    c.Warning(frame.StartPs, Area.Timing, $"SMU {side}'s heartbeat says PeerSilent, but SMU {CaptureContext.Other(side)}'s frames were on its transmit line " +
                        $"{TimeText.Span(frame.StartPs - recent)} before: a cut peer cable, or SMU {side} does not hear them");
                }
            }

            claiming = silent;
        }

        c.Cover($"peer-silent alarm of SMU {side}: {Plural.Of(silences, "silence")} of SMU {CaptureContext.Other(side)} longer than {TimeText.Span(limit)}");
    }

    /// <summary>DESIGN.md §2.2: between two Active heartbeats a side is Active; the two sides' such stretches never meet.</summary>
    private static void BothActive(CaptureContext c)
    {
        var a = c.Link(SignalRole.PeerLink, Side.A);
        var b = c.Link(SignalRole.PeerLink, Side.B);
        if (a == null || b == null)
        {
            return;
        }

        var activeA = ActiveStretches(a);
        var activeB = ActiveStretches(b);
        foreach (var (fromA, toA) in activeA)
        {
            foreach (var (fromB, toB) in activeB)
            {
                long from = Math.Max(fromA, fromB);
                long to = Math.Min(toA, toB);
                if (to >= from)
                {
                    c.Error(from, Area.Safety, $"SMU A and SMU B both Active: each sent Active heartbeats around {TimeText.At(from)}–{TimeText.At(to)}");
                }
            }
        }

        c.Cover($"never both Active (from the heartbeats): A Active in {Plural.Of(activeA.Count, "stretch", "stretches")}, B in {activeB.Count}");
    }

    private static List<(long From, long To)> ActiveStretches(LinkDecoding link)
    {
        var stretches = new List<(long, long)>();
        var beats = BeatsOf(link);
        for (int i = 1; i < beats.Count; i++)
        {
            var (before, beatBefore) = beats[i - 1];
            var (after, beatAfter) = beats[i];
            if (beatBefore.Mode == Mode.Active && beatAfter.Mode == Mode.Active && beatBefore.Epoch == beatAfter.Epoch
                && !RestartedBetween(link, before.StartPs, after.StartPs))
            {
                if (stretches.Count > 0 && stretches[^1].Item2 == before.StartPs)
                {
                    stretches[^1] = (stretches[^1].Item1, after.StartPs);
                }
                else
                {
                    stretches.Add((before.StartPs, after.StartPs));
                }
            }
        }

        return stretches;
    }
}
