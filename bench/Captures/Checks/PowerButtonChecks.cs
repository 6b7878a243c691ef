using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// The SMUs' power buttons (DESIGN.md §2.3 and the SMU's PowerControl): a press that turns a
/// server on is a short press, made only while that side's grant (and access, when captured) is
/// asserted, and the grant is still there when the server comes on; a press on a running server is
/// a forced-off hold, released as soon as power-good drops and never longer than the hold limit.
/// </summary>
public static class PowerButtonChecks
{
    public static void Run(CaptureContext c)
    {
        foreach (var side in new[] { Side.A, Side.B })
        {
            var button = c.Line(SignalRole.PowerButton, side);
            if (button != null)
            {
                Presses(c, side, button);
            }
        }
    }

    private static void Presses(CaptureContext c, Side side, Waveform button)
    {
        var powerGood = c.Line(SignalRole.PowerGood, side);
        var grant = c.Line(SignalRole.Grant, side);
        var access = c.Line(SignalRole.Access, side);
        long tolerance = c.Ms(2 * c.Spec.LoopToleranceMs);
        long shortPress = c.Ms(c.Spec.PowerButtonPressMs);
        long hold = c.Ms(c.Spec.ForcedOffHoldMs);
        string name = $"power-button-{side}";
        int onPresses = 0;
        int holds = 0;
        if (grant == null && access == null)
        {
            c.Note(-1, $"neither grant-{side} nor access-{side} was captured: {name}'s presses are not checked against the grant");
        }

        foreach (var press in button.Stretches(true))
        {
            if (press.BeganBefore)
            {
                c.Note(press.FromPs, $"{name} already pressed when the capture starts: not judged");
                continue;
            }

            bool? serverOn = powerGood?.LevelAt(press.FromPs);
            bool isShort = !press.Unfinished && Math.Abs(press.LengthPs - shortPress) <= tolerance;
            if (serverOn == false || (serverOn == null && (isShort || press.LengthPs < shortPress)))
            {
                onPresses++;
                PowerOn(c, side, name, press, isShort, powerGood, grant, access);
            }
            else if (isShort)
            {
                c.Error(press.FromPs, Area.Timing, $"{name}: a short press ({TimeText.Span(press.LengthPs)}) on a running server asks its OS to shut down; " +
                    "the SMU presses short only to power a server on, and holds to force it off");
            }
            else
            {
                holds++;
                ForcedOff(c, name, press, powerGood, hold, tolerance);
            }
        }

        c.Cover($"{name}: {Plural.Of(onPresses, "power-on press", "power-on presses")}, {Plural.Of(holds, "forced-off hold")}{(powerGood == null ? " (power-good not captured: told apart by length)" : "")}");
    }

    private static void PowerOn(CaptureContext c, Side side, string name, Stretch press, bool isShort, Waveform? powerGood, Waveform? grant, Waveform? access)
    {
        bool granted = true;
        if (grant != null && !grant.HeldThroughout(true, press.FromPs, press.ToPs))
        {
            granted = false;
            c.Error(press.FromPs, Area.Safety, $"{name} pressed to power server {side} on while grant-{side} was not asserted" +
                (grant.LevelAt(press.FromPs) ? " throughout the press" : ""));
        }

        if (access != null && !access.LevelAt(press.FromPs))
        {
            granted = false;
            c.Error(press.FromPs, Area.Safety, $"{name} pressed to power server {side} on while access-{side} was not asserted");
        }

        if (!isShort && !press.Unfinished)
        {
            c.Error(press.FromPs, Area.Timing, $"{name}: power-on press of {TimeText.Span(press.LengthPs)}; {c.Spec.PowerButtonPressMs} ms expected");
        }

        if (powerGood != null && grant != null)
        {
            int rise = powerGood.FirstEdgeAfter(press.FromPs);
            if (rise < powerGood.EdgeCount && powerGood.LevelAfter(rise) && !grant.LevelAt(powerGood.EdgeAt(rise)))
            {
                granted = false;
                c.Error(powerGood.EdgeAt(rise), Area.Safety, $"server {side} came on (power-good-{side}) while grant-{side} was not asserted");
            }
        }

        if (granted)
        {
            string length = press.Unfinished ? $"pressed, cut off by the capture end after {TimeText.Span(press.LengthPs)} (its length not judged)" : $"power-on press of {TimeText.Span(press.LengthPs)}";
            c.Note(press.FromPs, $"{name}: {length}{(grant != null || access != null ? $", {side} holding the grant" : "")}");
        }
    }

    private static void ForcedOff(CaptureContext c, string name, Stretch press, Waveform? powerGood, long hold, long tolerance)
    {
        if (press.LengthPs > hold + tolerance)
        {
            c.Error(press.FromPs, Area.Timing, $"{name} held {TimeText.Span(press.LengthPs)}{(press.Unfinished ? " and more" : "")}: a forced-off hold is at most {TimeText.Span(hold)}");
            return;
        }

        if (press.Unfinished)
        {
            c.Note(press.FromPs, $"{name}: held, cut off by the capture end after {TimeText.Span(press.LengthPs)} (its length not judged)");
            return;
        }

        if (powerGood == null)
        {
            c.Note(press.FromPs, $"{name}: held {TimeText.Span(press.LengthPs)} (a forced off; power-good not captured)");
            return;
        }

        int fall = powerGood.FirstEdgeAfter(press.FromPs);
        long dropped = fall < powerGood.EdgeCount ? powerGood.EdgeAt(fall) : long.MaxValue;
        if (dropped <= press.ToPs)
        {
            long late = press.ToPs - dropped;
            if (late > tolerance)
            {
                c.Error(dropped, Area.Timing, $"{name} still held {TimeText.Span(late)} after power-good dropped: a server that is off turns on again at the release");
            }
            else
            {
                c.Note(press.FromPs, $"{name}: held {TimeText.Span(press.LengthPs)} until the server went off (forced off)");
            }
        }
        else if (Math.Abs(press.LengthPs - hold) > tolerance)
        {
            c.Error(press.ToPs, Area.Timing, $"{name} released after {TimeText.Span(press.LengthPs)} with the server still on: a forced-off hold lasts {TimeText.Span(hold)} or until power-good drops");
        }
        else
        {
            c.Note(press.FromPs, $"{name}: held the full {TimeText.Span(press.LengthPs)}, and the server stayed on (the SMU gives up the switch)");
        }
    }
}
