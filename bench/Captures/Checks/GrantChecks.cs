using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// The DM's grant on its lines (DESIGN.md §2.1 and the DM's grant rules): never two holders at
/// once; a grant only to a side that requests; a grant dropped once its request has been gone for
/// the release debounce, no later (the request is a latch: its absence is a deliberate release);
/// never taken from a side that still requests (but a fence, or the DM's power); nobody for the
/// settle time between holders; and each access line leading its grant line, so an SMU never sees
/// a grant the enclosures have not given nor a release while access remains.
/// </summary>
public static class GrantChecks
{
    public static void Run(CaptureContext c)
    {
        var (holderA, nameA) = Holder(c, Side.A);
        var (holderB, nameB) = Holder(c, Side.B);
        Exclusive(c, holderA, nameA, holderB, nameB);
        if (holderA != c.Line(SignalRole.Grant, Side.A) && c.Line(SignalRole.Grant, Side.A) is { } grantA && c.Line(SignalRole.Grant, Side.B) is { } grantB)
        {
            // The SMUs see the grant lines: two of them up would let both power on.
            Exclusive(c, grantA, "grant-A", grantB, "grant-B");
        }

        var falls = new List<(long At, Side Side, bool WhileRequested)>();
        foreach (var side in new[] { Side.A, Side.B })
        {
            HolderRules(c, side, falls);
            AccessLeadsGrant(c, side);
        }

        Settle(c, falls);
    }

    /// <summary>The line that says who holds the disks: the access line, or the grant line when only that was captured.</summary>
    private static (Waveform? Line, string Name) Holder(CaptureContext c, Side side)
    {
        var access = c.Line(SignalRole.Access, side);
        return access != null ? (access, $"access-{side}") : (c.Line(SignalRole.Grant, side), $"grant-{side}");
    }

    private static void Exclusive(CaptureContext c, Waveform? a, string nameA, Waveform? b, string nameB)
    {
        if (a == null || b == null)
        {
            return;
        }

        int overlaps = 0;
        foreach (var sa in a.Stretches(true))
        {
            foreach (var sb in b.Stretches(true))
            {
                long from = Math.Max(sa.FromPs, sb.FromPs);
                long to = Math.Min(sa.ToPs, sb.ToPs);
                if (to > from)
                {
                    overlaps++;
                    c.Error(from, Area.Safety, $"{nameA} and {nameB} both asserted for {TimeText.Span(to - from)}: two sides hold the disks");
                }
            }
        }

        c.Cover($"one holder at a time on {nameA}/{nameB}: {a.Stretches(true).Count} and {Plural.Of(b.Stretches(true).Count, "holding")}, {Plural.Of(overlaps, "overlap")}");
    }

    private static void HolderRules(CaptureContext c, Side side, List<(long, Side, bool)> falls)
    {
        var (holder, name) = Holder(c, side);
        if (holder == null)
        {
            return;
        }

        var request = c.Line(SignalRole.Request, side);
        long tolerance = c.Ms(c.Spec.LoopToleranceMs);
        long holdOff = c.Ms(c.Spec.ReleaseDebounceMs);
        var held = holder.Stretches(true);
        if (request == null)
        {
            c.Note(-1, $"request-{side} was not captured: the grant rules on {name} (only while requested, the release debounce, never taken) are not checked");
        }

        for (int n = 0; n < held.Count; n++)
        {
            var stretch = held[n];
            if (!stretch.Unfinished)
            {
                falls.Add((stretch.ToPs, side, request?.LevelAt(stretch.ToPs) == true));
            }

            if (request == null)
            {
                continue;
            }

            // Just before the rise: an SMU that proves its grant lets the request go as it sees the
            // grant rise, so at a coarse sample rate both edges can fall in the same sample.
            if (!stretch.BeganBefore && !request.LevelAt(stretch.FromPs - 1) && !request.LevelAt(stretch.FromPs))
            {
                c.Error(stretch.FromPs, Area.Safety, $"{name} rose while request-{side} was not asserted: the disks granted to a side that does not ask");
            }

            foreach (var absent in request.Stretches(false).Where(d => d.FromPs > stretch.FromPs && d.FromPs < stretch.ToPs))
            {
                long end = Math.Min(absent.ToPs, stretch.ToPs);
                long without = end - absent.FromPs;
                bool dropped = !stretch.Unfinished && stretch.ToPs <= absent.ToPs;
                if (without > holdOff + tolerance && without <= holdOff + tolerance + c.Ms(c.Spec.DmRebootMaxMs) && dropped)
                {
                    // The access latch holds through the DM's reset, and the DM releases only once it
                    // is back and reads the request gone: a reboot the wires cannot show.
                    c.Warning(absent.FromPs + holdOff, Area.Safety, $"{name} still asserted {TimeText.Span(without)} after request-{side} went " +
                        $"(released after the {TimeText.Span(holdOff)} debounce): the DM rebooting (its access latch holds until it is back), or a DM slow to release");
                }
                else if (without > holdOff + tolerance)
                {
                    c.Error(absent.FromPs + holdOff, Area.Safety, $"{name} still asserted {TimeText.Span(without)} after request-{side} went " +
                        $"(released after the {TimeText.Span(holdOff)} debounce); the disks held for a side that does not ask");
                }
                else if (dropped && without < holdOff - tolerance)
                {
                    c.Warning(stretch.ToPs, Area.Safety, $"{name} dropped {TimeText.Span(without)} after request-{side} went, before the {TimeText.Span(holdOff)} debounce: " +
                        "a glitch on the request loop would take the disks");
                }
                else if (dropped)
                {
                    c.Note(stretch.ToPs, $"{name} released {TimeText.Span(without)} after request-{side} went (debounce {TimeText.Span(holdOff)})");
                }
            }

            if (!stretch.Unfinished && request.LevelAt(stretch.ToPs))
            {
                TakenWhileRequested(c, side, name, request, stretch, n + 1 < held.Count ? held[n + 1] : null);
            }
        }

        c.Cover($"grant rules on {name}{(request == null ? " (without request-" + side + ")" : " against request-" + side)}: {Plural.Of(held.Count, "holding")}");
    }

