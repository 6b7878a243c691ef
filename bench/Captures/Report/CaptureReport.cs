using System.Globalization;
using System.Text;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// The checker's report for people: the capture and its channels, the frames per link by type,
/// what each check covered, the findings at their times, the notes, and the verdict. The long
/// form adds every frame of every link at its time (what a protocol decoder in PulseView shows).
/// </summary>
public static class CaptureReport
{
    /// <summary>Formats the report; <paramref name="frames"/> adds the frame-by-frame listing.</summary>
    public static string Format(CaptureResult result, bool frames = false)
    {
        var text = new StringBuilder();
        var signals = result.Signals;
        var header = signals.Header;
        string rate = header.Rate is { } r ? $", sampled at {r} ({r.From})" : "";
        string resolution = header.Format == "VCD" ? $"timescale {header.Timescale}{rate}" : $"sigrok session at {header.Rate?.ToString() ?? "?"}";
        text.AppendLine($"capture {header.Source}: {TimeText.At(signals.StartPs)} to {TimeText.At(signals.EndPs)} ({TimeText.Span(signals.EndPs - signals.StartPs)}), " +
            $"{resolution}{(header.Version.Length > 0 ? $", written by {header.Version}" : "")}");
        text.AppendLine(signals.Levels == LevelMeaning.Asserted
            ? "levels read as asserted (1 = asserted, as the bench writes them); --levels pin for probes on the real pins"
            : "levels read as on the pins (the pin map's active level says which is asserted); --levels asserted for a bench trace");
        if (signals.Board != null)
        {
            text.AppendLine($"board: {signals.Board}");
        }

        Channels(text, result);
        Frames(text, result);
        text.AppendLine();
        text.AppendLine("checked:");
        foreach (string covered in result.Covered)
        {
            text.AppendLine($"  {covered}");
        }

        text.AppendLine();
        int errors = result.Findings.Count(f => f.Severity == Severity.Error);
        int warnings = result.Findings.Count - errors;
        string byArea = string.Join(", ", result.Findings.Where(f => f.Severity == Severity.Error).GroupBy(f => f.Area).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}"));
        text.AppendLine(result.Findings.Count == 0 ? "findings: none" : $"findings: {Plural.Of(errors, "error")}{(errors > 0 ? $" ({byArea})" : "")}, {Plural.Of(warnings, "warning")}");
        foreach (var finding in result.Findings)
        {
            text.AppendLine($"  {finding}");
        }

        if (result.Notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("notes:");
            foreach (var note in result.Notes)
            {
                text.AppendLine($"  {note}");
            }
        }

        if (frames)
        {
            FrameListing(text, result);
        }

        text.AppendLine();
        text.AppendLine(result.Passed
            ? $"verdict: PASS — the capture meets the specification{(warnings > 0 ? $" ({Plural.Of(warnings, "warning")} to look at)" : "")}"
            : $"verdict: FAIL — {Plural.Of(errors, "error")} against the specification");
        text.AppendLine($"(read and checked in {result.Elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture)} s, peak memory {result.PeakMemory / (1024.0 * 1024):0} MB)");
        return text.ToString();
    }

    private static void Channels(StringBuilder text, CaptureResult result)
    {
        var signals = result.Signals;
        text.AppendLine();
        text.AppendLine($"channels: {signals.Header.Channels.Count} in the file, {signals.Mapped.Count} on a pin (numbered as --map NUMBER=PIN takes them)");
        foreach (var channel in signals.Mapped)
        {
            var activity = channel.Activity;
            string detail = activity.EdgeCount switch
            {
                0 => "no transition",
                1 => $"1 transition at {TimeText.At(activity.FirstEdgePs)}",
                _ => $"{activity.EdgeCount:N0} transitions {TimeText.At(activity.FirstEdgePs)} – {TimeText.At(activity.LastEdgePs)}",
            };
            var link = result.Links.FirstOrDefault(l => l.Channel == channel);
            if (link != null)
            {
                var uart = link.Uart;
                string rate = uart.Measured is { } m ? $", {m.Baud.ToString("N0", CultureInfo.InvariantCulture)} baud" : "";
                detail += $", {Plural.Of(uart.ByteCount, "byte")}, {Plural.Of(link.FrameCount, "frame")}{rate}";
            }
            else if (channel.Pin.Role == SignalRole.Debug)
            {
                detail += " (nanoFramework's debugger: not decoded)";
            }
            else if (channel.Waveform is { } waveform)
            {
                detail += waveform.EdgeCount == 0 ? $", {(waveform.Initial ? "asserted" : "not asserted")} throughout" : "";
            }

            text.AppendLine($"  {channel.Channel.Index,3} {channel.Label,-34} {channel.Pin.Meaning,-30} {detail}");
        }

        foreach (var (channel, why) in signals.Unused)
        {
            text.AppendLine($"  {channel.Index,3} {channel.FullName,-34} {"not used:",-30} {why}");
        }
    }

    private static void Frames(StringBuilder text, CaptureResult result)
    {
        if (result.Links.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("frames per link:");
        foreach (var link in result.Links)
        {
            var tally = link.Tally;
            string types = string.Join(", ", tally.ByType.Select(t => $"{t.Type} {t.Count}"));
            string dropped = link.Errors.Count > 0 ? $"; {link.Errors.Count} dropped" : "";
            string span = tally.Count > 0 ? $" ({TimeText.At(tally.FirstStartPs)} – {TimeText.At(tally.LastEndPs)})" : "";
            text.AppendLine($"  {link.Name,-32} {tally.Count,5}{(types.Length > 0 ? ": " + types : "")}{dropped}{span}");
        }
    }

    private static void FrameListing(StringBuilder text, CaptureResult result)
    {
        if (result.Links.Any(l => !l.AllFrames))
        {
            throw new InvalidOperationException("the frames were not kept: check with CaptureOptions.KeepFrames to list them");
        }

        foreach (var link in result.Links.Where(l => l.FrameCount + l.Errors.Count > 0))
        {
            text.AppendLine();
            text.AppendLine($"frames on {link.Name} ({link.Channel.Label}):");
            var rows = link.Frames.Select(f => (f.StartPs, $"{f}"))
                .Concat(link.Errors.Select(e => (e.StartPs, $"dropped: {Plural.Of(e.Bytes, "byte")}, {e.Reason}")))
                .OrderBy(r => r.StartPs);
            foreach (var (at, what) in rows)
            {
                text.AppendLine($"  {TimeText.At(at),14}  {what}");
            }
        }
    }
}
