namespace ColdStandby.Bench.Captures;

/// <summary>
/// A capture file opened for one streaming pass: its <see cref="Header"/> first, then every value
/// change of the channels asked for, in time order per channel, handed to each channel's
/// <see cref="ChannelSink"/> as the file is read. Nothing of a channel nobody asked for is kept,
/// and nothing of a channel asked for but its sink's own summary: a 1 GB capture is read in a
/// few tens of megabytes.
/// </summary>
public abstract class CaptureReader : IDisposable
{
    /// <summary>Gets what the file declares.</summary>
    public abstract CaptureHeader Header { get; }

    /// <summary>Gets or sets whether <see cref="Read"/> runs on the calling thread alone (a sigrok session otherwise inflates on a second one).</summary>
    public bool OneThread { get; set; }

    /// <summary>
    /// Opens a capture: a sigrok session (<c>.sr</c>, PulseView's own format: a zip) or a VCD,
    /// told apart by the file's first bytes. Throws <see cref="CaptureFormatException"/> when it
    /// cannot be opened or its header cannot be read.
    /// </summary>
    public static CaptureReader Open(string path)
    {
        string source = Path.GetFileName(path);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CaptureFormatException(source, 0, $"cannot open it: {e.Message}");
        }

        try
        {
            Span<byte> magic = stackalloc byte[4];
            int got = file.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            file.Seek(0, SeekOrigin.Begin);
            if (got == 4 && magic.SequenceEqual("PK\x03\x04"u8))
            {
                return new SigrokSessionReader(file, source);
            }

            return new VcdReader(file, source);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads every value once. <paramref name="sinks"/> is indexed by <see cref="CaptureChannel.Index"/>;
    /// a null entry is skipped (a vector, a real or an x there is not even looked at). Returns the
    /// time the capture covers. Throws <see cref="CaptureFormatException"/> naming the line.
    /// </summary>
    public abstract CaptureSpan Read(IReadOnlyList<ChannelSink?> sinks);

    /// <inheritdoc/>
    public abstract void Dispose();
}

/// <summary>The time a capture covers: from its first timestamp (or sample) to its last.</summary>
public readonly record struct CaptureSpan(long StartPs, long EndPs);

/// <summary>
/// Takes one channel's levels as a reader streams them: its level at the capture's start, then
/// every change (each one toggles the level) in time order, then the capture's end.
/// </summary>
public abstract class ChannelSink
{
    /// <summary>The level at the capture's start (the first value a file gives stands for the time before it too).</summary>
    public abstract void Begin(long startPs, bool level);

    /// <summary>The level changed to <paramref name="level"/> at <paramref name="timePs"/> (never the level it had; times increase).</summary>
    public abstract void Edge(long timePs, bool level);

    /// <summary>The capture ends.</summary>
    public abstract void End(long endPs);
}

/// <summary>What a channel did over the capture, as on the wire: how often it changed, when first and last, how long it was low.</summary>
public struct ChannelActivity
{
    private long _lowSince;
    private bool _level;

    /// <summary>Gets the capture's start.</summary>
    public long StartPs { get; private set; }

    /// <summary>Gets the capture's end.</summary>
    public long EndPs { get; private set; }

    /// <summary>Gets the level at the start.</summary>
    public bool Initial { get; private set; }

    /// <summary>Gets how many times the level changed.</summary>
    public long EdgeCount { get; private set; }

    /// <summary>Gets the first change (meaningless without one).</summary>
    public long FirstEdgePs { get; private set; }

    /// <summary>Gets the last change.</summary>
    public long LastEdgePs { get; private set; }

    /// <summary>Gets how long the line was low in all.</summary>
    public long LowPs { get; private set; }

    /// <summary>Records the start.</summary>
    public void Begin(long startPs, bool level)
    {
        StartPs = startPs;
        Initial = level;
        _level = level;
        _lowSince = startPs;
    }

    /// <summary>Records a change.</summary>
    public void Edge(long timePs, bool level)
    {
        if (EdgeCount++ == 0)
        {
            FirstEdgePs = timePs;
        }

        LastEdgePs = timePs;
        if (level)
        {
            LowPs += timePs - _lowSince;
        }
        else
        {
            _lowSince = timePs;
        }

        _level = level;
    }

    /// <summary>Records the end.</summary>
    public void End(long endPs)
    {
        EndPs = endPs;
        if (!_level)
        {
            LowPs += endPs - _lowSince;
        }
    }
}

/// <summary>Keeps a channel whole, as a <see cref="Waveform"/>: for the GPIO lines, whose edges are few.</summary>
public sealed class LineRecorder : ChannelSink
{
    private long[] _edges = new long[16];
    private int _count;
    private bool _initial;
    private long _startPs;
    private ChannelActivity _activity;

    /// <summary>Gets the channel's waveform (after the end).</summary>
    public Waveform? Waveform { get; private set; }

    /// <summary>Gets what it did.</summary>
    public ChannelActivity Activity => _activity;

    /// <inheritdoc/>
    public override void Begin(long startPs, bool level)
    {
        _initial = level;
        _startPs = startPs;
        _activity.Begin(startPs, level);
    }

    /// <inheritdoc/>
    public override void Edge(long timePs, bool level)
    {
        if (_count == _edges.Length)
        {
            Array.Resize(ref _edges, _count * 2);
        }

        _edges[_count++] = timePs;
        _activity.Edge(timePs, level);
    }

    /// <inheritdoc/>
    public override void End(long endPs)
    {
        _activity.End(endPs);
        Waveform = new Waveform(_initial, _edges[.._count], _startPs, endPs);
        _edges = Array.Empty<long>();
    }
}

/// <summary>Counts a channel's changes and keeps nothing else: a UART that is not decoded (the debugger's).</summary>
public sealed class ActivitySink : ChannelSink
{
    private ChannelActivity _activity;

    /// <summary>Gets what it did.</summary>
    public ChannelActivity Activity => _activity;

    /// <inheritdoc/>
    public override void Begin(long startPs, bool level) => _activity.Begin(startPs, level);

    /// <inheritdoc/>
    public override void Edge(long timePs, bool level) => _activity.Edge(timePs, level);

    /// <inheritdoc/>
    public override void End(long endPs) => _activity.End(endPs);
}

/// <summary>Hands one channel to several sinks (two declarations of one VCD identifier, both wanted).</summary>
internal sealed class FanOutSink(ChannelSink[] sinks) : ChannelSink
{
    public override void Begin(long startPs, bool level)
    {
        foreach (var sink in sinks)
        {
            sink.Begin(startPs, level);
        }
    }

    public override void Edge(long timePs, bool level)
    {
        foreach (var sink in sinks)
        {
            sink.Edge(timePs, level);
        }
    }

    public override void End(long endPs)
    {
        foreach (var sink in sinks)
        {
            sink.End(endPs);
        }
    }
}
