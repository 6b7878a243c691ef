using System.Globalization;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// What a capture file says about itself before its samples: which tool wrote it, its time
/// resolution and real sample rate, and every channel it declares. Enough to decide which
/// channels are pins before a single value is read, so the one pass over the values keeps only those.
/// </summary>
public sealed class CaptureHeader
{
    internal CaptureHeader(string source, string format, string version, string comment, string timescale, long unitPs, SampleRate? rate, List<CaptureChannel> channels)
    {
        Source = source;
        Format = format;
        Version = version;
        Comment = comment;
        Timescale = timescale;
        UnitPs = unitPs;
        Rate = rate;
        Channels = channels;
    }

    /// <summary>Gets where it was read from (a file name, for messages).</summary>
    public string Source { get; }

    /// <summary>Gets the file format: <c>VCD</c> or <c>sigrok session</c>.</summary>
    public string Format { get; }

    /// <summary>Gets which tool wrote it (the VCD's <c>$version</c>, the session's sigrok version), or empty.</summary>
    public string Version { get; }

    /// <summary>Gets the <c>$comment</c> text of a VCD header, or empty.</summary>
    public string Comment { get; }

    /// <summary>Gets the time resolution as the file writes it: a VCD's <c>$timescale</c> (<c>250 ns</c>), or a session's sample period.</summary>
    public string Timescale { get; }

    /// <summary>Gets one time unit of the file in picoseconds: the resolution of every edge in it.</summary>
    public long UnitPs { get; }

    /// <summary>Gets the sample rate the analyzer really sampled at, when the file says (sigrok's META line or comment, a session's metadata); null when only the timescale is known.</summary>
    public SampleRate? Rate { get; }

    /// <summary>Gets the time between two samples: from the real sample rate when known, else one time unit.</summary>
    public double SamplePeriodPs => Rate is { } rate ? 1e12 / rate.Hz : UnitPs;

    /// <summary>Gets the declared channels in declaration order (their <see cref="CaptureChannel.Index"/>).</summary>
    public IReadOnlyList<CaptureChannel> Channels { get; }

    /// <summary>Gets whether our own bench wrote it (its <c>$version</c>): its lines are then asserted levels, not pin levels.</summary>
    public bool WrittenByBench => Version.Contains("ColdStandby bench", StringComparison.Ordinal);
}

/// <summary>One declared channel.</summary>
/// <param name="Index">Its position among the file's channels, from 0 (what <c>--map 3=PIN</c> names).</param>
/// <param name="ScopePath">The <c>$scope</c>s it was declared in, outermost first, joined by dots (sigrok writes <c>libsigrok</c>; a session has none).</param>
/// <param name="Name">Its name, e.g. <c>power_button</c> or <c>D3</c>.</param>
/// <param name="Id">Its VCD identifier code, or the session's probe number.</param>
/// <param name="Width">Its width in bits (1 for a wire; a vector is wider).</param>
/// <param name="Type">Its VCD type (<c>wire</c>, <c>reg</c>, <c>real</c> …), or <c>logic</c> for a session's probe.</param>
/// <param name="Line">The line of its <c>$var</c> (0 in a session).</param>
public sealed record CaptureChannel(int Index, string ScopePath, string Name, string Id, int Width, string Type, int Line)
{
    /// <summary>Gets the innermost scope, e.g. <c>smu_a</c>, or empty.</summary>
    public string Scope => ScopePath[(ScopePath.LastIndexOf('.') + 1)..];

    /// <summary>Gets the innermost scope and the name, e.g. <c>smu_a.power_button</c>, or the bare name without a scope.</summary>
    public string FullName => Scope.Length == 0 ? Name : Scope + "." + Name;

    /// <summary>Gets whether it is a one-bit wire whose levels a check can use.</summary>
    public bool IsBit => Width == 1 && Type is not ("real" or "realtime" or "string" or "event" or "parameter");

    /// <summary>Gets how a message names it: the name with its index and, in a VCD, its line.</summary>
    public string Describe() => $"'{FullName}' (channel {Index}{(Line > 0 ? $", line {Line}" : "")})";
}

/// <summary>A sample rate as an analyzer states it.</summary>
/// <param name="Hz">Samples per second.</param>
/// <param name="From">Where the file says it, e.g. <c>sigrok's META line</c>.</param>
public readonly record struct SampleRate(double Hz, string From)
{
    /// <summary>Parses sigrok's way of writing a rate: <c>1 MHz</c>, <c>166.666 kHz</c>, <c>250000</c> (Hz).</summary>
    public static double? Parse(string text)
    {
        string t = text.Trim();
        double unit = 1;
        foreach (var (suffix, scale) in new[] { ("GHz", 1e9), ("MHz", 1e6), ("kHz", 1e3), ("Hz", 1.0) })
        {
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                unit = scale;
                t = t[..^suffix.Length].Trim();
                break;
            }
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && !double.IsInfinity(value)
            ? Math.Round(value * unit)
            : null;
    }

    /// <summary>Writes a rate as people say it: <c>166.666 kHz</c>, <c>4 MHz</c>.</summary>
    public static string Format(double hz) =>
        hz >= 1e9 ? (hz / 1e9).ToString("0.###", CultureInfo.InvariantCulture) + " GHz"
        : hz >= 1e6 ? (hz / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " MHz"
        : hz >= 1e3 ? (hz / 1e3).ToString("0.###", CultureInfo.InvariantCulture) + " kHz"
        : hz.ToString("0.###", CultureInfo.InvariantCulture) + " Hz";

    /// <inheritdoc/>
    public override string ToString() => Format(Hz);
}

/// <summary>A capture that cannot be read, with the line that says why.</summary>
public sealed class CaptureFormatException : Exception
{
    public CaptureFormatException(string source, long line, string problem)
        : base(line > 0 ? $"{source} line {line}: {problem}" : $"{source}: {problem}")
    {
        Line = line;
    }

    /// <summary>Gets the line of the file the problem is on (0 when it is the file as a whole).</summary>
    public long Line { get; }
}
