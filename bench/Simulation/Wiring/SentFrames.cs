using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The frames a link carried, kept so that a campaign can replay one later as an attacker (or a
/// confused cable) would: the newest frames of each kind, heartbeats apart from the rest so that
/// the rare requests are not pushed out by them, the newest heartbeat that said something else
/// than the newest one (the sender's state before its last change, however long ago), and the
/// heartbeat sent just before the newest switch request. Fixed buffers: nothing is allocated per frame.
/// </summary>
public sealed class SentFrames
{
    private const int Slots = 24;
    private const int HeartbeatSlots = 8;

    private readonly FrameReader _reader = new();
    private readonly byte[][] _frames = new byte[Slots + HeartbeatSlots][];
    private readonly int[] _lengths = new int[Slots + HeartbeatSlots];
    private readonly MessageType[] _types = new MessageType[Slots + HeartbeatSlots];
    private readonly byte[] _current = new byte[Frame.MaxWireLength + 2];
    private readonly byte[] _lastBeat = new byte[Frame.MaxWireLength + 2];
    private readonly byte[] _earlierBeat = new byte[Frame.MaxWireLength + 2];
    private readonly byte[] _lastBeatPayload = new byte[Frame.MaxWireLength];
    private readonly byte[] _payload = new byte[Frame.MaxWireLength];
    private int _currentLength;
    private int _next;
    private int _nextBeat;
    private readonly byte[] _requestBeat = new byte[Frame.MaxWireLength + 2];
    private int _lastBeatLength;
    private int _earlierBeatLength;
    private int _requestBeatLength;

    internal SentFrames()
    {
        for (int i = 0; i < _frames.Length; i++)
        {
            _frames[i] = new byte[Frame.MaxWireLength + 2];
        }
    }

    /// <summary>Gets how many frames are kept.</summary>
    public int Count => _lengths.Count(l => l > 0);

    /// <summary>Takes one byte as the sender put it on the line.</summary>
    internal void Sent(byte value)
    {
        if (_currentLength < _current.Length)
        {
            _current[_currentLength++] = value;
        }

        if (!_reader.Push(value))
        {
            if (value == Frame.Delimiter)
            {
                _currentLength = 0;
            }

            return;
        }

        MessageType type = _reader.Message.Type;
        bool beat = IsBeat(type);
        int slot = beat ? Slots + _nextBeat : _next;
        if (beat)
        {
            _nextBeat = (_nextBeat + 1) % HeartbeatSlots;
        }
        else
        {
            _next = (_next + 1) % Slots;
        }

        Array.Copy(_current, _frames[slot], _currentLength);
        _lengths[slot] = _currentLength;
        _types[slot] = type;
        if (type == MessageType.Heartbeat)
        {
            KeepHeartbeat();
        }
        else if (type == MessageType.SwitchRequest)
        {
            Array.Copy(_lastBeat, _requestBeat, _lastBeatLength);
            _requestBeatLength = _lastBeatLength;
        }

        _currentLength = 0;
    }

    /// <summary>Gets the newest heartbeat that said something other than the newest one (its bytes as sent), or nothing.</summary>
    internal ReadOnlySpan<byte> EarlierHeartbeat => _earlierBeat.AsSpan(0, _earlierBeatLength);

    /// <summary>Returns <see cref="EarlierHeartbeat"/> with a delimiter before it, or null.</summary>
    public byte[]? Earlier() => _earlierBeatLength == 0 ? null : WithDelimiter(EarlierHeartbeat);

    /// <summary>Gets the heartbeat sent just before the newest switch request (its bytes as sent), or nothing.</summary>
    internal ReadOnlySpan<byte> RequestHeartbeat => _requestBeat.AsSpan(0, _requestBeatLength);

    /// <summary>Returns the heartbeat sent just before the newest switch request, then that request, each with a delimiter before it; null when no request was sent.</summary>
    public byte[]? SwitchExchange()
    {
        var request = Newest(MessageType.SwitchRequest);
        if (request.IsEmpty || _requestBeatLength == 0)
        {
            return null;
        }

        var bytes = new byte[_requestBeatLength + request.Length + 2];
        bytes[0] = Frame.Delimiter;
        RequestHeartbeat.CopyTo(bytes.AsSpan(1));
        bytes[_requestBeatLength + 1] = Frame.Delimiter;
        request.CopyTo(bytes.AsSpan(_requestBeatLength + 2));
        return bytes;
    }

    private void KeepHeartbeat()
    {
        var message = _reader.Message;
        int length = message.PayloadLength;
        message.WritePayload(_payload, 0);
        if (_lastBeatLength > 0 && !_payload.AsSpan(0, length).SequenceEqual(_lastBeatPayload.AsSpan(0, length)))
        {
            Array.Copy(_lastBeat, _earlierBeat, _lastBeatLength);
            _earlierBeatLength = _lastBeatLength;
        }

        Array.Copy(_payload, _lastBeatPayload, length);
        Array.Copy(_current, _lastBeat, _currentLength);
        _lastBeatLength = _currentLength;
    }

    private static byte[] WithDelimiter(ReadOnlySpan<byte> frame)
    {
        var bytes = new byte[frame.Length + 1];
        bytes[0] = Frame.Delimiter;
        frame.CopyTo(bytes.AsSpan(1));
        return bytes;
    }

    /// <summary>Returns the newest kept frame of a type (with <paramref name="nth"/> 2, the one before it, and so on) with a delimiter before it, or null.</summary>
    public byte[]? Last(MessageType type, int nth = 1)
    {
        var frame = Newest(type, nth);
        return frame.IsEmpty ? null : WithDelimiter(frame);
    }

    /// <summary>Gets the newest kept frame of a type (with <paramref name="nth"/> 2, the one before it, and so on; its bytes as sent, delimiter last), or nothing.</summary>
    internal ReadOnlySpan<byte> Newest(MessageType type, int nth = 1)
    {
        bool beat = IsBeat(type);
        int first = beat ? Slots : 0;
        int count = beat ? HeartbeatSlots : Slots;
        int next = beat ? _nextBeat : _next;
        for (int back = 1; back <= count; back++)
        {
            int at = first + ((next - back + count) % count);
            if (_lengths[at] > 0 && _types[at] == type && --nth == 0)
            {
                return _frames[at].AsSpan(0, _lengths[at]);
            }
        }

        return ReadOnlySpan<byte>.Empty;
    }

    private static bool IsBeat(MessageType type) => type is MessageType.Heartbeat or MessageType.Kick or MessageType.ControllerHealth;

    /// <summary>
    /// Picks a kept frame (a request or answer more often than a heartbeat) and returns its bytes
    /// with a delimiter before them, or null when nothing is kept.
    /// </summary>
    public byte[]? Pick(Random random, out MessageType type)
    {
        type = default;
        var kept = Enumerable.Range(0, _frames.Length).Where(i => _lengths[i] > 0).ToList();
        if (kept.Count == 0)
        {
            return null;
        }

        var rare = kept.Where(i => i < Slots).ToList();
        var from = rare.Count > 0 && random.Next(4) != 0 ? rare : kept;
        int at = from[random.Next(from.Count)];
        type = _types[at];
        var bytes = new byte[_lengths[at] + 1];
        bytes[0] = Frame.Delimiter;
        Array.Copy(_frames[at], 0, bytes, 1, _lengths[at]);
        return bytes;
    }
}
