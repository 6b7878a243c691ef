namespace ColdStandby.Bench.Captures;

/// <summary>
/// Decodes one UART transmit line at 8N1 as its edges stream by, the way a receiver's UART does,
/// so the checker judges what the other end actually gets: a falling edge after idle is a start
/// bit; each bit is sampled in its middle, timed from that edge at the nominal rate; a stop bit
/// that is not high is a framing error (the byte still goes on, as a UART hands it over with an
/// error flag). It waits for a whole character time of idle before its first start bit, so a
/// capture that begins in the middle of a byte does not turn the rest of it into garbage. The
/// bit rate is measured on the side (<see cref="BaudMeter"/>), and each byte goes to the next
/// stage as soon as its stop bit is sampled: nothing of the line is kept but what the caller asks.
/// </summary>
public sealed class UartDecoder : ChannelSink
{
    private readonly long[] _at = new long[11];
    private readonly double _perBit;
    private readonly long _idle;
    private readonly double _bitPs;
    private readonly IUartByteSink? _next;
    private readonly BaudMeter _meter = new();
    private readonly UartDecoding _result;
    private ChannelActivity _activity;
    private State _state;
    private long _from;
    private long _start;
    private int _bit;
    private int _value;
    private bool _level;
    private long _highSince;
    private long _lastEdge;

    /// <summary>Initializes a decoder at <paramref name="baud"/> that hands each byte to <paramref name="next"/>; <paramref name="keepBytes"/> also keeps every byte in <see cref="UartDecoding.Bytes"/>.</summary>
    public UartDecoder(int baud, IUartByteSink? next = null, bool keepBytes = false)
    {
        Baud = baud;
        _bitPs = 1e12 / baud;
        _perBit = baud / 1e12;
        _next = next;
        _result = new UartDecoding(baud, keepBytes);

        // Sample points from the start bit's edge: the middles of the start bit, 8 data bits and the stop bit; then the byte's end.
        for (int i = 0; i < 10; i++)
        {
            _at[i] = (long)Math.Round((0.5 + i) * _bitPs);
        }

        _at[10] = (long)Math.Round(10 * _bitPs);
        _idle = (long)Math.Ceiling(10 * _bitPs);
    }

    /// <summary>Gets the nominal baud rate the line is sampled at.</summary>
    public int Baud { get; }

    /// <summary>Gets what the line carried (complete after <see cref="End"/>).</summary>
    public UartDecoding Result => _result;

    /// <summary>Gets what the line did.</summary>
    public ChannelActivity Activity => _activity;

    /// <inheritdoc/>
    public override void Begin(long startPs, bool level)
    {
        _activity.Begin(startPs, level);
        _level = level;
        _highSince = startPs;
        _lastEdge = startPs;
        _state = State.Unsynced;
        _result.SyncedAtPs = long.MaxValue;
    }

    /// <inheritdoc/>
    public override void Edge(long timePs, bool level)
    {
        _activity.Edge(timePs, level);
        if (_activity.EdgeCount > 1)
        {
            _meter.Pulse(timePs - _lastEdge, !_level);
        }

        _lastEdge = timePs;
        if (_state == State.InByte)
        {
            SampleBefore(timePs);
        }

        switch (_state)
        {
            case State.Unsynced:
                if (!level && timePs - _highSince >= _idle)
                {
                    _result.SyncedAtPs = _highSince + _idle;
                    StartByte(timePs);
                }

                break;
            case State.Idle:
                if (!level && timePs >= _from)
                {
                    StartByte(timePs);
                }

                break;
            case State.AwaitingHigh:
                if (level && timePs > _from)
                {
                    _state = State.Idle;
                    _from = timePs;
                }

                break;
        }

        _level = level;
        if (level)
        {
            _highSince = timePs;
        }
    }

    /// <inheritdoc/>
    public override void End(long endPs)
    {
        _activity.End(endPs);

        // Samples up to the end take the last level; a byte whose stop bit lies past the end was cut by it.
        if (_state == State.InByte)
        {
            SampleBefore(endPs + 1);
        }

        _result.Measured = _meter.Measure(_bitPs);
    }

    private void StartByte(long timePs)
    {
        _state = State.InByte;
        _start = timePs;
        _bit = 0;
        _value = 0;
    }

