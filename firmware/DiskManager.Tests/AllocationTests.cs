using ColdStandby.Protocol;
using Xunit.Abstractions;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// The steady-state loop allocates nothing: grants, releases, fences, status requests, log
/// read-outs and disk error reports, step after step, with both links busy.
/// </summary>
public class AllocationTests
{
    private readonly ITestOutputHelper _output;

    public AllocationTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void One_hundred_thousand_busy_steps_allocate_nothing()
    {
        var board = new Board(new DiskManagerConfig
        {
            SettleMilliseconds = 100,
            ReleaseDebounceMilliseconds = 10,
            FenceEnabled = true,
            LogCapacity = 64,
        });
        var replies = new FrameReader();
        var drained = new byte[board.ManagementLink.Capacity];
        board.Management.Hello();
        board.Controller.Hello(node: NodeKind.DiskController);

        long now = 0;
        int frames = Run(board, replies, drained, ref now, 0, 5000);
        Assert.True(frames > 1000, $"only {frames} replies in the warm-up");

        uint logBefore = board.Dm.Log.NextSequence;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var started = DateTime.UtcNow;
        frames = Run(board, replies, drained, ref now, 5000, 100_000);
        double seconds = (DateTime.UtcNow - started).TotalSeconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        _output.WriteLine($"100000 busy steps in {seconds:0.000} s ({100_000 / seconds:0} steps/s), {frames} replies, {board.Dm.Log.NextSequence - logBefore} log records");
        Assert.Equal(0, allocated);
        Assert.True(board.Dm.Log.NextSequence - logBefore > 1000, "the loop wrote too little to the log to mean anything");
        Assert.Equal(0, board.Dm.ManagementCounters.Dropped);
        Assert.Equal(0, replies.Counters.Dropped);
    }

    /// <summary>
    /// Steps of 10 ms: A requests, then B, then nobody, in a 2000-step cycle; a status request every
    /// 7 steps, a disk error report every 13, a fence of the holder every 97, a log read every 500.
    /// </summary>
    private static int Run(Board board, FrameReader replies, byte[] drained, ref long now, int from, int count)
    {
        int frames = 0;
        for (int i = from; i < from + count; i++)
        {
            now += 10;
            int phase = i % 2000;
            board.RequestA.Value = phase < 800;
            board.RequestB.Value = phase >= 800 && phase < 1600;
            if (i % 7 == 0)
            {
                board.Management.Status();
            }

            if (i % 13 == 0)
            {
                board.Controller.ReportDiskError(Side.A, 0, 1, 2, (ushort)i);
            }

            if (i % 97 == 0 && board.Dm.Holder != Side.None)
            {
                board.Management.Fence(board.Dm.Holder, board.Dm.Epoch);
            }

            if (i % 500 == 0)
            {
                board.Management.ReadLog(0, 50);
            }

            board.Step(now);
            int n = board.ManagementLink.Drain(drained);
            for (int k = 0; k < n; k++)
            {
                if (replies.Push(drained[k]))
                {
                    frames++;
                }
            }

            board.ControllerLink.Drain(drained);
        }

        return frames;
    }
}
