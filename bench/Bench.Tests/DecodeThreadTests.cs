using ColdStandby.Bench.Captures;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// The check on two threads (the file parsed on one, the lines decoded on the other, batches of
/// value changes between them) gives what one thread gives: every change reaches its sink once,
/// in order, also where it falls on a batch's border; a decoder's failure stops the reader; a
/// reader's failure stops the decoding thread.
/// </summary>
public sealed class DecodeThreadTests(DemoCapture demo) : IClassFixture<DemoCapture>
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Every_call_reaches_its_sink_once_and_in_order_across_batch_borders(int batch)
    {
        // Three channels and one nobody wants; the calls of one thread, and the same through the decoding thread.
        var direct = new[] { new Log(), null, new Log(), new Log() };
        var relayed = new[] { new Log(), null, new Log(), new Log() };
        var random = new Random(batch);
        var script = new List<(int Channel, char Kind, long Time, bool Level)>();
        foreach (int c in new[] { 0, 2, 3 })
        {
            script.Add((c, 'B', 5, c == 2));
        }

        for (long t = 10; t < 20_000; t += random.Next(1, 4))
        {
            int c = new[] { 0, 2, 3 }[random.Next(3)];
            script.Add((c, 'E', t, random.Next(2) == 1));
        }

        foreach (int c in new[] { 3, 0, 2 })
        {
            script.Add((c, 'N', 20_000, false));
        }

        Play(script, direct);
        using (var decoding = new DecodeThread(relayed, batch))
        {
            Assert.Null(decoding.Sinks[1]);
            Play(script, decoding.Sinks);
            decoding.Finish();
        }

        foreach (int c in new[] { 0, 2, 3 })
        {
            Assert.True(direct[c]!.Calls.Count > 1_000);
            Assert.Equal(direct[c]!.Calls, relayed[c]!.Calls);
        }
    }

    [Fact]
    public void A_decoder_that_throws_stops_the_reader_with_its_exception()
    {
        var failing = new Log { FailAt = 500 };
        using var decoding = new DecodeThread(new ChannelSink?[] { failing }, 8);
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            decoding.Sinks[0]!.Begin(0, false);
            for (long t = 1; t < 1_000_000; t++)
            {
                decoding.Sinks[0]!.Edge(t, (t & 1) != 0);
            }

            decoding.Finish();
        });
        Assert.Equal("call 500", error.Message);
        Assert.Equal(500, failing.Calls.Count);
    }

    [Fact]
    public async Task A_reader_that_fails_part_way_stops_the_decoding_thread()
    {
        var log = new Log();
        var decoding = new DecodeThread(new ChannelSink?[] { log }, 4);
        decoding.Sinks[0]!.Begin(0, false);
        for (long t = 1; t <= 100; t++)
        {
            decoding.Sinks[0]!.Edge(t, (t & 1) != 0);
        }

        // No Finish: the reader threw; disposing returns (the thread stopped), and what was not handed over is not decoded.
        var disposing = Task.Run(decoding.Dispose);
        Assert.Same(disposing, await Task.WhenAny(disposing, Task.Delay(TimeSpan.FromSeconds(10))));
        Assert.True(log.Calls.Count <= 101);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(4096)]
    public void A_capture_decoded_on_a_second_thread_reports_what_one_thread_reports(int batch)
    {
        // Every batch of 1 or 2 puts each value change of the demo's failover (46 channels, every
        // UART byte of it) on a border; 5 and 4096 put borders inside bytes and frames.
        var one = TracedRun.Check(demo.Vcd, o => o.Threads = 1);
        var two = TracedRun.Check(demo.Vcd, o =>
        {
            o.Threads = 2;
            o.Batch = batch;
        });
        Assert.True(one.Links.Sum(l => l.Uart.ByteCount) > 1_000);
        Assert.Equal(Text(one), Text(two));
        Assert.Equal(Dump(one), Dump(two));
    }

    [SigrokFact]
    public void A_sigrok_session_decoded_on_a_second_thread_reports_what_one_thread_reports()
    {
        // The session: inflated on a thread of its own, scanned on the reader's, decoded on a third (or all on one).
        string session = demo.File("threads-smu_a.sr");
        Sigrok.Run("-I", "vcd", "-i", demo.Run.Write(demo.File("threads-smu_a.vcd"), null, "smu_a"), "-o", session);
        CaptureResult Check(int threads, int batch) => TracedRun.Check(session, o =>
        {
            o.Board = "smu_a";
            o.Levels = LevelMeaning.Asserted;
            o.Threads = threads;
            o.Batch = batch;
        });

        var one = Check(1, DecodeThread.DefaultBatch);
        Assert.True(one.Links.Sum(l => l.Uart.ByteCount) > 500);
        foreach (int batch in new[] { 1, 3, DecodeThread.DefaultBatch })
        {
            var two = Check(2, batch);
            Assert.Equal(Text(one), Text(two));
            Assert.Equal(Dump(one), Dump(two));
        }
    }

    [Fact]
    public void Threads_other_than_one_or_two_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new CaptureOptions { Threads = 3 });
        Assert.Equal("--threads 3: 1 (read and decode on one thread) or 2 (decode on a second thread)", error.Message);
    }

    private static string Text(CaptureResult result) => CaptureSweepTests.WithoutTiming(CaptureReport.Format(result, frames: true));

    private static string Dump(CaptureResult result)
    {
        var text = new StringWriter();
        CaptureDump.Write(result, text, DumpFormat.Text);
        return text.ToString();
    }

    private static void Play(List<(int Channel, char Kind, long Time, bool Level)> script, IReadOnlyList<ChannelSink?> sinks)
    {
        foreach (var (channel, kind, time, level) in script)
        {
            var sink = sinks[channel]!;
            switch (kind)
            {
                case 'B':
                    sink.Begin(time, level);
                    break;
                case 'E':
                    sink.Edge(time, level);
                    break;
                default:
                    sink.End(time);
                    break;
            }
        }
    }

    /// <summary>Writes down every call, and throws at the call <see cref="FailAt"/> when set.</summary>
    private sealed class Log : ChannelSink
    {
        public List<string> Calls { get; } = new();

        public int FailAt { get; init; } = -1;

        public override void Begin(long startPs, bool level) => Add($"begin {startPs} {level}");

        public override void Edge(long timePs, bool level) => Add($"edge {timePs} {level}");

        public override void End(long endPs) => Add($"end {endPs}");

        private void Add(string call)
        {
            if (Calls.Count == FailAt)
            {
                throw new InvalidOperationException($"call {FailAt}");
            }

            Calls.Add(call);
        }
    }
}
