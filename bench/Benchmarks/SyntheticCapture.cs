using System.Globalization;
using System.IO.Compression;
using System.Text;
using ColdStandby.Protocol;

namespace ColdStandby.Benchmarks;

/// <summary>
/// A long logic-analyzer capture of SMU A and its peer, made up for the capture benchmark and
/// written the way the tools write it: a VCD in sigrok's dialect (PulseView's export: one
/// <c>libsigrok</c> scope, values on the timestamp's line, the rate in the comment) and the same
/// samples as a sigrok session (<c>.sr</c>), with the map file that names the analyzer's eight
/// channels. Sampled at 1 MHz, pins at their levels on the wire. Four UART lines at 115200 baud
/// carry real frames (the firmware's <see cref="FrameWriter"/>) that meet the specification:
/// both SMUs' heartbeats every 200 ms, the agent's kicks every 250 ms, and the SMU's answer to a
/// log read-out that never ends, a record every 7.5 ms (a third of the line); four GPIO lines hold
/// a granted, running side A.
/// </summary>
public sealed class SyntheticCapture
{
    private const long SampleNs = 1000;
    private const int ChunkSamples = 4 << 20;

    /// <summary>The analyzer's channels: D0…D7 and the pin each is clipped to.</summary>
    public static readonly string[] Pins =
    {
        "smu_a.peer_tx", "smu_b.peer_tx", "smu_a.host_tx", "smu_a.host_rx",
        "smu_a.storage_request", "smu_a.storage_granted", "smu_a.power_good", "smu_a.power_button",
    };

    /// <summary>Gets the VCD's length in bytes.</summary>
    public long VcdBytes { get; private set; }

    /// <summary>Gets the session's length in bytes.</summary>
    public long SessionBytes { get; private set; }

    /// <summary>Gets the capture's length in samples (1 µs each).</summary>
    public long Samples { get; private set; }

    /// <summary>Gets the value changes written.</summary>
    public long Edges { get; private set; }

    /// <summary>Gets the frames sent on each UART line (D0…D3).</summary>
    public long[] Frames { get; } = new long[4];

    /// <summary>Writes the capture until its VCD holds <paramref name="vcdBytes"/>: <paramref name="vcdPath"/>, <paramref name="sessionPath"/> (null: none) and <paramref name="mapPath"/>.</summary>
    public static SyntheticCapture Write(long vcdBytes, string vcdPath, string? sessionPath, string mapPath)
    {
        var capture = new SyntheticCapture();
        File.WriteAllText(mapPath, "# the analyzer's channels on SMU A's board and its peer cable\n" +
            string.Join('\n', Pins.Select((pin, i) => $"D{i}={pin}")) + "\n");
        capture.Generate(vcdBytes, vcdPath, sessionPath);
        return capture;
    }

    /// <summary>
    /// The capture written earlier to the same paths for the same size, or null: a kept folder
    /// (BENCH_DIR) saves the minutes a 1 GB capture takes to write. The generation is deterministic,
    /// so what it counted is kept beside the files (<c>.stats</c>) and the files' lengths must match.
    /// </summary>
    public static SyntheticCapture? Reuse(long vcdBytes, string vcdPath, string? sessionPath, string mapPath)
    {
        string stats = vcdPath + ".stats";
        if (!File.Exists(stats) || !File.Exists(vcdPath) || (sessionPath != null && !File.Exists(sessionPath)) || !File.Exists(mapPath))
        {
            return null;
        }

        long[] v = File.ReadAllText(stats).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        if (v.Length != 9 || v[0] != vcdBytes || v[1] != new FileInfo(vcdPath).Length || v[2] != (sessionPath == null ? 0 : new FileInfo(sessionPath).Length))
        {
            return null;
        }

        var capture = new SyntheticCapture { VcdBytes = v[1], SessionBytes = v[2], Samples = v[3], Edges = v[4] };
        Array.Copy(v, 5, capture.Frames, 0, 4);
        return capture;
    }

    /// <summary>Writes what <see cref="Reuse"/> reads back.</summary>
    public void Keep(long vcdBytes, string vcdPath) =>
        File.WriteAllText(vcdPath + ".stats", string.Join(' ', new[] { vcdBytes, VcdBytes, SessionBytes, Samples, Edges }.Concat(Frames).Select(n => n.ToString(CultureInfo.InvariantCulture))));

