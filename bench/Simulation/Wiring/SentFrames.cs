using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The frames a link carried, kept so that a campaign can replay one later as an attacker (or a
/// confused cable) would: the newest frames of each kind, heartbeats apart from the rest so that
/// the rare requests are not pushed out by them. Fixed buffers: nothing is allocated per frame.
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
    private int _currentLength;
    private int _next;
    private int _nextBeat;

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
        bool beat = type is MessageType.Heartbeat or MessageType.Kick or MessageType.ControllerHealth;
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
        _currentLength = 0;
    }

    /// <summary>Returns the newest kept frame of a type with a delimiter before it, or null.</summary>
    public byte[]? Last(MessageType type)
    {
        int found = -1;
        for (int back = 1; back <= Slots; back++)
        {
            int at = (_next - back + Slots) % Slots;
            if (_lengths[at] > 0 && _types[at] == type)
            {
                found = at;
                break;
            }
        }

        if (found < 0)
        {
            return null;
        }

        var bytes = new byte[_lengths[found] + 1];
        bytes[0] = Frame.Delimiter;
        Array.Copy(_frames[found], 0, bytes, 1, _lengths[found]);
        return bytes;
    }

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
