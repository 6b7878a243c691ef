using ColdStandby.Protocol;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// The fail-safe reset rule: after a reset the DM grants nobody unless its memory says a side held
/// the grant and that side still requests it; then the grant is back at the first step. A
/// <c>reset</c> row resets the board before its step (outputs fall to their pull resistors).
/// </summary>
public class ResetTests
{
    private static DiskManagerConfig Config(bool fence = false) => new() { FenceEnabled = fence, LogCapacity = 64 };

    [Fact]
    public void The_holder_still_requesting_gets_its_grant_back_at_the_first_step_with_its_epoch()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access        | log",
            "     0  R  .  -             | DmReset - 0",
            "  1000  R  .  A             | GrantGiven A 1",
            "  1500  R  R  A             | RequestWaiting B 0",
            "  2000  R  R  A  reset      | DmReset A 1; GrantRestored A 1; RequestWaiting B 0",
            "  2100  R  R  A             | ",
            "  2200  .  R  A             | ",
            "  5200  .  R  -             | GrantReleased A 1",
            "  6200  .  R  B             | GrantGiven B 2");
    }

    [Fact]
    public void A_holder_no_longer_requesting_is_not_restored_and_nobody_is_granted_for_the_settle_time()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access        | log",
            "     0  R  .  -             | DmReset - 0",
            "  1000  R  .  A             | GrantGiven A 1",
            "  1100  .  R  A             | RequestWaiting B 0",
            "  1200  .  R  -  reset      | DmReset - 0; GrantReleased A 1",
            "  2199  .  R  -             | ",
            "  2200  .  R  B             | GrantGiven B 2");
    }

    [Fact]
    public void A_reset_after_a_release_restores_nothing_even_when_the_old_holder_requests_again()
    {
        // The memory says nobody holds: the old holder must wait the settle time like anyone else.
        Scenario.Run(Config(),
            "    ms  A  B  access        | log",
            "     0  R  .  -             | DmReset - 0",
            "  1000  R  .  A             | GrantGiven A 1",
            "  1100  .  .  A             | ",
            "  4100  .  .  -             | GrantReleased A 1",
            "  4200  R  .  -  reset      | DmReset - 0",
            "  5199  R  .  -             | ",
            "  5200  R  .  A             | GrantGiven A 2");
    }

    [Fact]
    public void A_reset_with_nothing_ever_granted_grants_nobody_until_the_settle_time_has_passed()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access        | log",
            "     0  .  R  -             | DmReset - 0",
            "   999  .  R  -             | ",
            "  1000  .  R  B             | GrantGiven B 1",
            "  1100  .  R  B  reset      | DmReset B 2; GrantRestored B 1");
    }

    [Fact]
    public void A_fenced_side_stays_fenced_across_a_reset()
    {
        Scenario.Run(Config(fence: true),
            "    ms  A  B  access                    | log",
            "     0  R  .  -                         | DmReset - 0",
            "  1000  R  .  A                         | GrantGiven A 1",
            "  1100  R  .  -  fence A 1 -> Accepted  | Fenced A 1",
            "  1200  R  .  -  reset                  | DmReset - 0",
            "  5000  R  .  -                         | ",
            "  5100  .  .  -                         | ",
            "  8100  .  .  -                         | ",
            "  8200  R  .  A                         | GrantGiven A 2");
    }

    [Fact]
    public void The_epoch_and_the_log_continue_across_resets()
    {
        var board = Scenario.Run(Config(),
            "    ms  A  B  access        | log",
            "     0  R  .  -             | DmReset - 0",
            "  1000  R  .  A             | GrantGiven A 1",
            "  1100  .  .  A             | ",
            "  4100  .  .  -             | GrantReleased A 1",
            "  5100  .  R  B             | GrantGiven B 2",
            "  5200  .  R  B  reset      | DmReset B 2; GrantRestored B 2",
            "  5300  .  .  -  reset      | DmReset - 0; GrantReleased B 2",
            "  6300  R  .  A             | GrantGiven A 3");

        Assert.Equal(3u, board.Dm.Epoch);
        Assert.Equal(1u, board.Dm.Log.FirstSequence);
        Assert.Equal(
            new[]
            {
                "DmReset - 0", "GrantGiven A 1", "GrantReleased A 1", "GrantGiven B 2",
                "DmReset B 2", "GrantRestored B 2", "DmReset - 0", "GrantReleased B 2", "GrantGiven A 3",
            },
            board.LogFrom(1));
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