    private void Generate(long target, string vcdPath, string? sessionPath)
    {
        var writer = new FrameWriter();
        var messages = new MessageSet();
        var sources = new[]
        {
            new UartSource(1_000_000, 200_000_000, () => Heartbeat(writer, messages, Side.A, Mode.Active)),
            new UartSource(1_500_000, 200_000_000, () => Heartbeat(writer, messages, Side.B, Mode.Standby)),
            new UartSource(3_000_000, 7_500_000, () => LogRecord(writer, messages)),
            new UartSource(2_000_000, 250_000_000, () => Kick(writer, messages)),
        };

        foreach (var source in sources)
        {
            source.Advance();
        }

        // Pin levels: request (active high) asserted, granted and power-good (active low) asserted, button released.
        bool[] gpio = { true, false, false, false };
        using var vcd = new FileStream(vcdPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var text = new VcdText(vcd);
        text.Raw($"$date {DateTime.UtcNow.ToString("ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture)} $end\n" +
            "$version ColdStandby benchmark, sigrok's dialect $end\n$comment\n  Acquisition with 8/8 channels at 1 MHz\n$end\n" +
            "$timescale 1 us $end\n$scope module libsigrok $end\n" +
            string.Concat(Enumerable.Range(0, 8).Select(i => $"$var wire 1 {(char)('!' + i)} D{i} $end\n")) +
            "$upscope $end\n$enddefinitions $end\n");

        using var session = sessionPath != null ? new SessionWriter(sessionPath) : null;
        byte level = 0b1111;
        for (int i = 0; i < 4; i++)
        {
            level |= (byte)((gpio[i] ? 1 : 0) << (4 + i));
        }

        text.Stamp(0);
        for (int channel = 0; channel < 8; channel++)
        {
            text.Change(channel, ((level >> channel) & 1) != 0);
        }

        text.EndLine();
        long sample = 0;
        // Past the target size, on until every UART line is high at once: a capture cut while a line
        // is low in a byte would end with a stop bit that never came (a framing error, not ours).
        int uartLines = (1 << sources.Length) - 1;
        while (text.Length < target || (level & uartLines) != uartLines)
        {
            // The next sample at which any UART line changes, and every line changing there.
            long next = long.MaxValue;
            foreach (var source in sources)
            {
                next = Math.Min(next, source.NextSample);
            }

            session?.Fill(level, next - sample);
            sample = next;
            text.Stamp(next);
            for (int channel = 0; channel < sources.Length; channel++)
            {
                var source = sources[channel];
                if (source.NextSample == next)
                {
                    bool high = source.NextLevel;
                    level = (byte)(high ? level | (1 << channel) : level & ~(1 << channel));
                    text.Change(channel, high);
                    Edges++;
                    source.Advance();
                }
            }

            text.EndLine();
        }

        // Every UART line is high; the capture ends a frame gap later, as sigrok ends with the sample count.
        long end = sample + 20_000;
        session?.Fill(level, end - sample);
        text.Raw($"#{end}\n");
        text.Flush();
        Samples = end;
        VcdBytes = vcd.Length;
        for (int i = 0; i < sources.Length; i++)
        {
            Frames[i] = sources[i].Frames;
        }

