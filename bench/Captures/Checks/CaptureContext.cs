using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>What every check reads (the resolved lines, the decoded links, the specification) and writes (findings, notes, what it covered).</summary>
public sealed class CaptureContext
{
    internal CaptureContext(CaptureSignals signals, IReadOnlyList<LinkDecoding> links, CaptureSpec spec)
    {
        Signals = signals;
        Links = links;
        Spec = spec;
    }

    /// <summary>Gets the capture's lines.</summary>
    public CaptureSignals Signals { get; }

    /// <summary>Gets the decoded links.</summary>
    public IReadOnlyList<LinkDecoding> Links { get; }

    /// <summary>Gets the specification.</summary>
    public CaptureSpec Spec { get; }

    /// <summary>Gets the findings so far.</summary>
    public List<Finding> Findings { get; } = new();

    /// <summary>Gets the notes so far.</summary>
    public List<Note> Notes { get; } = new();

    /// <summary>Gets one line per check saying what it looked at.</summary>
    public List<string> Covered { get; } = new();

    /// <summary>Gets the capture's start.</summary>
    public long StartPs => Signals.StartPs;

    /// <summary>Gets the capture's end.</summary>
    public long EndPs => Signals.EndPs;

    /// <summary>Gets a line in asserted terms, or null when it was not captured.</summary>
    public Waveform? Line(SignalRole role, Side side) => Signals.Line(role, side);

    /// <summary>Gets a decoded link, or null when it was not captured (the first, when both its ends were).</summary>
    public LinkDecoding? Link(SignalRole role, Side side) => Links.FirstOrDefault(l => l.Channel.Pin.Role == role && l.Channel.Pin.Side == side);

    /// <summary>Gets a tolerance in picoseconds.</summary>
    public long Ms(long ms) => TimeText.Ms(ms);

    /// <summary>Records an error: the capture fails.</summary>
    public void Error(long timePs, Area area, string text) => Findings.Add(new Finding(timePs, Severity.Error, area, text));

    /// <summary>Records a warning.</summary>
    public void Warning(long timePs, Area area, string text) => Findings.Add(new Finding(timePs, Severity.Warning, area, text));

    /// <summary>Records a note.</summary>
    public void Note(long timePs, string text) => Notes.Add(new Note(timePs, text));

    /// <summary>Records what a check looked at.</summary>
    public void Cover(string text) => Covered.Add(text);

    /// <summary>Gets the other side.</summary>
    public static Side Other(Side side) => side == Side.A ? Side.B : Side.A;
}
