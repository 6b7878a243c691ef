using System.Globalization;

namespace ColdStandby.Bench.Captures;

/// <summary>Something in the capture that is against the specification, or may be.</summary>
/// <param name="TimePs">Where it is in the capture.</param>
/// <param name="Severity">Whether the capture fails for it.</param>
/// <param name="Area">Which part of the specification.</param>
/// <param name="Text">What was seen, against what was expected.</param>
public sealed record Finding(long TimePs, Severity Severity, Area Area, string Text)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"{TimeText.At(TimePs),14}  {(Severity == Severity.Error ? "ERROR" : "warning"),-7}  {Area.ToString().ToLowerInvariant(),-8}  {Text}";
}

/// <summary>Whether a finding fails the capture.</summary>
public enum Severity
{
    /// <summary>The specification is broken: the capture fails.</summary>
    Error,

    /// <summary>Allowed only in a case the capture cannot show (a DM reset, a cut cable): look at it.</summary>
    Warning,
}

/// <summary>The part of the specification a finding is about.</summary>
public enum Area
{
    /// <summary>DESIGN.md §2: one grant at a time, power on only with the grant, the DM's grant rules.</summary>
    Safety,

    /// <summary>Bit rates, periods, deadlines, press lengths.</summary>
    Timing,

    /// <summary>Frames, sequence numbers, epochs, replies.</summary>
    Protocol,

    /// <summary>Two captured ends of one wire that disagree.</summary>
    Wiring,
}

/// <summary>Something worth knowing that is within the specification (a restart, a DM reset, a line not captured).</summary>
/// <param name="TimePs">Where, or -1 for the capture as a whole.</param>
/// <param name="Text">What.</param>
public sealed record Note(long TimePs, string Text)
{
    /// <inheritdoc/>
    public override string ToString() => $"{(TimePs < 0 ? "" : TimeText.At(TimePs)),14}  {Text}";
}

/// <summary>Times and durations as the report writes them.</summary>
public static class TimeText
{
    /// <summary>A time in the capture, in seconds to the microsecond: <c>12.345678 s</c>.</summary>
    public static string At(long ps) => (ps / 1e12).ToString("0.000000", CultureInfo.InvariantCulture) + " s";

    /// <summary>A duration with a unit that suits it: <c>1.500 s</c>, <c>200.0 ms</c>, <c>8.68 µs</c>.</summary>
    public static string Span(long ps)
    {
        double value = Math.Abs(ps);
        string sign = ps < 0 ? "-" : "";
        return value >= 1e12 ? sign + (value / 1e12).ToString("0.000", CultureInfo.InvariantCulture) + " s"
            : value >= 1e9 ? sign + (value / 1e9).ToString("0.0", CultureInfo.InvariantCulture) + " ms"
            : sign + (value / 1e6).ToString("0.00", CultureInfo.InvariantCulture) + " µs";
    }

    /// <summary>Milliseconds as picoseconds.</summary>
    public static long Ms(long ms) => ms * 1_000_000_000L;
}

/// <summary>Counts as the report writes them: <c>1 byte</c>, <c>2 bytes</c>, <c>1,234 frames</c>.</summary>
public static class Plural
{
    /// <summary>The count and the word, with an s (or <paramref name="plural"/>) unless the count is one.</summary>
    public static string Of(long count, string word, string? plural = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? word : plural ?? word + "s")}";
}
