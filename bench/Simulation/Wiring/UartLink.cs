using ColdStandby.Bench.Traces;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// One direction of a serial link at 8N1: the sender's UART puts bytes on the wire back to back,
/// one every 10 bit times (86.8 µs at 115200 baud), from a transmit FIFO that can fill up; each
/// byte reaches the receiver when its stop bit ends. On the way it may meet noise (a flipped bit,
/// a lost or doubled byte) or a cut cable. The receiver is woken when a frame delimiter arrives.
/// </summary>
/// <remarks>
/// Bytes are kept lazily: a write schedules them, a read takes those whose time has come, so no
/// simulated event is spent per byte. The link also counts the frames that arrived exactly as some
/// frame was sent, against which the safety monitor checks that the receiver never delivered more.
/// </remarks>
public sealed class UartLink
{
    private const int MaxBuffered = 8192;

    // No frame hashes to this: FNV-1a of no bytes, and a frame has at least one.
    private const ulong NotIntact = FrameHash.Empty;

    private readonly StandbySystem _system;
    private byte[] _bytes = new byte[64];
    private long[] _arrivalNs = new long[64];
    private ulong[] _intactHashAt = new ulong[64];
    private int _head;
    private int _count;
    private long _lineFreeNs;
    private readonly ulong[] _sentFrames = new ulong[64];
    private int _sentFramesAt;
    private ulong _sendingHash = FrameHash.Empty;
    private int _sendingBytes;
    private ulong _readingHash = FrameHash.Empty;
    private int _frameBytes;
    private ulong _arrivingHash = FrameHash.Empty;
    private int _arrivingBytes;
    private Random? _random;
    private FrameReader? _labeler;
    private long _labelFrameStartNs = -1;

    internal UartLink(StandbySystem system, string scope, string name, int baud)
    {
        _system = system;
        Scope = scope;
        Name = name;
        Baud = baud;
        ByteNs = (long)Math.Round(10 * 1e9 / baud);
    }

    /// <summary>Gets the board instance of the transmit pin (e.g. <c>smu_a</c>).</summary>
    public string Scope { get; }

    /// <summary>Gets the transmit pin's trace name (e.g. <c>peer_tx</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the baud rate.</summary>
    public int Baud { get; }

    /// <summary>Gets one byte's time on the wire (start, 8 data, stop bits).</summary>
    public long ByteNs { get; }

    /// <summary>Gets or sets the transmit FIFO size of the sender's UART driver.</summary>
    public int TransmitFifoBytes { get; set; } = 256;

    /// <summary>Gets or sets the part that writes (woken when FIFO room frees after a short write).</summary>
    public Part? Sender { get; set; }

    /// <summary>Gets or sets the part that reads (woken at each arriving delimiter).</summary>
    public Part? Receiver { get; set; }

    /// <summary>Gets or sets whether the receiver takes bytes in (false while it reboots or its OS is down).</summary>
    public bool Listening { get; set; } = true;

    /// <summary>Gets or sets whether the cable is cut: bytes still leave the sender, none arrive.</summary>
    public bool Cut { get; set; }

    /// <summary>Gets or sets whether what is sent is lost for a moment (a frame lost on a whole cable: the explorer's frame loss), apart from <see cref="Cut"/>.</summary>
    public bool Losing { get; set; }

    /// <summary>Gets the noise on the line, or null for a clean line.</summary>
    public LinkNoise? Noise { get; private set; }

    /// <summary>Gets the trace of the transmit line, when the system records.</summary>
    public UartTrace? Trace { get; private set; }

    /// <summary>Gets how many bytes the sender put on the wire.</summary>
    public long BytesSent { get; private set; }

    /// <summary>Gets how many bytes noise spoiled (flipped, lost or doubled) or the cut swallowed.</summary>
    public long BytesSpoiled { get; private set; }

    /// <summary>
    /// Gets how many frames the receiver has read, since it last started listening, whose bytes
    /// are exactly those of a frame the sender put on the wire (among its last 64). A frame not
    /// counted here was spoiled by noise or cut, so a receiver must never deliver more frames than this.
    /// </summary>
    public long IntactFramesRead { get; private set; }

    /// <summary>Gets how many frames (delimiters) the receiver has read, since it last started listening.</summary>
    public long FramesRead { get; private set; }

