namespace ColdStandby.Bench.Captures;

/// <summary>A VCD file read into memory: what its header says and every one-bit channel it declares.</summary>
public sealed class VcdCapture
{
    internal VcdCapture(string source, string version, string comment, string timescale, long unitPs, List<VcdChannel> channels, long startPs, long endPs)
    {
        Source = source;
        Version = version;
        Comment = comment;
        Timescale = timescale;
        UnitPs = unitPs;
        Channels = channels;
        StartPs = startPs;
        EndPs = endPs;
    }

    /// <summary>Gets where it was read from (a file name, for messages).</summary>
    public string Source { get; }

    /// <summary>Gets the <c>$version</c> text (which tool wrote it), or empty.</summary>
    public string Version { get; }

    /// <summary>Gets the <c>$comment</c> text of the header, or empty.</summary>
    public string Comment { get; }

    /// <summary>Gets the <c>$timescale</c> as written, e.g. <c>1 us</c>.</summary>
    public string Timescale { get; }

    /// <summary>Gets one time unit of the file in picoseconds: the resolution of every edge in it.</summary>
    public long UnitPs { get; }

    /// <summary>Gets the declared channels in declaration order.</summary>
    public IReadOnlyList<VcdChannel> Channels { get; }

    /// <summary>Gets the first timestamp.</summary>
    public long StartPs { get; }

    /// <summary>Gets the last timestamp: where the capture ends.</summary>
    public long EndPs { get; }

    /// <summary>Gets whether our own bench wrote it (its <c>$version</c>): its lines are then asserted levels, not pin levels.</summary>
    public bool WrittenByBench => Version.Contains("ColdStandby bench", StringComparison.Ordinal);
}

/// <summary>One declared one-bit channel.</summary>
/// <param name="Scope">The innermost <c>$scope</c> it was declared in, or empty (sigrok writes <c>libsigrok</c>).</param>
/// <param name="Name">Its name, e.g. <c>power_button</c> or <c>D3</c>.</param>
/// <param name="Id">Its VCD identifier code.</param>
/// <param name="Line">The line of its <c>$var</c>.</param>
/// <param name="Waveform">Its levels over the capture, as the file has them.</param>
public sealed record VcdChannel(string Scope, string Name, string Id, int Line, Waveform Waveform)
{
    /// <summary>Gets scope and name, e.g. <c>smu_a.power_button</c>, or the bare name without a scope.</summary>
    public string FullName => Scope.Length == 0 ? Name : Scope + "." + Name;
}

/// <summary>A capture that cannot be read, with the line that says why.</summary>
public sealed class CaptureFormatException : Exception
{
    public CaptureFormatException(string source, int line, string problem)
        : base(line > 0 ? $"{source} line {line}: {problem}" : $"{source}: {problem}")
    {
        Line = line;
    }

    /// <summary>Gets the line of the file the problem is on (0 when it is the file as a whole).</summary>
    public int Line { get; }
}
