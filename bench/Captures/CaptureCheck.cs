using System.Diagnostics;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Checks a logic-analyzer capture against the specification: reads the VCD, resolves its
/// channels to the boards' pins, decodes every UART line into frames with the firmware's own
/// frame reader, and runs every check that the captured lines allow.
/// </summary>
public static class CaptureCheck
{
    /// <summary>
    /// Checks a file. Throws <see cref="CaptureFormatException"/> when it cannot be read and
    /// <see cref="ArgumentException"/> when the options do not fit it.
    /// </summary>
    public static CaptureResult Run(string path, CaptureOptions options)
    {
        var clock = Stopwatch.StartNew();
        var capture = VcdReader.Read(path);
        return Run(capture, options, clock);
    }

    /// <summary>Checks a capture already read.</summary>
    public static CaptureResult Run(VcdCapture capture, CaptureOptions options, Stopwatch? clock = null)
    {
        clock ??= Stopwatch.StartNew();
        var signals = CaptureSignals.Resolve(capture, options);
        var spec = options.Spec;
        var decoder = new UartDecoder(spec.Baud);
        var links = new List<LinkDecoding>();
        foreach (var channel in signals.Links)
        {
            // A UART bit needs a few samples, or edges cannot be placed within a bit.
            if (channel.Waveform.EdgeCount > 0 && capture.UnitPs * 4 > 1e12 / spec.Baud)
            {
                throw new CaptureFormatException(capture.Source, 0, $"timescale {capture.Timescale} is too coarse for {spec.Baud} baud on {channel.Label}: " +
                    $"a bit is {TimeText.Span((long)(1e12 / spec.Baud))}, and needs at least 4 samples");
            }

            links.Add(LinkDecoder.Decode(channel, decoder.Decode(channel.Waveform)));
        }

        var context = new CaptureContext(signals, links, spec);
        LinkChecks.Run(context);
        GrantChecks.Run(context);
        WireChecks.Run(context);
        PowerButtonChecks.Run(context);
        PeerLinkChecks.Run(context);
        SwitchChecks.Run(context);
        HostLinkChecks.Run(context);
        clock.Stop();
        return new CaptureResult(signals, links, context, clock.Elapsed);
    }
}

/// <summary>A capture's verdict: what was found, noted and covered.</summary>
public sealed class CaptureResult
{
    internal CaptureResult(CaptureSignals signals, List<LinkDecoding> links, CaptureContext context, TimeSpan elapsed)
    {
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

    /// <summary>Gets whether the capture meets the specification: no error (warnings allowed).</summary>
    public bool Passed => Findings.All(f => f.Severity != Severity.Error);
}