    /// <summary>Puts noise on the line from now on (null: clean), drawn from <paramref name="seed"/>.</summary>
    public void SetNoise(LinkNoise? noise, int seed)
    {
        Noise = noise;
        _random = noise == null ? null : new Random(seed);
    }

    /// <summary>Gets the frames kept for a replay (null unless <see cref="KeepFrames"/> was called).</summary>
    public SentFrames? Kept { get; private set; }

    /// <summary>Keeps the frames sent from now on, so that one can be replayed later.</summary>
    public void KeepFrames() => Kept ??= new SentFrames();

    /// <summary>Starts recording the transmit line, with frame labels.</summary>
    internal void Record()
    {
        Trace = new UartTrace(Scope, Name, Baud);
        _labeler = new FrameReader(new MessageSet());
    }

    /// <summary>Gets when the last byte in the sender's FIFO has left (ns).</summary>
    internal long LineFreeNs => _lineFreeNs;

    /// <summary>Gets how many bytes are on their way to the receiver.</summary>
    internal int BytesInFlight => _count;

    /// <summary>Gets the bytes on their way to the receiver, oldest first, with their arrival times (ns).</summary>
    internal IEnumerable<(byte Value, long ArrivalNs)> InFlight()
    {
        for (int i = 0, at = _head; i < _count; i++, at = (at + 1) % _bytes.Length)
        {
            yield return (_bytes[at], _arrivalNs[at]);
        }
    }

    /// <summary>The sender's UART takes up to <paramref name="count"/> bytes into its FIFO.</summary>
    public int Write(byte[] buffer, int offset, int count)
    {
        long now = _system.NowNs;
        int inFlight = _lineFreeNs <= now ? 0 : (int)((_lineFreeNs - now + ByteNs - 1) / ByteNs);
        int room = TransmitFifoBytes - inFlight;
        int taken = Math.Min(room, count);
        if (taken > 0 && Trace == null && !Cut && !Losing && Listening && _random == null && _count + taken <= MaxBuffered)
        {
            TransmitClean(buffer, offset, taken, now);
        }
        else
        {
            for (int i = 0; i < taken; i++)
            {
                Transmit(buffer[offset + i], now);
            }
        }

        if (taken < count)
        {
            // Wake the sender when half the FIFO has gone out.
            Sender?.Wake(SimTime.CeilMs(_lineFreeNs - (TransmitFifoBytes / 2 * ByteNs)));
        }

        return Math.Max(taken, 0);
    }

    /// <summary>The receiver takes the bytes that have arrived by now.</summary>
    public int Read(byte[] buffer, int offset, int count)
    {
        // The ring's place and the frame's hash in locals, written back once: the loop then keeps
        // them in registers rather than storing each byte's changes.
        long now = _system.NowNs;
        byte[] bytes = _bytes;
        long[] arrivals = _arrivalNs;
        int mask = bytes.Length - 1;
        int head = _head;
        int left = _count;
        ulong reading = _readingHash;
        int frameBytes = _frameBytes;
        int read = 0;
        while (read < count && left > 0 && arrivals[head] <= now)
        {
            int at = head;
            byte value = bytes[at];
            buffer[offset + read++] = value;
            head = (at + 1) & mask;
            left--;
            if (value == Frame.Delimiter)
            {
                if (frameBytes > 0)
                {
                    FramesRead++;
                    if (reading == _intactHashAt[at] || Array.IndexOf(_sentFrames, reading) >= 0)
                    {
                        IntactFramesRead++;
                    }
                }

                reading = FrameHash.Empty;
                frameBytes = 0;
            }
            else
            {
                reading = FrameHash.Add(reading, value);
                frameBytes++;
            }
        }

        _head = head;
        _count = left;
        _readingHash = reading;
        _frameBytes = frameBytes;
        return read;
    }

    /// <summary>
    /// Gets when the receiver should next be stepped for this link: at once (the next millisecond)
    /// when arrived bytes wait unread, else when the next delimiter arrives; <see cref="long.MaxValue"/> when nothing is coming.
    /// </summary>
    public long NextWakeMs()
    {
        if (_count == 0)
        {
            return long.MaxValue;
        }

        long now = _system.NowNs;
        if (_arrivalNs[_head] <= now)
        {
            return _system.NowMs + 1;
        }

        int mask = _bytes.Length - 1;
        for (int i = 0, at = _head; i < _count; i++, at = (at + 1) & mask)
        {
            if (_bytes[at] == Frame.Delimiter)
            {
                return SimTime.CeilMs(_arrivalNs[at]);
            }
        }

        return long.MaxValue;
    }

