using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// The handover on the peer link (the failover sequence's steps 4 and 5): a fitness query is
/// answered (or retried after its timeout, at most its tries); a switch request comes only after
/// a fit reply, from a side whose server is off and whose grant is gone, carries its sender's epoch
/// plus one and a newer epoch than any earlier request, is resent only after the acknowledgement
/// timeout, at most its tries, and is acknowledged (or refused) by the other SMU.
/// </summary>
public static class SwitchChecks
{
    public static void Run(CaptureContext c)
    {
        foreach (var side in new[] { Side.A, Side.B })
        {
            var link = c.Link(SignalRole.PeerLink, side);
            if (link != null)
            {
                var answers = c.Link(SignalRole.PeerLink, CaptureContext.Other(side));
                Fitness(c, side, link, answers);
                Switches(c, side, link, answers);
            }
        }
    }

    private static void Fitness(CaptureContext c, Side side, LinkDecoding link, LinkDecoding? answers)
    {
        long timeout = c.Ms(c.Spec.FitnessReplyTimeoutMs);
        long tolerance = c.Ms(c.Spec.LoopToleranceMs);
        var queries = link.Frames.Where(f => f.Message is FitnessQuery).ToList();
        foreach (var tries in queries.GroupBy(f => ((FitnessQuery)f.Message).Epoch))
        {
            var list = tries.ToList();
            if (list.Count > c.Spec.FitnessTries)
            {
                c.Error(list[c.Spec.FitnessTries].StartPs, Area.Protocol, $"{link.Name}: fitness query (epoch {tries.Key}) sent {list.Count} times; at most {c.Spec.FitnessTries}");
            }

            for (int i = 1; i < list.Count; i++)
            {
                long gap = list[i].StartPs - list[i - 1].EndPs;
                if (gap < timeout - tolerance && !PeerLinkChecks.RestartedBetween(link, list[i - 1].StartPs, list[i].StartPs))
                {
                    c.Error(list[i].StartPs, Area.Timing, $"{link.Name}: fitness query resent {TimeText.Span(gap)} after the last try; the reply has {TimeText.Span(timeout)}");
                }
            }

            if (answers == null)
            {
                continue;
            }

            foreach (var query in list)
            {
                var reply = answers.Frames.FirstOrDefault(f => f.Message is FitnessReply r && r.Epoch == tries.Key && f.StartPs >= query.EndPs && f.EndPs <= query.EndPs + timeout + tolerance);
                if (reply != null)
                {
                    c.Note(reply.StartPs, $"SMU {CaptureContext.Other(side)} answers the fitness query (epoch {tries.Key}) in {TimeText.Span(reply.EndPs - query.EndPs)}: {reply.Fields}");
                    break;
                }
            }
        }

        if (queries.Count > 0)
        {
            c.Cover($"fitness queries on {link.Name}: {queries.Count}");
        }
    }

