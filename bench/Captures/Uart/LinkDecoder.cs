using System.Reflection;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Turns one UART line's bytes into protocol frames as they are decoded, with the firmware's own
/// <see cref="FrameReader"/> (COBS, CRC-32C, the message catalogue, field ranges), keeping each
/// frame's time on the wire and, for a frame the reader drops, the reason it counted. The UART
/// decoder starts after a character time of idle, and the boards send a frame in one burst, so
/// its first byte starts a frame: the first frame is kept when it decodes, and only when it does
/// not is it taken as one the capture started inside (a note, not an error). Bytes after the
/// last delimiter were cut by the end of the capture.
/// </summary>
/// <remarks>
/// What every frame tells is taken as it goes by: the count per type, the first and the last, and
/// the sender's sequence numbers (<see cref="SequenceEvent"/>). Only the frames a later check reads
/// are kept (<see cref="Keeps"/>), unless every frame is asked for: a long log read-out on the host
/// link is half a million frames an hour that no check looks at one by one.
/// </remarks>
public sealed class LinkDecoder : IUartByteSink
{
    private static readonly string[] Reasons =
    {
        $"longer than {Frame.MaxEncodedLength} bytes",
        "not valid COBS",
        $"shorter than {Frame.MinFrameLength} bytes (type, sequence, CRC)",
        "CRC mismatch",
        "unknown message type",
        "wrong payload length for its type",
        "an exact repeat of the previous frame",
        "a field outside its values",
    };

    private readonly FrameReader _reader = new();
    private readonly byte[] _payload = new byte[Frame.MaxPayloadLength];
    private readonly int[] _countsBefore = new int[Reasons.Length];
    private readonly int[] _countsAfter = new int[Reasons.Length];
    private readonly PayloadArena _arena = new();
    private readonly List<DecodedFrame> _frames = new();
    private readonly List<FrameError> _errors = new();
    private readonly FrameTally _tally = new();
    private readonly bool _keepAll;
    private readonly bool _peerLink;
    private int _frameBytes;
    private long _frameStart;
    private bool _framingError;
    private bool _first = true;
    private bool _afterError;
    private int _bytesBeforeFirstDelimiter;

    /// <summary>Initializes a decoder for a line of <paramref name="role"/>; <paramref name="keepAll"/> keeps every good frame (a report or dump of them all).</summary>
    public LinkDecoder(SignalRole role, bool keepAll)
    {
        _keepAll = keepAll;
        _peerLink = role == SignalRole.PeerLink;
    }

    /// <inheritdoc/>
    public void Byte(in UartByte received)
    {
        if (received.Value != Frame.Delimiter)
        {
            if (_frameBytes++ == 0)
            {
                _frameStart = received.StartPs;
                _framingError = false;
                Counts(_countsBefore);
            }

            _framingError |= received.FramingError;
            _reader.Push(received.Value);
            return;
        }

        if (_reader.Push(received.Value))
        {
            var message = _reader.Message;
            _tally.Frame(_frameStart, received.EndPs, _reader.Sequence, message.Type);
            if (_keepAll || _afterError || Keeps(_peerLink, message.Type, _reader.Sequence))
            {
                message.WritePayload(_payload, 0);
                int offset = _arena.Add(_payload, message.PayloadLength);
                _frames.Add(new DecodedFrame(_frameStart, received.EndPs, _reader.Sequence, message.Type, _arena, offset, message.PayloadLength));
            }

            _first = false;
            _afterError = false;
        }
        else if (_frameBytes > 0)
        {
            if (_first)
            {
                // The capture may have started inside it: a receiver joining mid-stream drops it too.
                _bytesBeforeFirstDelimiter = _frameBytes;
            }
            else
            {
                Counts(_countsAfter);
                string reason = Reason();
                _errors.Add(new FrameError(_frameStart, received.EndPs, _frameBytes + 1, _framingError ? reason + " (after a framing error)" : reason));
                _tally.Dropped();

                // Whether the frame after it is a restart tells a sender's reset from a spoiled frame.
                _afterError = true;
            }

            _first = false;
        }

        _frameBytes = 0;
    }