    /// <summary>Takes every sample of the byte in progress that lies before <paramref name="timePs"/>, at the level the line had until then.</summary>
    /// <remarks>
    /// The level is the same for all of them, so they are taken at once: which sample points lie
    /// before the edge is worked out from the bit time, and their data bits set with one mask.
    /// A branch per sample would be mispredicted on every other bit of random data.
    /// </remarks>
    private void SampleBefore(long timePs)
    {
        long since = timePs - _start;
        int end = (int)Math.Clamp((since * _perBit) + 0.5, 0, 10);
        while (end > _bit && _at[end - 1] >= since)
        {
            end--;
        }

        while (end < 10 && _at[end] < since)
        {
            end++;
        }

        if (end <= _bit)
        {
            return;
        }

        if (_bit == 0 && _level)
        {
            // Back high before the middle of the start bit: a glitch, not a start bit.
            _result.Glitches++;
            _state = State.Idle;
            _from = _start + 1;
            return;
        }

        // Sample points 1…8 are data bits 0…7.
        int first = Math.Max(_bit, 1);
        int last = Math.Min(end, 9);
        if (last > first)
        {
            _value |= -(_level ? 1 : 0) & (((1 << last) - (1 << first)) >> 1);
        }

        _bit = end;
        if (end == 10)
        {
            var received = new UartByte(_start, _start + _at[10], (byte)_value, !_level);
            _result.Add(received);
            _next?.Byte(received);

            // A stop bit that is low: the receiver waits for the line to go high before it looks for a start bit.
            _state = _level ? State.Idle : State.AwaitingHigh;
            _from = _start + _at[9];
        }
    }

    private enum State
    {
        Unsynced,
        Idle,
        InByte,
        AwaitingHigh,
    }
}

/// <summary>Takes a UART line's bytes as they are decoded.</summary>
public interface IUartByteSink
{
    /// <summary>One byte, in time order.</summary>
    void Byte(in UartByte received);
}

/// <summary>What a UART line carried.</summary>
public sealed class UartDecoding
{
    private readonly List<UartByte>? _bytes;

    internal UartDecoding(int baud, bool keepBytes)
    {
        Baud = baud;
        _bytes = keepBytes ? new List<UartByte>() : null;
    }

    /// <summary>Gets the nominal baud rate it was decoded at.</summary>
    public int Baud { get; }

    /// <summary>Gets the bit rate measured from the edges, or null when there were too few.</summary>
    public BaudMeasurement? Measured { get; internal set; }

    /// <summary>Gets how many bytes it carried.</summary>
    public long ByteCount { get; private set; }

    /// <summary>Gets the first byte's start bit (when <see cref="ByteCount"/> is not 0).</summary>
    public long FirstByteStartPs { get; private set; }

    /// <summary>Gets the last byte's start bit.</summary>
    public long LastByteStartPs { get; private set; }

    /// <summary>Gets every byte in time order, when they were asked to be kept (<c>--dump</c>, tests); else empty.</summary>
    public IReadOnlyList<UartByte> Bytes => (IReadOnlyList<UartByte>?)_bytes ?? Array.Empty<UartByte>();

    /// <summary>Gets whether <see cref="Bytes"/> holds every byte.</summary>
    public bool BytesKept => _bytes != null;

    /// <summary>Gets how many bytes had a low stop bit.</summary>
    public long FramingErrors { get; private set; }

    /// <summary>Gets the first byte with a low stop bit.</summary>
    public long FirstFramingErrorPs { get; private set; }

    /// <summary>Gets how many falling edges were too short to be a start bit.</summary>
    public long Glitches { get; internal set; }

    /// <summary>Gets when the decoder had seen a character time of idle and began to look for start bits (long.MaxValue: never).</summary>
    public long SyncedAtPs { get; internal set; } = long.MaxValue;

    internal void Add(in UartByte received)
    {
        if (ByteCount++ == 0)
        {
            FirstByteStartPs = received.StartPs;
        }

        LastByteStartPs = received.StartPs;
        if (received.FramingError && FramingErrors++ == 0)
        {
            FirstFramingErrorPs = received.StartPs;
        }

        _bytes?.Add(received);
    }
}

/// <summary>One received byte.</summary>
/// <param name="StartPs">The start bit's falling edge.</param>
/// <param name="EndPs">The end of its stop bit (at the nominal rate).</param>
/// <param name="Value">The data bits, LSB first.</param>
/// <param name="FramingError">Its stop bit was low.</param>
public readonly record struct UartByte(long StartPs, long EndPs, byte Value, bool FramingError);