    /// <summary>The receiver (re)starts: whatever was waiting is gone; the frame now arriving is partial.</summary>
    internal void ReceiverRestarted()
    {
        _head = 0;
        _count = 0;
        _readingHash = FrameHash.Empty;
        _frameBytes = 0;
        IntactFramesRead = 0;
        FramesRead = 0;
    }

    /// <summary>
    /// The receiver listens again after its board hung: it reads on from where it stopped, bytes that
    /// arrived before the hang first (the bytes sent during it were lost), and the counts go on.
    /// </summary>
    internal void ReceiverResumed()
    {
    }

    /// <summary>The sender's board reset: bytes not yet started never go out.</summary>
    internal void SenderReset()
    {
        long now = _system.NowNs;
        if (_lineFreeNs <= now)
        {
            return;
        }

        // The byte on the wire now finishes; the rest of the FIFO is lost.
        long currentEnd = now + ((_lineFreeNs - now) % ByteNs == 0 ? ByteNs : (_lineFreeNs - now) % ByteNs);
        while (_count > 0)
        {
            int last = (_head + _count - 1) % _bytes.Length;
            if (_arrivalNs[last] <= currentEnd)
            {
                break;
            }

            _count--;
        }

        _lineFreeNs = currentEnd;
        if (Trace != null)
        {
            Trace.Bytes.RemoveAll(b => b.StartNs + ByteNs > currentEnd);
            _labeler!.Reset();
            _labelFrameStartNs = -1;
        }
    }

    private void Transmit(byte value, long now)
    {
        long start = Math.Max(now, _lineFreeNs);
        long end = start + ByteNs;
        _lineFreeNs = end;
        BytesSent++;
        Remember(value);
        Kept?.Sent(value);
        if (Trace != null)
        {
            Label(value, start, end);
        }

        if (Cut || Losing || !Listening)
        {
            BytesSpoiled += Cut || Losing ? 1 : 0;
            return;
        }

        if (_random != null && Noise != null)
        {
            double roll = _random.NextDouble();
            if (roll < Noise.DropPerByte)
            {
                BytesSpoiled++;
                return;
            }

            roll -= Noise.DropPerByte;
            if (roll < Noise.FlipPerByte)
            {
                BytesSpoiled++;
                Deliver((byte)(value ^ (1 << _random.Next(8))), end);
                return;
            }

            roll -= Noise.FlipPerByte;
            if (roll < Noise.DuplicatePerByte)
            {
                BytesSpoiled++;
                Deliver(value, end);
                Deliver(value, end);
                return;
            }
        }

        Deliver(value, end);
    }

    /// <summary>
    /// <see cref="Transmit"/> of <paramref name="taken"/> bytes on a line that delivers each as sent
    /// (no trace, no noise, not cut or losing, a receiver listening, room in its buffer): the same
    /// bytes, times, hashes, kept frames and wake-ups, without deciding each byte's fate anew.
    /// </summary>
    private void TransmitClean(byte[] buffer, int offset, int taken, long now)
    {
        while (_bytes.Length - _count < taken)
        {
            Grow();
        }

        // The arrays and the byte time in locals: the loop's stores into the arrays would otherwise
        // make it load the fields again for every byte.
        byte[] bytes = _bytes;
        long[] arrivals = _arrivalNs;
        long byteNs = ByteNs;
        int mask = bytes.Length - 1;
        int at = (_head + _count) & mask;
        long end = Math.Max(now, _lineFreeNs);
        var kept = Kept;
        ulong sending = _sendingHash;
        int sendingBytes = _sendingBytes;
        ulong arriving = _arrivingHash;
        int arrivingBytes = _arrivingBytes;

        // While the frame arriving is the frame being sent (the same bytes since the same delimiter,
        // as after every delimiter on a clean line) one hash serves both.
        bool same = arriving == sending && arrivingBytes == sendingBytes;
        for (int i = 0; i < taken; i++)
        {
            byte value = buffer[offset + i];
            end += byteNs;
            kept?.Sent(value);
            bytes[at] = value;
            arrivals[at] = end;
            at = (at + 1) & mask;
            if (value != Frame.Delimiter)
            {
                sending = FrameHash.Add(sending, value);
                sendingBytes++;
                if (!same)
                {
                    arriving = FrameHash.Add(arriving, value);
                    arrivingBytes++;
                }

                continue;
            }

            if (sendingBytes > 0)
            {
                _sentFrames[_sentFramesAt] = sending;
                _sentFramesAt = (_sentFramesAt + 1) % _sentFrames.Length;
            }

            // Intact when it is the frame just sent, else when it is any of the others remembered.
            _intactHashAt[(at - 1) & mask] = (same ? sendingBytes > 0 : arrivingBytes > 0 && Array.IndexOf(_sentFrames, arriving) >= 0)
                ? (same ? sending : arriving)
                : NotIntact;

            sending = FrameHash.Empty;
            sendingBytes = 0;
            arriving = FrameHash.Empty;
            arrivingBytes = 0;
            same = true;
            Receiver?.Wake(SimTime.CeilMs(end));
        }

        if (same)
        {
            arriving = sending;
            arrivingBytes = sendingBytes;
        }

        _count += taken;
        _lineFreeNs = end;
        BytesSent += taken;
        _sendingHash = sending;
        _sendingBytes = sendingBytes;
        _arrivingHash = arriving;
        _arrivingBytes = arrivingBytes;
    }