    /// <summary>
    /// A grant fell while its side still requested: a fence, the DM's power lost (a reset keeps the
    /// access latch; a power loss clears it, and the DM grants again after its settle time when it
    /// is back), or a violation.
    /// </summary>
    private static void TakenWhileRequested(CaptureContext c, Side side, string name, Waveform request, Stretch stretch, Stretch? next)
    {
        long at = stretch.ToPs;
        var fence = c.Link(SignalRole.ManagementToDm, Side.None)?.Frames
            .FirstOrDefault(f => f.Message is Fence fence && fence.Side == side && f.EndPs <= at && f.EndPs >= at - c.Ms(1000));
        if (fence != null)
        {
            c.Note(at, $"{name} fenced ({fence}) while request-{side} was asserted");
            return;
        }

        // Up to the instant the access came back: a proving SMU lets the request go as it sees the grant.
        if (next is { } back && request.HeldThroughout(true, at, back.FromPs - 1))
        {
            string text = $"{name} off for {TimeText.Span(back.FromPs - at)} while request-{side} stayed asserted, then back: the DM lost its power (its access latches cleared) and granted again when it came back";
            if (back.FromPs - at > c.Ms(c.Spec.DmRebootMaxMs))
            {
                c.Warning(at, Area.Safety, text + $", longer than a DM reboot ({TimeText.Span(c.Ms(c.Spec.DmRebootMaxMs))}): a site outage, or a DM left without power");
            }
            else
            {
                c.Note(at, text);
            }

            return;
        }

        int drop = request.FirstEdgeAfter(at);
        if (drop < request.EdgeCount)
        {
            c.Warning(at, Area.Safety, $"{name} dropped while request-{side} was asserted, and did not come back before the request went {TimeText.Span(request.EdgeAt(drop) - at)} later: " +
                "a DM reset (a grant is not restored once its request has gone), or the DM took the disks from a side that asked");
            return;
        }

        if (c.EndPs - at > c.Ms(c.Spec.DmRebootMaxMs))
        {
            c.Error(at, Area.Safety, $"{name} taken while request-{side} was asserted, without a fence and not restored within {TimeText.Span(c.Ms(c.Spec.DmRebootMaxMs))}");
        }
        else
        {
            c.Warning(at, Area.Safety, $"{name} dropped while request-{side} was asserted and not back before the capture ends (a DM reset? a grant taken?)");
        }
    }

    private static void Settle(CaptureContext c, List<(long At, Side Side, bool WhileRequested)> falls)
    {
        long settle = c.Ms(c.Spec.SettleMs);
        long tolerance = c.Ms(c.Spec.LoopToleranceMs);
        int rises = 0;
        foreach (var side in new[] { Side.A, Side.B })
        {
            var (holder, name) = Holder(c, side);
            if (holder == null)
            {
                continue;
            }

            var request = c.Line(SignalRole.Request, side);
            foreach (var stretch in holder.Stretches(true).Where(s => !s.BeganBefore))
            {
                var last = falls.Where(f => f.At <= stretch.FromPs).OrderBy(f => f.At).Select(f => ((long At, Side Side, bool WhileRequested)?)f).LastOrDefault();
                if (last is not { } before)
                {
                    continue;
                }

                rises++;
                long gap = stretch.FromPs - before.At;
                bool restored = before.Side == side && before.WhileRequested && request != null && request.HeldThroughout(true, before.At, stretch.FromPs);
                if (gap < settle - tolerance && !restored)
                {
                    c.Error(stretch.FromPs, Area.Safety, before.Side == side
                        ? $"{name} granted again {TimeText.Span(gap)} after it dropped: nobody must hold for the {TimeText.Span(settle)} settle time"
                        : $"the holder changed from {before.Side} to {side} with only {TimeText.Span(gap)} of nobody: the settle time is {TimeText.Span(settle)}");
                }
            }
        }

        if (rises > 0)
        {
            c.Cover($"settle time between holders: {Plural.Of(rises, "grant")} after a drop");
        }
    }

    private static void AccessLeadsGrant(CaptureContext c, Side side)
    {
        var access = c.Line(SignalRole.Access, side);
        var grant = c.Line(SignalRole.Grant, side);
        if (access == null || grant == null)
        {
            return;
        }

        long skew = c.Ms(c.Spec.LineSkewMs);
        var differences = Disagreement.Between(access, grant);
        foreach (var d in differences)
        {
            if (d.SecondMoved && !d.FirstMoved)
            {
                c.Error(d.FromPs, Area.Safety, d.FirstLevel
                    ? $"grant-{side} fell before access-{side}: the SMU sees its release confirmed while the enclosures still give access"
                    : $"grant-{side} rose before access-{side}: the SMU sees a grant the enclosures have not given");
            }
            else if (d.LengthPs > skew)
            {
                c.Error(d.FromPs, Area.Safety, $"access-{side} {(d.FirstLevel ? "asserted" : "not asserted")} and grant-{side} not for {TimeText.Span(d.LengthPs)}: they must change together");
            }
        }

        c.Cover($"access-{side} leads grant-{side}: {access.EdgeCount} and {Plural.Of(grant.EdgeCount, "edge")}, {Plural.Of(differences.Count, "stretch", "stretches")} apart");
    }
}