    /// <summary>Gets the link's frames once its line has ended.</summary>
    public LinkDecoding Finish(MappedChannel channel, UartDecoding uart) =>
        new(channel, uart, _frames, _errors, _tally, _keepAll, _bytesBeforeFirstDelimiter, _frameBytes, _frameBytes > 0 ? _frameStart : long.MaxValue);

    /// <summary>
    /// Gets whether a check reads a frame one by one, so it is kept when not every frame is: every
    /// frame on the peer link (each one shows its sender alive, and the handover is told there),
    /// kicks (the watchdog), fences (the grant), and a sender's restart (a hello, or sequence 0) on
    /// any line. A check that reads another kind of frame adds it here. The frame after a dropped
    /// one is kept too (a restart there explains the drop).
    /// </summary>
    public static bool Keeps(bool peerLink, MessageType type, ushort sequence) =>
        peerLink || sequence == 0 || type is MessageType.Hello or MessageType.Kick or MessageType.Fence;

    private void Counts(int[] into)
    {
        var c = _reader.Counters;
        into[0] = c.Oversized;
        into[1] = c.BadEncoding;
        into[2] = c.TooShort;
        into[3] = c.BadCrc;
        into[4] = c.UnknownType;
        into[5] = c.BadLength;
        into[6] = c.Duplicates;
        into[7] = c.BadField;
    }

    private string Reason()
    {
        for (int i = 0; i < Reasons.Length; i++)
        {
            if (_countsAfter[i] != _countsBefore[i])
            {
                return Reasons[i];
            }
        }

        return "dropped";
    }
}

/// <summary>
/// What every good frame of a line tells, taken as it goes by: how many of each type (in the order
/// the types first came), the first frame's start, the last frame's end, and each break in the
/// sender's sequence numbers (they go up by one per frame; a frame the line spoiled used a number too).
/// </summary>
public sealed class FrameTally
{
    private readonly int[] _byType = new int[256];
    private readonly List<MessageType> _types = new();
    private readonly List<SequenceEvent> _sequenceEvents = new();
    private ushort _previousSequence;
    private int _lost;

    /// <summary>Gets how many good frames the line carried.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the first good frame's start (when <see cref="Count"/> is not 0).</summary>
    public long FirstStartPs { get; private set; }

    /// <summary>Gets the last good frame's end.</summary>
    public long LastEndPs { get; private set; }

    /// <summary>Gets each type with its count, the most frequent first (types as frequent in the order they first came).</summary>
    public IEnumerable<(MessageType Type, int Count)> ByType => _types.Select(t => (t, _byType[(byte)t])).OrderByDescending(t => t.Item2);

    /// <summary>Gets the breaks in the sequence numbers, in time order.</summary>
    public IReadOnlyList<SequenceEvent> SequenceEvents => _sequenceEvents;

    internal void Frame(long startPs, long endPs, ushort sequence, MessageType type)
    {
        if (_byType[(byte)type]++ == 0)
        {
            _types.Add(type);
        }

        if (Count++ == 0)
        {
            FirstStartPs = startPs;
        }
        else
        {
            int step = (sequence - _previousSequence + 65536) % 65536;
            if ((sequence == 0 && step != 1) || step == 0 || step > 1 + _lost)
            {
                _sequenceEvents.Add(new SequenceEvent(startPs, type, sequence, _previousSequence, step, _lost));
            }
        }

        LastEndPs = endPs;
        _previousSequence = sequence;
        _lost = 0;
    }

    internal void Dropped() => _lost++;
}

/// <summary>A good frame whose sequence number does not follow the last good frame's (by one, or by one plus the dropped frames between).</summary>
/// <param name="StartPs">The frame's start.</param>
/// <param name="Type">Its type.</param>
/// <param name="Sequence">Its sequence number.</param>
/// <param name="Previous">The last good frame's.</param>
/// <param name="Step">How far it went on (0: the same again; above 32,768: back).</param>
/// <param name="Lost">Dropped frames between the two.</param>
public readonly record struct SequenceEvent(long StartPs, MessageType Type, ushort Sequence, ushort Previous, int Step, int Lost)
{
    /// <summary>Gets whether the sender started again: sequence 0, not right after 65,535.</summary>
    public bool Restart => Sequence == 0 && Step != 1;
}

