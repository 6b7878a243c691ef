using System.Collections.Concurrent;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Reads a sigrok session file (<c>.sr</c>: what PulseView saves, and sigrok-cli writes with
/// <c>-O srzip</c>) directly, no conversion step: a zip holding <c>metadata</c> (an INI file:
/// the sample rate, the probe names, the bytes per sample) and the samples in chunks
/// <c>logic-1-1</c>, <c>logic-1-2</c> … (<c>logic-1</c> in a version 1 file), each sample
/// <c>unitsize</c> bytes with probe N in bit N-1. Only changes of the channels asked for are
/// looked for, 32 bytes at a time.
/// </summary>
public sealed class SigrokSessionReader : CaptureReader
{
    private const int ReadSize = 1 << 20;

    private readonly ZipArchive _zip;
    private readonly string _source;
    private readonly CaptureHeader _header;
    private readonly List<ZipArchiveEntry> _chunks;
    private readonly int _unitSize;
    private readonly double _periodPs;

    /// <summary>Opens a session and reads its metadata; throws <see cref="CaptureFormatException"/> naming what is wrong.</summary>
    public SigrokSessionReader(Stream stream, string source)
    {
        _source = source;
        try
        {
            _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new CaptureFormatException(source, 0, $"a zip file, but not one that can be read as a sigrok session: {e.Message}");
        }

        try
        {
            (_header, _chunks, _unitSize, _periodPs) = ReadMetadata();
        }
        catch
        {
            _zip.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public override CaptureHeader Header => _header;

    /// <inheritdoc/>
    public override void Dispose() => _zip.Dispose();

    /// <inheritdoc/>
    /// <remarks>
    /// A second thread inflates the chunks ahead of the scan, into a few blocks that go round: the
    /// inflating and the decoding of the lines overlap on two cores, so a session reads faster than
    /// the same samples as VCD text (the inflating alone costs about a third of the decoding).
    /// With <see cref="CaptureReader.OneThread"/> the chunks are inflated here, a block at a time.
    /// </remarks>
    public override CaptureSpan Read(IReadOnlyList<ChannelSink?> sinks)
    {
        var scan = new Scan(sinks, _header.Channels.Count, _unitSize, _periodPs);
        if (OneThread)
        {
            // Inflate takes the next block before it gives the full one: two go round.
            var spare = new Stack<byte[]>(new[] { new byte[ReadSize], new byte[ReadSize] });
            Inflate(spare.Pop, block =>
            {
                scan.Samples(block.Data.AsSpan(0, block.Length));
                spare.Push(block.Data);
            });
        }
        else
        {
            using var inflating = new Inflater(this);
            while (inflating.Next() is { } block)
            {
                scan.Samples(block.Data.AsSpan(0, block.Length));
                inflating.Return(block.Data);
            }
        }

        if (scan.Count == 0)
        {
            throw new CaptureFormatException(_source, 0, "the session holds no samples");
        }

        return scan.Finish();
    }

    /// <summary>Inflates every chunk in order into whole samples, a block at a time, handing each block over (the thread's own failure as a <see cref="CaptureFormatException"/>).</summary>
    private void Inflate(Func<byte[]> take, Action<Block> give)
    {
        var buffer = take();
        int held = 0;
        foreach (var chunk in _chunks)
        {
            using var data = chunk.Open();
            while (true)
            {
                int got;
                try
                {
                    got = data.ReadAtLeast(buffer.AsSpan(held, ReadSize - held), ReadSize - held, throwOnEndOfStream: false);
                }
                catch (InvalidDataException e)
                {
                    throw new CaptureFormatException(_source, 0, $"{chunk.FullName} cannot be decompressed ({e.Message}): the file looks damaged");
                }

                held += got;
                int whole = held - (held % _unitSize);
                if (got == 0 || held == ReadSize)
                {
                    if (whole > 0)
                    {
                        // The part of a sample at the block's end goes first into the next block.
                        var next = take();
                        Buffer.BlockCopy(buffer, whole, next, 0, held - whole);
                        give(new Block(buffer, whole));
                        buffer = next;
                        held -= whole;
                    }

                    if (got == 0)
                    {
                        break;
                    }
                }
            }

            if (held != 0)
            {
                throw new CaptureFormatException(_source, 0, $"{chunk.FullName} ends inside a sample ({held} of its {_unitSize} bytes): the file looks cut off");
            }
        }
    }

    private (CaptureHeader, List<ZipArchiveEntry>, int, double) ReadMetadata()
    {
        var entry = _zip.GetEntry("metadata")
            ?? throw new CaptureFormatException(_source, 0, "a zip file without 'metadata': not a sigrok session (.sr)");
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        var current = new Dictionary<string, string>(StringComparer.Ordinal);
        sections[""] = current;
        using (var text = new StreamReader(entry.Open(), Encoding.UTF8))
        {
            string? line;
            while ((line = text.ReadLine()) != null)
            {
                line = line.Trim();
                if (line.StartsWith('[') && line.EndsWith(']'))
                {
                    sections[line[1..^1]] = current = new Dictionary<string, string>(StringComparer.Ordinal);
                }
                else if (line.IndexOf('=') is > 0 and int at && !line.StartsWith('#') && !line.StartsWith(';'))
                {
                    current[line[..at].Trim()] = line[(at + 1)..].Trim();
                }
            }
        }

        var device = sections.GetValueOrDefault("device 1")
            ?? throw new CaptureFormatException(_source, 0, "metadata has no [device 1] section: not a sigrok session this checker knows");
        string Value(string key) => device.GetValueOrDefault(key)
            ?? throw new CaptureFormatException(_source, 0, $"metadata's [device 1] has no '{key}'");

        string capturefile = Value("capturefile");
        double hz = SampleRate.Parse(Value("samplerate")) ?? throw new CaptureFormatException(_source, 0, $"metadata: samplerate '{device["samplerate"]}' is not a rate");
        if (!int.TryParse(Value("total probes"), out int probes) || probes < 1)
        {
            throw new CaptureFormatException(_source, 0, $"metadata: 'total probes={device["total probes"]}' is not a number of channels");
        }

        int unitSize = device.TryGetValue("unitsize", out string? unit) && int.TryParse(unit, out int u) && u > 0 ? u : (probes + 7) / 8;
        if (unitSize * 8 < probes)
        {
            throw new CaptureFormatException(_source, 0, $"metadata: unitsize {unitSize} is too small for {probes} probes");
        }

        var channels = new List<CaptureChannel>();
        for (int probe = 1; probe <= probes; probe++)
        {
            string name = device.GetValueOrDefault($"probe{probe}") ?? $"D{probe - 1}";
            channels.Add(new CaptureChannel(probe - 1, "", name, probe.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, "logic", 0));
        }

        // Chunks in order: logic-1-1, logic-1-2, … (a version 1 session has the one file logic-1).
        var chunks = _zip.Entries
            .Select(e => (Entry: e, Number: e.FullName == capturefile ? 0 : e.FullName.StartsWith(capturefile + "-", StringComparison.Ordinal) && int.TryParse(e.FullName[(capturefile.Length + 1)..], out int n) ? n : -1))
            .Where(c => c.Number >= 0)
            .OrderBy(c => c.Number)
            .Select(c => c.Entry)
            .ToList();
        if (chunks.Count == 0)
        {
            throw new CaptureFormatException(_source, 0, $"no sample data ('{capturefile}-1' …) in the session");
        }

        double periodPs = 1e12 / hz;
        string version = sections.GetValueOrDefault("global")?.GetValueOrDefault("sigrok version") is { } v ? "sigrok " + v : "";
        var header = new CaptureHeader(_source, "sigrok session", version, "", TimeText.Span((long)Math.Round(periodPs)), Math.Max(1, (long)Math.Round(periodPs)),
            new SampleRate(hz, "the session's metadata"), channels);
        return (header, chunks, unitSize, periodPs);
    }

    /// <summary>Whole samples inflated into a block.</summary>
    private readonly record struct Block(byte[] Data, int Length);

    /// <summary>
    /// The inflating thread and its blocks: at most <see cref="Blocks"/> blocks exist, so it runs
    /// a few megabytes ahead of the scan and waits when the scan falls behind.
    /// </summary>
    private sealed class Inflater : IDisposable
    {
        private const int Blocks = 4;
        private readonly BlockingCollection<Block?> _full = new(Blocks);
        private readonly BlockingCollection<byte[]> _free = new(Blocks);
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private ExceptionDispatchInfo? _failure;

        public Inflater(SigrokSessionReader session)
        {
            for (int i = 0; i < Blocks; i++)
            {
                _free.Add(new byte[ReadSize]);
            }

            _thread = new Thread(() => Run(session)) { IsBackground = true, Name = "inflate " + session._source };
            _thread.Start();
        }

        /// <summary>Gets the next block, or null after the last; throws what the thread threw.</summary>
        public Block? Next()
        {
            var block = _full.Take();
            if (block == null)
            {
                _failure?.Throw();
            }

            return block;
        }

        /// <summary>Gives a block's memory back once it is scanned.</summary>
        public void Return(byte[] data) => _free.Add(data);

        public void Dispose()
        {
            // The scan may stop early (a sink threw): the thread stops at its next wait.
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
            _full.Dispose();
            _free.Dispose();
        }

        private void Run(SigrokSessionReader session)
        {
            try
            {
                session.Inflate(() => _free.Take(_stop.Token), block => _full.Add(block, _stop.Token));
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }

            try
            {
                _full.Add(null, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The pass over the samples: finds where a wanted channel changes and hands the edge to its sink.</summary>
    private sealed class Scan
    {
        private readonly int _unitSize;
        private readonly double _periodPs;
        private readonly ChannelSink?[] _sinkByBit;
        private readonly ulong _mask;
        private readonly byte[] _byteMask;
        private readonly List<int> _bits = new();
        private readonly byte[] _previousBytes;
        private ulong _previous;
        private long _count;

        public Scan(IReadOnlyList<ChannelSink?> sinks, int channels, int unitSize, double periodPs)
        {
            _unitSize = unitSize;
            _periodPs = periodPs;
            _sinkByBit = new ChannelSink?[unitSize * 8];
            _byteMask = new byte[unitSize];
            _previousBytes = new byte[unitSize];
            for (int c = 0; c < channels && c < sinks.Count; c++)
            {
                if (sinks[c] is { } sink)
                {
                    _sinkByBit[c] = sink;
                    _bits.Add(c);
                    _byteMask[c / 8] |= (byte)(1 << (c % 8));
                    if (c < 64)
                    {
                        _mask |= 1UL << c;
                    }
                }
            }
        }

        public long Count => _count;

        public void Samples(ReadOnlySpan<byte> data)
        {
            if (data.IsEmpty)
            {
                return;
            }

            if (_count == 0)
            {
                // The first sample is every channel's level at the start.
                data[.._unitSize].CopyTo(_previousBytes);
                _previous = Word(data);
                foreach (int bit in _bits)
                {
                    _sinkByBit[bit]!.Begin(0, ((data[bit / 8] >> (bit % 8)) & 1) != 0);
                }

                _count = 1;
                data = data[_unitSize..];
            }

            switch (_unitSize)
            {
                case 1:
                    Words<byte>(data);
                    break;
                case 2:
                    Words<ushort>(data);
                    break;
                case 4:
                    Words<uint>(data);
                    break;
                case 8:
                    Words<ulong>(data);
                    break;
                default:
                    Bytes(data);
                    break;
            }
        }

        public CaptureSpan Finish()
        {
            long end = Time(_count);
            foreach (int bit in _bits)
            {
                _sinkByBit[bit]!.End(end);
            }

            return new CaptureSpan(0, end);
        }

        private long Time(long sample) => (long)Math.Round(sample * _periodPs);

        private ulong Word(ReadOnlySpan<byte> sample)
        {
            ulong word = 0;
            for (int i = Math.Min(_unitSize, 8) - 1; i >= 0; i--)
            {
                word = (word << 8) | sample[i];
            }

            return word;
        }

        /// <summary>
        /// Samples of 1, 2, 4 or 8 bytes, 32 bytes at a time: each sample against the one before it
        /// (the same bytes loaded one sample later), under the mask of the wanted channels, so one
        /// compare finds every change among them and the loop has no branch but for a change.
        /// </summary>
        private void Words<T>(ReadOnlySpan<byte> data)
            where T : unmanaged, IBinaryInteger<T>
        {
            var samples = MemoryMarshal.Cast<byte, T>(data);
            int n = samples.Length;
            if (n == 0)
            {
                return;
            }

            T mask = T.CreateTruncating(_mask);
            if (((samples[0] ^ T.CreateTruncating(_previous)) & mask) != T.Zero)
            {
                Edges(_count, ulong.CreateTruncating((samples[0] ^ T.CreateTruncating(_previous)) & mask), ulong.CreateTruncating(samples[0]));
            }

            var maskVector = Vector256.Create(mask);
            ref T first = ref MemoryMarshal.GetReference(samples);
            int i = 1;
            for (; i + Vector256<T>.Count <= n; i += Vector256<T>.Count)
            {
                var now = Vector256.LoadUnsafe(ref first, (nuint)i) & maskVector;
                var before = Vector256.LoadUnsafe(ref first, (nuint)(i - 1)) & maskVector;
                uint changed = (~Vector256.Equals(now, before)).ExtractMostSignificantBits();
                while (changed != 0)
                {
                    int at = i + BitOperations.TrailingZeroCount(changed);
                    changed &= changed - 1;
                    Edges(_count + at, ulong.CreateTruncating((samples[at] ^ samples[at - 1]) & mask), ulong.CreateTruncating(samples[at]));
                }
            }

            for (; i < n; i++)
            {
                if (((samples[i] ^ samples[i - 1]) & mask) != T.Zero)
                {
                    Edges(_count + i, ulong.CreateTruncating((samples[i] ^ samples[i - 1]) & mask), ulong.CreateTruncating(samples[i]));
                }
            }

            _previous = ulong.CreateTruncating(samples[n - 1]);
            _count += n;
        }

        /// <summary>Samples of any other width: compared byte by byte.</summary>
        private void Bytes(ReadOnlySpan<byte> data)
        {
            for (int at = 0; at < data.Length; at += _unitSize)
            {
                var sample = data.Slice(at, _unitSize);
                for (int b = 0; b < _unitSize; b++)
                {
                    int changed = (sample[b] ^ _previousBytes[b]) & _byteMask[b];
                    while (changed != 0)
                    {
                        int bit = BitOperations.TrailingZeroCount(changed);
                        changed &= changed - 1;
                        _sinkByBit[(b * 8) + bit]!.Edge(Time(_count), ((sample[b] >> bit) & 1) != 0);
                    }
                }

                sample.CopyTo(_previousBytes);
                _count++;
            }
        }

        private void Edges(long sampleIndex, ulong changed, ulong sample)
        {
            long time = Time(sampleIndex);
            while (changed != 0)
            {
                int bit = BitOperations.TrailingZeroCount(changed);
                changed &= changed - 1;
                _sinkByBit[bit]!.Edge(time, ((sample >> bit) & 1) != 0);
            }
        }
    }
}
