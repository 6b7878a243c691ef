using System.Diagnostics;
using System.Globalization;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Checks a logic-analyzer capture against the specification: reads the header (VCD or sigrok
/// session), resolves its channels to the boards' pins, then reads the values in one streaming
/// pass in which every UART line is decoded into frames with the firmware's own frame reader as
/// its edges go by and every other line is kept whole; then runs every check the captured lines allow.
/// </summary>
public static class CaptureCheck
{
    /// <summary>A UART bit needs this many samples, or edges cannot be placed within a bit.</summary>
    public const int SamplesPerBit = 4;

    /// <summary>
    /// Checks a file. Throws <see cref="CaptureFormatException"/> when it cannot be read (or was
    /// sampled too slowly for its UART lines) and <see cref="ArgumentException"/> when the options do not fit it.
    /// </summary>
    public static CaptureResult Run(string path, CaptureOptions options)
    {
        var clock = Stopwatch.StartNew();
        using var reader = CaptureReader.Open(path);
        return Run(reader, options, clock);
    }

    /// <summary>Checks a capture opened by <paramref name="reader"/>.</summary>
    public static CaptureResult Run(CaptureReader reader, CaptureOptions options, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var header = reader.Header;
        var signals = CaptureSignals.Resolve(header, options);
        var spec = options.Spec;
        bool undersampled = header.SamplePeriodPs * SamplesPerBit > 1e12 / spec.Baud;

        // One sink per channel wanted: a UART is decoded as it streams by, a line is kept whole.
        var sinks = new ChannelSink?[header.Channels.Count];
        var uarts = new List<(MappedChannel Channel, UartDecoder Decoder, LinkDecoder Frames)>();
        foreach (var channel in signals.Mapped)
        {
            if (channel.Pin.IsUart && channel.Pin.Role != SignalRole.Debug && !undersampled)
            {
                var frames = new LinkDecoder(channel.Pin.Role, options.KeepFrames);
                var decoder = new UartDecoder(spec.Baud, frames, options.KeepBytes);
                uarts.Add((channel, decoder, frames));
                sinks[channel.Channel.Index] = decoder;
            }
            else
            {
                sinks[channel.Channel.Index] = channel.Pin.IsUart ? new ActivitySink() : new LineRecorder();
            }
        }

        signals.Span = Read(reader, sinks, options);
        foreach (var channel in signals.Mapped)
        {
            switch (sinks[channel.Channel.Index])
            {
                case LineRecorder line:
                    channel.Activity = line.Activity;
                    channel.Waveform = channel.Inverted ? line.Waveform!.Inverted() : line.Waveform;
                    break;
                case ActivitySink activity:
                    channel.Activity = activity.Activity;
                    break;
                case UartDecoder decoder:
                    channel.Activity = decoder.Activity;
                    break;
            }
        }

        if (undersampled)
        {
            Undersampled(header, signals, spec);
        }

        var links = uarts.Select(u => u.Frames.Finish(u.Channel, u.Decoder.Result)).ToList();
        var context = new CaptureContext(signals, links, spec);
        LinkChecks.Run(context);
        GrantChecks.Run(context);
        WireChecks.Run(context);
        PowerButtonChecks.Run(context);
        PeerLinkChecks.Run(context);
        SwitchChecks.Run(context);
        HostLinkChecks.Run(context);
        clock.Stop();
        return new CaptureResult(signals, links, context, clock.Elapsed, Process.GetCurrentProcess().PeakWorkingSet64);
    }

    /// <summary>
    /// Reads every value into <paramref name="sinks"/>: with two threads the reader parses on this
    /// one and the sinks decode on a second (a 1 GB capture's parse and its UART decoders each take
    /// about 40 % of one thread's time), with one thread both here.
    /// </summary>
    private static CaptureSpan Read(CaptureReader reader, ChannelSink?[] sinks, CaptureOptions options)
    {
        reader.OneThread = options.Threads == 1;
        if (options.Threads == 1)
        {
            return reader.Read(sinks);
        }

        using var decoding = new DecodeThread(sinks, options.Batch);
        var span = reader.Read(decoding.Sinks);
        decoding.Finish();
        return span;
    }

    /// <summary>
    /// The analyzer sampled too slowly to place a UART's edges within its bits: the lines that
    /// carried anything are named with the rate they need, and the capture is not judged (the
    /// boards would be blamed for the analyzer's setting).
    /// </summary>
    private static void Undersampled(CaptureHeader header, CaptureSignals signals, CaptureSpec spec)
    {
        var busy = signals.Links.Where(l => l.Activity.EdgeCount > 0).ToList();
        if (busy.Count == 0)
        {
            return;
        }

        double rate = 1e12 / header.SamplePeriodPs;
        double needed = (double)spec.Baud * SamplesPerBit;
        string sampled = header.Rate is { } r ? $"sampled at {r} ({r.From})" : $"sampled every {header.Timescale} (its timescale)";
        throw new CaptureFormatException(header.Source, 0,
            $"{string.Join(", ", busy.Select(l => $"{l.Label} ({l.Pin.Meaning})"))} carr{(busy.Count == 1 ? "ies" : "y")} a UART at {spec.Baud.ToString("N0", CultureInfo.InvariantCulture)} baud, " +
            $"but the capture was {sampled}: {(spec.Baud > 0 ? (rate / spec.Baud).ToString("0.0", CultureInfo.InvariantCulture) : "?")} samples a bit, and decoding needs at least {SamplesPerBit}. " +
            $"Capture again at {SampleRate.Format(needed)} or faster (1 MHz or more is usual); the boards are not judged on this capture");
    }
}

/// <summary>A capture's verdict: what was found, noted and covered.</summary>
public sealed class CaptureResult
{
    internal CaptureResult(CaptureSignals signals, List<LinkDecoding> links, CaptureContext context, TimeSpan elapsed, long peakMemory)
    {
        PeakMemory = peakMemory;
        Signals = signals;
        Links = links;
        Findings = context.Findings.OrderBy(f => f.TimePs).ThenBy(f => f.Severity).ToList();
        Notes = context.Notes.OrderBy(n => n.TimePs).ToList();
        Covered = context.Covered;
        Elapsed = elapsed;
    }

    /// <summary>Gets the resolved channels.</summary>
    public CaptureSignals Signals { get; }

    /// <summary>Gets the decoded links.</summary>
    public IReadOnlyList<LinkDecoding> Links { get; }

    /// <summary>Gets the findings in time order.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Gets the notes in time order (those without a time first).</summary>
    public IReadOnlyList<Note> Notes { get; }

    /// <summary>Gets what each check looked at.</summary>
    public IReadOnlyList<string> Covered { get; }

    /// <summary>Gets how long reading and checking took.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets the peak working set of this process when the check ended (what the command line's check took).</summary>
    public long PeakMemory { get; }

    /// <summary>Gets whether the capture meets the specification: no error (warnings allowed).</summary>
    public bool Passed => Findings.All(f => f.Severity != Severity.Error);
}