/// <summary>One UART line's frames.</summary>
public sealed class LinkDecoding
{
    internal LinkDecoding(MappedChannel channel, UartDecoding uart, List<DecodedFrame> frames, List<FrameError> errors, FrameTally tally, bool allFrames, int bytesBeforeFirstDelimiter, int bytesAfterLastDelimiter, long tailStartPs)
    {
        Tally = tally;
        AllFrames = allFrames;
        TailStartPs = tailStartPs;
        Channel = channel;
        Uart = uart;
        Frames = frames;
        Errors = errors;
        BytesBeforeFirstDelimiter = bytesBeforeFirstDelimiter;
        BytesAfterLastDelimiter = bytesAfterLastDelimiter;
    }

    /// <summary>Gets the channel.</summary>
    public MappedChannel Channel { get; }

    /// <summary>Gets the bytes and UART errors.</summary>
    public UartDecoding Uart { get; }

    /// <summary>
    /// Gets the good frames a check reads (<see cref="LinkDecoder.Keeps"/>), or every good frame
    /// when they were all kept (<see cref="AllFrames"/>), in time order.
    /// </summary>
    public IReadOnlyList<DecodedFrame> Frames { get; }

    /// <summary>Gets whether <see cref="Frames"/> holds every good frame (<see cref="CaptureOptions.KeepFrames"/>).</summary>
    public bool AllFrames { get; }

    /// <summary>Gets what every good frame told: counts, first and last, the sequence numbers' breaks.</summary>
    public FrameTally Tally { get; }

    /// <summary>Gets how many good frames the line carried (kept or not).</summary>
    public int FrameCount => Tally.Count;

    /// <summary>Gets the frames the reader dropped, with why, in time order.</summary>
    public IReadOnlyList<FrameError> Errors { get; }

    /// <summary>Gets the bytes of a first frame that did not decode (the capture started inside it), or 0.</summary>
    public int BytesBeforeFirstDelimiter { get; }

    /// <summary>Gets the bytes after the last delimiter (a frame the capture's end cut).</summary>
    public int BytesAfterLastDelimiter { get; }

    /// <summary>Gets when the bytes after the last delimiter began (long.MaxValue: none).</summary>
    public long TailStartPs { get; }

    /// <summary>Gets what the link is, e.g. <c>peer link A→B</c>.</summary>
    public string Name => Channel.Pin.Meaning;

    /// <summary>Gets the index of the first frame that starts after <paramref name="timePs"/> (Frames.Count when none).</summary>
    public int FirstFrameAfter(long timePs) => FirstAfter(Frames, timePs, f => f.StartPs);

    /// <summary>Gets the index of the first dropped frame that starts after <paramref name="timePs"/> (Errors.Count when none).</summary>
    public int FirstErrorAfter(long timePs) => FirstAfter(Errors, timePs, e => e.StartPs);

    /// <summary>Gets the frames that start in (<paramref name="afterPs"/>, <paramref name="untilPs"/>], in time order.</summary>
    public IEnumerable<DecodedFrame> FramesBetween(long afterPs, long untilPs)
    {
        for (int i = FirstFrameAfter(afterPs); i < Frames.Count && Frames[i].StartPs <= untilPs; i++)
        {
            yield return Frames[i];
        }
    }

    private static int FirstAfter<T>(IReadOnlyList<T> items, long timePs, Func<T, long> start)
    {
        // A binary search over items in time order: checks that look between two frames stay linear on long captures.
        int low = 0;
        int high = items.Count;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (start(items[middle]) <= timePs)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}

/// <summary>
/// A good frame. Its message is decoded from the payload when first asked for: with every frame
/// kept (<c>--report</c>), a long capture holds half a million in a few tens of megabytes.
/// </summary>
public sealed class DecodedFrame
{
    private readonly PayloadArena _arena;
    private readonly int _offset;
    private readonly byte _length;
    private Message? _message;

    internal DecodedFrame(long startPs, long endPs, ushort sequence, MessageType type, PayloadArena arena, int offset, int length)
    {
        StartPs = startPs;
        EndPs = endPs;
        Sequence = sequence;
        Type = type;
        _arena = arena;
        _offset = offset;
        _length = (byte)length;
    }

    /// <summary>Gets its first byte's start bit.</summary>
    public long StartPs { get; }

