using ColdStandby.Protocol;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// The fail-safe reset rule beyond what the tables in Scenarios/reset-*.txt show: the epoch and the
/// log across resets, and what a new DM does to its outputs before its first step.
/// </summary>
public class ResetTests
{
    private static DiskManagerConfig Config() => new() { LogCapacity = 64 };

    [Fact]
    public void The_epoch_and_the_log_continue_across_resets()
    {
        var run = DmScenarios.Run("reset-epoch-and-log-continue");
        Assert.Null(run.Failure);
        var board = run.Rig;

        Assert.Equal(3u, board.Dm.Epoch);
        Assert.Equal(1u, board.Dm.Log.FirstSequence);
        Assert.Equal(
            new[]
            {
                "DmReset - 0", "GrantGiven A 1", "GrantReleased A 1", "GrantGiven B 2",
                "DmReset B 2", "GrantRestored B 2", "DmReset - 0", "GrantReleased B 2", "GrantGiven A 3",
            },
            board.LogFrom(1).Split("; "));
    }

    [Fact]
    public void A_new_DM_drives_every_grant_line_off_before_its_first_step()
    {
        var board = new Board(Config());
        board.Request(true, false);
        board.Step(0);
        board.Step(1000);
        Assert.Equal("A", board.Access);

        // Lines left asserted (a watchdog reset that does not float the pins): construction drops them.
        board.Reset();
        Assert.Equal("-", board.Access);
        board.AccessB.Value = board.GrantB.Value = true;
        board.Reset();
        Assert.Equal("-", board.Access);
        Assert.False(board.GrantB.Value);
        Assert.Equal(Side.None, board.Dm.Holder);
    }
}