        if (session != null)
        {
            session.Finish();
            SessionBytes = new FileInfo(sessionPath!).Length;
        }
    }

    private byte[] Heartbeat(FrameWriter writer, MessageSet messages, Side side, Mode mode)
    {
        var beat = messages.Heartbeat;
        beat.Side = side;
        beat.Mode = mode;
        beat.Health = side == Side.A
            ? HealthFlags.ServerPowered | HealthFlags.PowerGood | HealthFlags.OsUp | HealthFlags.ServicesReady | HealthFlags.RaidOk | HealthFlags.LanOk |
              HealthFlags.StorageRequested | HealthFlags.StorageGranted | HealthFlags.WatchdogArmed | HealthFlags.AgentConnected
            : HealthFlags.None;
        beat.Alarms = AlarmFlags.None;
        beat.Epoch = 1;
        beat.Phase = SequencePhase.Idle;
        return Encode(writer, side == Side.A ? 0 : 1, beat);
    }

    private byte[] Kick(FrameWriter writer, MessageSet messages)
    {
        messages.Kick.Counter++;
        return Encode(writer, 2, messages.Kick);
    }

    private byte[] LogRecord(FrameWriter writer, MessageSet messages)
    {
        var record = messages.LogRecord;
        record.Sequence++;
        record.TimeMilliseconds = 1_795_000_000_000 + (record.Sequence * 7);
        record.Code = (EventCode)(1 + (record.Sequence % 5));
        record.Side = Side.A;
        record.Argument = record.Sequence * 3;
        return Encode(writer, 3, record);
    }

    private readonly ushort[] _sequenceOf = new ushort[4];

    private byte[] Encode(FrameWriter writer, int link, Message message)
    {
        // Each line is its own sender: its own sequence numbers.
        var wire = new byte[Frame.MaxWireLength];
        int n = FrameWriter.Encode(message, _sequenceOf[link]++, new byte[Frame.MaxFrameLength], wire, 0);
        return wire[..n];
    }

    /// <summary>One UART line at 115200 baud 8N1: the frames its schedule makes, as level changes at 1 MHz samples.</summary>
    private sealed class UartSource(long firstNs, long periodNs, Func<byte[]> frame)
    {
        private const double BitNs = 1e9 / 115200;
        private byte[] _wire = Array.Empty<byte>();
        private long _frameNs = firstNs - periodNs;
        private int _bit;
        private bool _level = true;

        public long NextSample { get; private set; } = -1;

        public bool NextLevel { get; private set; }

        public long Frames { get; private set; }

        public void Advance()
        {
            while (true)
            {
                if (_bit >= _wire.Length * 10)
                {
                    _frameNs += periodNs;
                    _wire = frame();
                    _bit = 0;
                    Frames++;
                }

                int bitInByte = _bit % 10;
                int value = _wire[_bit / 10];
                bool high = bitInByte == 0 ? false : bitInByte == 9 || ((value >> (bitInByte - 1)) & 1) != 0;
                long atNs = _frameNs + (long)Math.Round(_bit * BitNs);
                _bit++;
                if (high != _level)
                {
                    // The analyzer sees a change at the first sample after it.
                    _level = high;
                    NextLevel = high;
                    NextSample = (atNs + SampleNs - 1) / SampleNs;
                    return;
                }
            }
        }

    }

    /// <summary>sigrok's VCD lines, written as bytes.</summary>
    private sealed class VcdText(Stream output)
    {
        private readonly byte[] _buffer = new byte[1 << 20];
        private int _used;
        private long _flushed;

        public long Length => _flushed + _used;

        public void Raw(string text)
        {
            Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
            _used += Encoding.UTF8.GetBytes(text, 0, text.Length, _buffer, _used);
        }

        public void Stamp(long sample)
        {
            Reserve(24);
            _buffer[_used++] = (byte)'#';
            _used += Digits(sample);
        }

        public void Change(int channel, bool high)
        {
            _buffer[_used++] = (byte)' ';
            _buffer[_used++] = high ? (byte)'1' : (byte)'0';
            _buffer[_used++] = (byte)('!' + channel);
        }

        public void EndLine() => _buffer[_used++] = (byte)'\n';

        public void Flush()
        {
            output.Write(_buffer, 0, _used);
            _flushed += _used;
            _used = 0;
        }

        private void Reserve(int bytes)
        {
            if (_used + bytes + 64 > _buffer.Length)
            {
                Flush();
            }
        }

        private int Digits(long value)
        {
            Span<byte> digits = stackalloc byte[20];
            int n = 0;
            do
            {
                digits[n++] = (byte)('0' + (value % 10));
                value /= 10;
            }
            while (value > 0);
            for (int i = 0; i < n; i++)
            {
                _buffer[_used + i] = digits[n - 1 - i];
            }

            return n;
        }
    }

    /// <summary>A sigrok session as libsigrok's srzip output writes it: version, metadata, and 4 MB chunks of one-byte samples.</summary>
    private sealed class SessionWriter : IDisposable
    {
        private readonly ZipArchive _zip;
        private readonly byte[] _chunk = new byte[ChunkSamples];
        private int _used;
        private int _chunks;

        public SessionWriter(string path)
        {
            _zip = new ZipArchive(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), ZipArchiveMode.Create);
            Text("version", "2");
            Text("metadata", "[global]\nsigrok version=0.5.2\n\n[device 1]\ncapturefile=logic-1\ntotal probes=8\nsamplerate=1 MHz\ntotal analog=0\n" +
                string.Concat(Enumerable.Range(0, 8).Select(i => $"probe{i + 1}=D{i}\n")) + "unitsize=1\n");
        }

        public void Fill(byte level, long samples)
        {
            while (samples > 0)
            {
                int n = (int)Math.Min(samples, _chunk.Length - _used);
                _chunk.AsSpan(_used, n).Fill(level);
                _used += n;
                samples -= n;
                if (_used == _chunk.Length)
                {
                    Flush();
                }
            }
        }

        public void Finish()
        {
            if (_used > 0)
            {
                Flush();
            }

            _zip.Dispose();
        }

        public void Dispose() => _zip.Dispose();

        private void Flush()
        {
            var entry = _zip.CreateEntry($"logic-1-{++_chunks}", CompressionLevel.Optimal);
            using (var stream = entry.Open())
            {
                stream.Write(_chunk, 0, _used);
            }

            _used = 0;
        }

        private void Text(string name, string text)
        {
            var entry = _zip.CreateEntry(name, CompressionLevel.Optimal);
            using var stream = entry.Open();
            stream.Write(Encoding.UTF8.GetBytes(text));
        }
    }
}