    private static void Switches(CaptureContext c, Side side, LinkDecoding link, LinkDecoding? answers)
    {
        long timeout = c.Ms(c.Spec.SwitchAckTimeoutMs);
        long tolerance = c.Ms(c.Spec.LoopToleranceMs);
        var requests = link.Frames.Where(f => f.Message is SwitchRequest).ToList();
        uint newest = 0;
        var beats = PeerLinkChecks.BeatsOf(link);
        var groups = Tries(link, requests);
        for (int g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var first = group[0];
            var request = (SwitchRequest)first.Message;
            string what = $"switch request (epoch {request.Epoch}, {request.Kind}) from {side}";
            if (request.From != side)
            {
                c.Error(first.StartPs, Area.Protocol, $"{link.Name}: {what} names side {request.From} as the one handing over");
            }

            if (g > 0 && request.Epoch == newest && PeerLinkChecks.RestartedBetween(link, groups[g - 1][^1].StartPs, first.StartPs))
            {
                c.Note(first.StartPs, $"SMU {side} restarted while asking and asks again: {what}");
            }
            else if (request.Epoch <= newest)
            {
                c.Error(first.StartPs, Area.Protocol, $"{link.Name}: {what} after one with epoch {newest}: switch epochs must increase (a replayed or stale request?)");
            }

            newest = Math.Max(newest, request.Epoch);
            var lastBeat = beats.LastOrDefault(b => b.Frame.StartPs < first.StartPs);
            if (lastBeat.Beat != null && (lastBeat.Beat.Epoch != request.Epoch || lastBeat.Beat.Phase != SequencePhase.RequestingSwitch || lastBeat.Beat.Mode == Mode.Active))
            {
                c.Error(first.StartPs, Area.Protocol, $"{link.Name}: {what}, but SMU {side}'s heartbeat before it said {lastBeat.Beat.Mode}, {lastBeat.Beat.Phase}, epoch {lastBeat.Beat.Epoch}: " +
                    "a request goes out only after the heartbeat that shows its sender stepped down and asking, with the request's epoch");
            }

            if (group.Count > c.Spec.SwitchTries)
            {
                c.Error(group[c.Spec.SwitchTries].StartPs, Area.Protocol, $"{link.Name}: {what} sent {group.Count} times; at most {c.Spec.SwitchTries}");
            }

            for (int i = 1; i < group.Count; i++)
            {
                long gap = group[i].StartPs - group[i - 1].EndPs;
                if (gap < timeout - tolerance)
                {
                    c.Error(group[i].StartPs, Area.Timing, $"{link.Name}: {what} resent {TimeText.Span(gap)} after the last try; the acknowledgement has {TimeText.Span(timeout)}");
                }
            }

            HandedOverSafely(c, side, first, what);
            if (answers != null)
            {
                FitFirst(c, side, answers, first, request, what);
                Answered(c, side, answers, group, request, what, timeout + tolerance);
            }
        }

        if (requests.Count > 0)
        {
            c.Cover($"switch requests on {link.Name}: {requests.Count} in {Plural.Of(groups.Count, "switch", "switches")}{(answers == null ? " (the answers' line was not captured)" : "")}");
        }
    }

    /// <summary>Groups resends: tries of one switch carry one epoch and follow each other; a restarted sender's tries count from the first again.</summary>
    private static List<List<DecodedFrame>> Tries(LinkDecoding link, List<DecodedFrame> requests)
    {
        var groups = new List<List<DecodedFrame>>();
        foreach (var frame in requests)
        {
            uint epoch = ((SwitchRequest)frame.Message).Epoch;
            if (groups.Count > 0 && ((SwitchRequest)groups[^1][0].Message).Epoch == epoch && !PeerLinkChecks.RestartedBetween(link, groups[^1][^1].StartPs, frame.StartPs))
            {
                groups[^1].Add(frame);
            }
            else
            {
                groups.Add(new List<DecodedFrame> { frame });
            }
        }

        return groups;
    }

    /// <summary>
    /// Step 5 comes after step 3: the grant is gone, so the enclosures fence the old side. The server
    /// may still be on (an OS that cannot shut down is forced off beside the handover), but only once
    /// its storage request is released.
    /// </summary>
    private static void HandedOverSafely(CaptureContext c, Side side, DecodedFrame first, string what)
    {
        var grant = c.Line(SignalRole.Access, side) ?? c.Line(SignalRole.Grant, side);
        if (grant != null && grant.LevelAt(first.StartPs))
        {
            c.Error(first.StartPs, Area.Safety, $"{what} while {side} still held the disks: the storage is released (and the release confirmed) first");
        }

        var request = c.Line(SignalRole.Request, side);
        if (request != null && request.LevelAt(first.StartPs))
        {
            c.Error(first.StartPs, Area.Safety, $"{what} while {side} still asked for the disks: the request is released first");
        }

        var powerGood = c.Line(SignalRole.PowerGood, side);
        if (powerGood != null && powerGood.LevelAt(first.StartPs))
        {
            c.Note(first.StartPs, $"{what} while server {side} was still on, fenced from its disks (its forced off runs beside the handover)");
        }
    }

    /// <summary>Step 4 before step 5: the other SMU said it is fit to take over.</summary>
    private static void FitFirst(CaptureContext c, Side side, LinkDecoding answers, DecodedFrame first, SwitchRequest request, string what)
    {
        // The query and its reply come at most the fitness tries before the request: a capture
        // that covers that much time before it must show the fit reply.
        long window = c.Ms((c.Spec.FitnessReplyTimeoutMs + c.Spec.LoopToleranceMs) * c.Spec.FitnessTries);
        bool fit = answers.Frames.Any(f => f.Message is FitnessReply r && r.Fit && Epochs.Next(r.Epoch) == request.Epoch && f.EndPs <= first.StartPs);
        if (!fit && first.StartPs - c.StartPs > window)
        {
            c.Error(first.StartPs, Area.Protocol, $"{what} without a fit reply (to the epoch before {request.Epoch}) from SMU {CaptureContext.Other(side)} before it: no switch may follow an unfit or missing reply");
        }
    }

    private static void Answered(CaptureContext c, Side side, LinkDecoding answers, List<DecodedFrame> group, SwitchRequest request, string what, long wait)
    {
        Side other = CaptureContext.Other(side);
        var sequences = group.Select(f => f.Sequence).ToHashSet();
        var answer = answers.Frames.FirstOrDefault(f => f.StartPs >= group[0].EndPs && f.StartPs <= group[^1].EndPs + wait &&
            ((f.Message is SwitchAck ack && ack.Epoch == request.Epoch) ||
             (f.Message is Refusal refusal && refusal.RefusedType == MessageType.SwitchRequest && sequences.Contains(refusal.RefusedSequence))));
        if (answer == null && group[^1].EndPs + wait > c.EndPs)
        {
            c.Note(group[^1].StartPs, $"{what}: the capture ends before its answer is due");
            return;
        }

        long until = group[^1].EndPs + wait;
        if (answer == null && (PeerLinkChecks.RestartedBetween(answers, group[0].StartPs, until) || !answers.Frames.Any(f => f.StartPs >= group[0].StartPs && f.StartPs <= until)))
        {
            c.Note(group[0].StartPs, $"{what}: unanswered while SMU {other} was silent or restarting (the sender gives up: no switch, or the peer's heartbeat shows it took over)");
            return;
        }

        if (answer == null)
        {
            c.Error(group[^1].EndPs + wait, Area.Protocol, $"{what} ({group.Count} tr{(group.Count == 1 ? "y" : "ies")}): SMU {other} neither acknowledged nor refused it");
            return;
        }

        c.Note(answer.StartPs, $"SMU {other} answers the {what} with {answer} after {TimeText.Span(answer.StartPs - group[0].EndPs)}");
    }
}
