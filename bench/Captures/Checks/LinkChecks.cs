using System.Globalization;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Every UART line on its own: its bit rate within tolerance, no framing errors, every frame
/// decodes, and the sender's sequence numbers go up by one per frame (a restarted sender begins
/// again at 0; a frame the line spoiled used a number too).
/// </summary>
public static class LinkChecks
{
    /// <summary>Individual frame errors reported before they are summed up.</summary>
    private const int ErrorsListed = 10;

    public static void Run(CaptureContext c)
    {
        foreach (var link in c.Links)
        {
            BitRate(c, link);
            Frames(c, link);
            Sequences(c, link);
        }
    }

    private static void BitRate(CaptureContext c, LinkDecoding link)
    {
        var uart = link.Uart;
        string name = $"{link.Name} ({link.Channel.Label})";
        var line = link.Channel.Activity;
        long low = line.LowPs;
        if (line.EdgeCount >= BaudMeter.MinimumPulses && low * 2 > line.EndPs - line.StartPs)
        {
            // A UART idles high; a line low most of the time is inverted (probed on the RS-232 side of the transceiver?).
            c.Error(line.FirstEdgePs, Area.Timing, $"{name}: the line is low {100.0 * low / (line.EndPs - line.StartPs):0} % of the time: a UART idles high (inverted, or probed on the RS-232 side?)");
        }

        if (uart.Measured is { } measured)
        {
            string rate = $"{measured.Baud.ToString("N0", CultureInfo.InvariantCulture)} baud ({measured.Deviation * 100:+0.00;-0.00} %)";
            if (Math.Abs(measured.Deviation) * 100 > c.Spec.BaudTolerancePercent)
            {
                long first = uart.ByteCount > 0 ? uart.FirstByteStartPs : line.FirstEdgePs;
                c.Error(first, Area.Timing, $"{name}: bit rate {rate}; {c.Spec.Baud:N0} ± {c.Spec.BaudTolerancePercent} % expected");
            }

            c.Cover($"UART {name}: {rate} over {measured.Pulses:N0} pulses, {Plural.Of(uart.ByteCount, "byte")}");
        }
        else if (line.EdgeCount > 0)
        {
            c.Cover($"UART {name}: too few edges to measure the bit rate, {Plural.Of(uart.ByteCount, "byte")}");
        }

        if (uart.FramingErrors > 0)
        {
            c.Error(uart.FirstFramingErrorPs, Area.Timing, $"{name}: {Plural.Of(uart.FramingErrors, "framing error")} (a low stop bit), the first here");
        }

        if (uart.Glitches > 0)
        {
            c.Warning(line.StartPs, Area.Timing, $"{name}: {Plural.Of(uart.Glitches, "pulse")} shorter than half a bit (glitches on the line)");
        }
    }

    private static void Frames(CaptureContext c, LinkDecoding link)
    {
        int listed = 0;
        var errors = new List<FrameError>();
        foreach (var error in link.Errors)
        {
            // A sender that resets stops in the middle of a frame, and opens the link again with a
            // lone delimiter (the protocol's way to make the receiver drop the stump) and a hello.
            int after = link.FirstFrameAfter(error.StartPs);
            var next = after < link.Frames.Count ? link.Frames[after] : null;
            if (next != null && (next.Type == MessageType.Hello || next.Sequence == 0) && next.StartPs - error.EndPs < c.Ms(10))
            {
                c.Note(error.StartPs, $"{link.Name}: a frame cut short by its sender's restart ({Plural.Of(error.Bytes, "byte")}, {error.Reason}); the restart's delimiter ends it");
                continue;
            }

            errors.Add(error);
            if (listed++ < ErrorsListed)
            {
                c.Error(error.StartPs, Area.Protocol, $"{link.Name}: a frame of {Plural.Of(error.Bytes, "byte")} dropped: {error.Reason}");
            }
        }

        if (errors.Count > ErrorsListed)
        {
            c.Error(errors[ErrorsListed].StartPs, Area.Protocol, $"{link.Name}: {errors.Count - ErrorsListed} more dropped frames (all {errors.Count}: " +
                string.Join(", ", errors.GroupBy(e => e.Reason).Select(g => $"{g.Count()} {g.Key}")) + ")");
        }

        if (link.BytesBeforeFirstDelimiter > 0)
        {
            c.Note(link.Uart.FirstByteStartPs, $"{link.Name}: the capture started inside a frame; its last {Plural.Of(link.BytesBeforeFirstDelimiter, "byte")} before the first delimiter skipped, as a receiver does");
        }

        if (link.BytesAfterLastDelimiter > 0)
        {
            c.Note(link.Uart.LastByteStartPs, $"{link.Name}: the capture ends inside a frame ({Plural.Of(link.BytesAfterLastDelimiter, "byte")} after the last delimiter)");
        }

        // Bytes after the last delimiter are a frame the capture's end cut only when they could be one: no more than a frame, sent right before the end.
        long frameTime = (long)Math.Ceiling(Frame.MaxWireLength * 10 * 1e12 / c.Spec.Baud);
        bool cutFrame = link.BytesAfterLastDelimiter <= Frame.MaxWireLength && c.EndPs - link.TailStartPs <= frameTime;
        if (link.FrameCount == 0 && link.Errors.Count == 0 && (link.BytesBeforeFirstDelimiter > 0 || (link.BytesAfterLastDelimiter > 0 && !cutFrame)))
        {
            // Bytes but not one frame: the line is wired to the wrong pin, or carries something else.
            c.Warning(link.Uart.FirstByteStartPs, Area.Protocol, $"{link.Name}: {Plural.Of(link.Uart.ByteCount, "byte")} but no ColdStandby frame (another sender on this pin, or the wrong pin mapped?)");
        }

        if (link.FrameCount + link.Errors.Count > 0)
        {
            c.Cover($"frames on {link.Name}: {link.FrameCount:N0} good, {link.Errors.Count} dropped");
        }
    }

    /// <summary>The breaks in the sequence numbers, found as the frames went by.</summary>
    private static void Sequences(CaptureContext c, LinkDecoding link)
    {
        foreach (var e in link.Tally.SequenceEvents)
        {
            if (e.Restart)
            {
                c.Note(e.StartPs, $"{link.Name}: the sender started again (sequence 0 after {e.Previous}, first {e.Type})");
            }
            else
            {
                string what = e.Step == 0 ? "the same sequence number again"
                    : e.Step > 32768 ? $"sequence {e.Sequence} after {e.Previous}: it went back"
                    : $"sequence {e.Sequence} after {e.Previous}: {Plural.Of(e.Step - 1 - e.Lost, "frame")} missing";
                c.Error(e.StartPs, Area.Protocol, $"{link.Name}: {what} ({e.Type}; {Plural.Of(e.Lost, "dropped frame")} between)");
            }
        }
    }
}