    /// <summary>Gets the end of its delimiter's stop bit: when the receiver has it.</summary>
    public long EndPs { get; }

    /// <summary>Gets the sender's sequence number.</summary>
    public ushort Sequence { get; }

    /// <summary>Gets the message type.</summary>
    public MessageType Type { get; }

    /// <summary>Gets the message (its own instance, valid for good).</summary>
    public Message Message => _message ??= _arena.Decode(Type, _offset, _length);

    /// <summary>Gets the payload bytes.</summary>
    public ReadOnlySpan<byte> Payload => _arena.Span(_offset, _length);

    /// <summary>Gets the fields as the protocol's page writes them, e.g. <c>Epoch=2 Kind=Failover From=A</c>.</summary>
    public string Fields => MessageFields.Of(Message);

    /// <inheritdoc/>
    public override string ToString() => $"{Type} #{Sequence} {Fields}".TrimEnd();
}

/// <summary>Frame payloads packed in 64 KB blocks, so a frame holds an offset rather than an array of its own.</summary>
public sealed class PayloadArena
{
    private const int BlockBits = 16;
    private const int BlockSize = 1 << BlockBits;
    private static readonly Func<Message>?[] Factories = MakeFactories();
    private readonly List<byte[]> _blocks = new();
    private int _used = BlockSize;

    /// <summary>Adds a payload; returns its offset.</summary>
    public int Add(byte[] payload, int length)
    {
        if (_used + length > BlockSize)
        {
            _blocks.Add(new byte[BlockSize]);
            _used = 0;
        }

        Buffer.BlockCopy(payload, 0, _blocks[^1], _used, length);
        int offset = ((_blocks.Count - 1) << BlockBits) | _used;
        _used += length;
        return offset;
    }

    /// <summary>Gets a payload's bytes.</summary>
    public ReadOnlySpan<byte> Span(int offset, int length) => _blocks[offset >>> BlockBits].AsSpan(offset & (BlockSize - 1), length);

    /// <summary>Decodes a payload into a new message of its type.</summary>
    public Message Decode(MessageType type, int offset, int length)
    {
        var message = Factories[(byte)type]!();
        message.ReadPayload(_blocks[offset >>> BlockBits], offset & (BlockSize - 1));
        return message;
    }

    private static Func<Message>?[] MakeFactories()
    {
        var set = new MessageSet();
        var factories = new Func<Message>?[256];
        for (int type = 0; type < 256; type++)
        {
            if (set.ForType((byte)type) is { } message)
            {
                var constructor = message.GetType().GetConstructor(Type.EmptyTypes)!;
                factories[type] = () => (Message)constructor.Invoke(null);
            }
        }

        return factories;
    }
}

/// <summary>A frame the reader dropped.</summary>
/// <param name="StartPs">Its first byte.</param>
/// <param name="EndPs">Its delimiter's end.</param>
/// <param name="Bytes">Its length with the delimiter.</param>
/// <param name="Reason">Why it was dropped.</param>
public sealed record FrameError(long StartPs, long EndPs, int Bytes, string Reason);

/// <summary>A message's fields as text, from its public properties, so a new field shows without anyone adding it here.</summary>
public static class MessageFields
{
    /// <summary>Writes <c>Name=Value</c> pairs; flags joined by <c>+</c>.</summary>
    public static string Of(Message message) => string.Join(' ', Pairs(message).Select(p => $"{p.Name}={p.Value}"));

    /// <summary>Gets each field's name and value as text, in declaration order.</summary>
    public static IEnumerable<(string Name, string Value)> Pairs(Message message) =>
        Values(message).Select(v => (v.Name, v.Value switch
        {
            bool flag => flag ? "True" : "False",
            _ => Convert.ToString(v.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        }));

    /// <summary>Gets each field's name and value, in declaration order: an enumeration as its name (flags joined by <c>+</c>), a number or a bool as itself.</summary>
    public static IEnumerable<(string Name, object Value)> Values(Message message)
    {
        foreach (var property in message.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (property.Name is nameof(Message.Type) or nameof(Message.PayloadLength))
            {
                continue;
            }

            object value = property.GetValue(message)!;
            yield return (property.Name, value is Enum e ? e.ToString().Replace(", ", "+", StringComparison.Ordinal) : value);
        }
    }
}
