using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Runs the channels' sinks (the UART decoders and their frame readers, the line recorders) on a
/// second thread while the reader parses on its own: the reader writes each Begin, Edge and End
/// into a batch (a time and a code: the sink, what happened, the level) through
/// <see cref="Sinks"/>, and the decoding thread replays every batch in order into the real sinks.
/// The batches are a few reusable arrays that go round between the two threads (a bounded queue
/// each way): nothing is allocated per batch, and the reader waits when the decoders fall behind.
/// Each sink sees exactly the calls, in exactly the order, it would have seen on one thread.
/// </summary>
internal sealed class DecodeThread : IDisposable
{
    /// <summary>Events a batch holds: 32 K events are 384 KB, about 0.5 ms of a 1 GB capture's parse.</summary>
    public const int DefaultBatch = 1 << 15;

    /// <summary>Batches that go round: 3 MB, about 4 ms of parsing ahead, so a busy machine's scheduler does not stall one thread on the other's time slice.</summary>
    private const int Batches = 8;
    private const int EdgeKind = 0;
    private const int BeginKind = 1 << 1;
    private const int EndKind = 2 << 1;
    private const int KindBits = 3;

    private readonly ChannelSink[] _targets;
    private readonly BlockingCollection<Batch?> _full = new(Batches);
    private readonly BlockingCollection<Batch> _free = new(Batches);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private Batch _batch;
    private long[] _times;
    private int[] _codes;
    private int _count;
    private volatile ExceptionDispatchInfo? _failure;
    private bool _finished;

    /// <summary>Starts the decoding thread for <paramref name="sinks"/> (a null entry stays null), <paramref name="batch"/> events a batch.</summary>
    public DecodeThread(IReadOnlyList<ChannelSink?> sinks, int batch = DefaultBatch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        var targets = new List<ChannelSink>();
        Sinks = new ChannelSink?[sinks.Count];
        for (int i = 0; i < sinks.Count; i++)
        {
            if (sinks[i] is { } sink)
            {
                Sinks[i] = new Relay(this, targets.Count << KindBits);
                targets.Add(sink);
            }
        }

        _targets = targets.ToArray();
        for (int i = 0; i < Batches; i++)
        {
            _free.Add(new Batch(batch));
        }

        _batch = _free.Take();
        _times = _batch.Times;
        _codes = _batch.Codes;
        _thread = new Thread(Decode) { IsBackground = true, Name = "decode" };
        _thread.Start();
    }

    /// <summary>Gets the sinks the reader writes into, indexed as the sinks given.</summary>
    public ChannelSink?[] Sinks { get; }

    /// <summary>Hands over the last batch and waits until every sink has had every call; throws what a sink threw.</summary>
    public void Finish()
    {
        Hand(last: true);
        _thread.Join();
        _finished = true;
        _failure?.Throw();
    }

    /// <summary>Stops the thread (after <see cref="Finish"/>, or when the reader failed part way: the rest is not decoded).</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            _stop.Cancel();
            _thread.Join();
        }

        _stop.Dispose();
        _full.Dispose();
        _free.Dispose();
    }

    private void Put(int code, long time)
    {
        if (_count == _times.Length)
        {
            Hand(last: false);
        }

        _times[_count] = time;
        _codes[_count] = code;
        _count++;
    }

    /// <summary>Queues the batch being written (and then the end), and takes an empty one to go on with.</summary>
    private void Hand(bool last)
    {
        _failure?.Throw();
        _batch.Count = _count;
        try
        {
            _full.Add(_batch, _stop.Token);
            if (last)
            {
                _full.Add(null, _stop.Token);
                return;
            }

            _batch = _free.Take(_stop.Token);
        }
        catch (OperationCanceledException) when (_failure != null)
        {
            // The decoding thread failed and stopped taking batches: its exception is the reader's.
            _failure.Throw();
        }

        _times = _batch.Times;
        _codes = _batch.Codes;
        _count = 0;
    }

    private void Decode()
    {
        try
        {
            while (_full.Take(_stop.Token) is { } batch)
            {
                Replay(batch);
                _free.Add(batch, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            _stop.Cancel();
        }
    }

    private void Replay(Batch batch)
    {
        var targets = _targets;
        long[] times = batch.Times;
        int[] codes = batch.Codes;
        for (int i = 0; i < batch.Count; i++)
        {
            int code = codes[i];
            var sink = targets[code >> KindBits];
            switch (code & (3 << 1))
            {
                case EdgeKind:
                    sink.Edge(times[i], (code & 1) != 0);
                    break;
                case BeginKind:
                    sink.Begin(times[i], (code & 1) != 0);
                    break;
                default:
                    sink.End(times[i]);
                    break;
            }
        }
    }

    /// <summary>One batch: parallel arrays of times and codes, <see cref="Count"/> of them filled.</summary>
    private sealed class Batch(int size)
    {
        public readonly long[] Times = new long[size];
        public readonly int[] Codes = new int[size];
        public int Count;
    }

    /// <summary>What the reader sees as a channel's sink: each call becomes one event of the batch.</summary>
    private sealed class Relay(DecodeThread owner, int code) : ChannelSink
    {
        public override void Begin(long startPs, bool level) => owner.Put(code | BeginKind | (level ? 1 : 0), startPs);

        public override void Edge(long timePs, bool level) => owner.Put(code | EdgeKind | (level ? 1 : 0), timePs);

        public override void End(long endPs) => owner.Put(code | EndKind, endPs);
    }
}