    /// <summary>Keeps a hash of every whole frame sent, so a read frame can be told intact or spoiled.</summary>
    private void Remember(byte value)
    {
        if (value != Frame.Delimiter)
        {
            _sendingHash = FrameHash.Add(_sendingHash, value);
            _sendingBytes++;
            return;
        }

        if (_sendingBytes > 0)
        {
            _sentFrames[_sentFramesAt] = _sendingHash;
            _sentFramesAt = (_sentFramesAt + 1) % _sentFrames.Length;
        }

        _sendingHash = FrameHash.Empty;
        _sendingBytes = 0;
    }

    private void Deliver(byte value, long arrivalNs)
    {
        if (_count == MaxBuffered)
        {
            // The receiver's buffer overflowed (it is not reading): the byte is lost.
            return;
        }

        if (_count == _bytes.Length)
        {
            Grow();
        }

        int at = (_head + _count) & (_bytes.Length - 1);
        _bytes[at] = value;
        _arrivalNs[at] = arrivalNs;
        _count++;
        if (value != Frame.Delimiter)
        {
            _arrivingHash = FrameHash.Add(_arrivingHash, value);
            _arrivingBytes++;
            return;
        }

        // Judged as it arrives, against the frames sent by then, as well as when it is read: a
        // receiver that reads it much later (after a hang) still reads an intact frame, however
        // many were sent meanwhile. Only a delimiter's place holds a judgment: Read looks nowhere else.
        _intactHashAt[at] = _arrivingBytes > 0 && Array.IndexOf(_sentFrames, _arrivingHash) >= 0 ? _arrivingHash : NotIntact;

        _arrivingHash = FrameHash.Empty;
        _arrivingBytes = 0;
        Receiver?.Wake(SimTime.CeilMs(arrivalNs));
    }

    private void Grow()
    {
        int size = _bytes.Length * 2;
        var bytes = new byte[size];
        var arrival = new long[size];
        var intact = new ulong[size];
        for (int i = 0; i < _count; i++)
        {
            int from = (_head + i) % _bytes.Length;
            bytes[i] = _bytes[from];
            arrival[i] = _arrivalNs[from];
            intact[i] = _intactHashAt[from];
        }

        _bytes = bytes;
        _arrivalNs = arrival;
        _intactHashAt = intact;
        _head = 0;
    }

    private void Label(byte value, long start, long end)
    {
        Trace!.Bytes.Add((start, value));
        if (value != Frame.Delimiter && _labelFrameStartNs < 0)
        {
            _labelFrameStartNs = start;
        }

        if (_labeler!.Push(value))
        {
            Message message = _labeler.Message;
            Trace.Frames.Add(new UartFrame(_labelFrameStartNs, end, message.Type.ToString(), FrameDetail.Of(message)));
        }

        if (value == Frame.Delimiter)
        {
            _labelFrameStartNs = -1;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Scope}.{Name}";
}

/// <summary>FNV-1a over a frame's bytes: tells a read frame from every frame sent (a collision is one in 2^64).</summary>
internal static class FrameHash
{
    /// <summary>The hash of no bytes.</summary>
    public const ulong Empty = 14695981039346656037UL;

    /// <summary>Adds one byte.</summary>
    public static ulong Add(ulong hash, byte value) => (hash ^ value) * 1099511628211UL;
}
