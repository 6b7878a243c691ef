using ColdStandby.Protocol;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// The reset rule beyond what the tables in Scenarios/reset-*.txt and power-*.txt show: the access
/// latches hold through the DM's own reset, so a DM that reboots finds the holder still latched and
/// keeps it without any line moving; a cold power-on (the supervisor clears the latches) starts with
/// nobody and the settle time.
/// </summary>
public class ResetTests
{
    private static DiskManagerConfig Config(bool fence = false) => new() { FenceEnabled = fence, LogCapacity = 64 };

    [Fact]
    public void The_epoch_and_the_log_continue_across_resets_and_power_cycles()
    {
        var run = DmScenarios.Run("reset-epoch-and-log-continue");
        Assert.Null(run.Failure);
        var board = run.Rig;

        Assert.Equal(3u, board.Dm.Epoch);
        Assert.Equal(1u, board.Dm.Log.FirstSequence);
        Assert.Equal(
            new[]
            {
                "DmReset - 0", "GrantGiven A 1", "GrantReleased A 1", "GrantGiven B 2", "DmReset B 2",
                "GrantRestored B 2", "DmReset - 0", "GrantReleased B 2", "GrantGiven B 3", "RequestWaiting A 0",
            },
            board.LogFrom(1).Split("; "));
    }

    [Fact]
    public void A_DM_reset_moves_no_line_however_long_the_DM_takes_to_come_back()
    {
        var board = new Board(Config());
        board.Request(true, false);
        for (long ms = 0; ms <= 200; ms++)
        {
            board.Step(ms);
        }

        Assert.Equal("A", board.Access);
        var changes = new List<string>();
        board.AccessA.Changed += (latch, value) => changes.Add($"{latch.Name}={value}");
        board.AccessB.Changed += (latch, value) => changes.Add($"{latch.Name}={value}");

        // While the microcontroller is down nothing steps; the latches hold on their own.
        board.Reset();
        for (long ms = 0; ms <= 1_000; ms++)
        {
            board.Step(ms);
        }

        Assert.Empty(changes);
        Assert.Equal(Side.A, board.Dm.Holder);
    }

    [Fact]
    public void A_fence_saved_but_not_carried_out_before_a_reset_is_carried_out_at_the_start()
    {
        // The memory names the fence (saved before the latch moves); the reset came before the clear.
        var board = new Board(Config(fence: true));
        board.Request(true, false);
        board.Management.Hello();
        for (long ms = 0; ms <= 100; ms++)
        {
            board.Step(ms);
        }

        board.Management.Fence(Side.A, 1);
        board.Step(101);
        Assert.Equal("-", board.Access);
        board.AccessA.Force(true);
        board.Reset();
        uint before = board.Dm.Log.NextSequence;
        board.Step(0);
        Assert.Equal("-", board.Access);
        Assert.Equal(new[] { "DmReset - 0", "GrantReleased A 1" }, board.LogFrom(before));
    }

    [Fact]
    public void Both_latches_read_set_at_a_start_is_trusted_for_neither()
    {
        // The board's interlock forbids it; a read-back that says so is a hardware fault.
        var board = new Board(Config());
        board.Request(true, true);
        board.AccessA.Force(true);
        board.AccessB.Force(true);
        board.Reset();
        board.Step(0);
        Assert.Equal("-", board.Access);
        Assert.Equal(Side.None, board.Dm.Holder);
        Assert.Equal(new[] { "DmReset - 0", "GrantReleased A 0", "GrantReleased B 0" }, board.LogFrom(1));
    }

    [Fact]
    public void The_interlock_refuses_to_set_one_latch_while_the_other_is_set()
    {
        var board = new Board(Config());
        board.AccessA.Set();
        board.AccessB.Set();
        Assert.Equal("A", board.Access);
        board.AccessA.Clear();
        board.AccessB.Set();
        Assert.Equal("B", board.Access);
    }

    [Fact]
    public void A_release_reaches_the_DM_and_shows_on_the_grant_loop_within_20_ms()
    {
        var board = new Board(Config());
        board.Request(true, false);
        for (long ms = 0; ms <= 200; ms++)
        {
            board.Step(ms);
        }

        Assert.Equal("A", board.Access);
        board.Request(false, false);
        long ms2 = 201;
        for (; ms2 < 400 && board.AccessA.Value; ms2++)
        {
            board.Step(ms2);
        }

        Assert.False(board.AccessA.Value);
        Assert.InRange(ms2 - 201, 1, 20);
    }
}
