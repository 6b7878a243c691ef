namespace ColdStandby.Dm.Tests;

/// <summary>
/// The grant rules as scenario tables (see <see cref="Scenario"/> for how a row reads). Defaults
/// unless a test says otherwise: settle 1000 ms, release hold-off 3000 ms, fencing off.
/// </summary>
public class GrantScenarioTests
{
    private static DiskManagerConfig Config(bool fence = false, SimultaneousRule rule = SimultaneousRule.NotLastHolder) =>
        new() { FenceEnabled = fence, Simultaneous = rule, LogCapacity = 64 };

    [Fact]
    public void A_lone_request_is_granted_after_the_reset_settle_and_the_change_of_holder_goes_through_nobody()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access | log",
            "     0  .  .  -      | DmReset - 0",
            "   100  R  .  -      | ",
            "   999  R  .  -      | ",
            "  1000  R  .  A      | GrantGiven A 1",
            "  2000  R  R  A      | RequestWaiting B 0",
            "  2500  .  R  A      | ",
            "  5499  .  R  A      | ",
            "  5500  .  R  -      | GrantReleased A 1",
            "  6499  .  R  -      | ",
            "  6500  .  R  B      | GrantGiven B 2");
    }

    [Fact]
    public void A_holder_whose_SMU_reboots_keeps_the_grant_through_the_hold_off()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access | log",
            "     0  R  .  -      | DmReset - 0",
            "  1000  R  .  A      | GrantGiven A 1",
            "  2000  .  .  A      | ",
            "  3000  .  R  A      | RequestWaiting B 0",
            "  4999  .  R  A      | ",
            "  5000  R  R  A      | ",
            "  9000  R  R  A      | ",
            "  9001  .  R  A      | ",
            " 12000  R  R  A      | ");
    }

    [Fact]
    public void A_release_counts_only_when_the_absence_lasts_the_whole_hold_off()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access | log",
            "     0  R  .  -      | DmReset - 0",
            "  1000  R  .  A      | GrantGiven A 1",
            "  1100  .  .  A      | ",
            "  4000  R  .  A      | ",
            "  4050  .  .  A      | ",
            "  7049  .  .  A      | ",
            "  7050  .  .  -      | GrantReleased A 1",
            "  7100  R  .  -      | ",
            "  8049  R  .  -      | ",
            "  8050  R  .  A      | GrantGiven A 2");
    }

    [Theory]
    [InlineData(SimultaneousRule.NotLastHolder, "A", "B")]
    [InlineData(SimultaneousRule.PreferA, "A", "B")]
    [InlineData(SimultaneousRule.PreferB, "B", "A")]
    public void Simultaneous_requests_after_a_reset_go_to_the_rule_s_side_and_are_logged(SimultaneousRule rule, string winner, string loser)
    {
        Scenario.Run(Config(rule: rule),
            "    ms  A  B  access | log",
            "     0  R  R  -      | DmReset - 0",
            "   999  R  R  -      | ",
            $"  1000  R  R  {winner}      | RequestConflict {winner} 0; GrantGiven {winner} 1; RequestWaiting {loser} 0");
    }

    [Fact]
    public void Simultaneous_requests_go_to_the_side_that_did_not_hold_last()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access | log",
            "     0  R  .  -      | DmReset - 0",
            "  1000  R  .  A      | GrantGiven A 1",
            "  1100  .  .  A      | ",
            "  4100  .  .  -      | GrantReleased A 1",
            "  4500  R  R  -      | ",
            "  5100  R  R  B      | RequestConflict B 0; GrantGiven B 2; RequestWaiting A 0",
            "  5200  R  .  B      | ",
            "  8200  R  .  -      | GrantReleased B 2",
            "  8300  .  .  -      | ",
            "  8400  R  R  -      | ",
            "  9200  R  R  A      | RequestConflict A 0; GrantGiven A 3; RequestWaiting B 0");
    }

    [Fact]
    public void Requests_during_the_settle_time_wait_for_its_end_and_the_earlier_asker_wins()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access | log",
            "     0  R  .  -      | DmReset - 0",
            "  1000  R  .  A      | GrantGiven A 1",
            "  1100  .  .  A      | ",
            "  4100  .  .  -      | GrantReleased A 1",
            "  4200  R  .  -      | ",
            "  4300  R  R  -      | ",
            "  4400  .  R  -      | ",
            "  4500  R  R  -      | ",
            "  5099  R  R  -      | ",
            "  5100  R  R  B      | GrantGiven B 2; RequestWaiting A 0");
    }

    [Fact]
    public void Fast_toggling_of_the_waiting_side_changes_nothing_and_is_logged_once_per_holding()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access | log",
            "     0  R  .  -      | DmReset - 0",
            "  1000  R  .  A      | GrantGiven A 1",
            "  1001  R  R  A      | RequestWaiting B 0",
            "  1002  R  .  A      | ",
            "  1003  R  R  A      | ",
            "  1004  R  .  A      | ",
            "  1005  R  R  A      | ",
            "  1006  R  .  A      | ",
            "  1007  R  R  A      | ");
    }

    [Fact]
    public void Fast_toggling_of_the_holder_within_the_hold_off_changes_nothing()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access | log",
            "     0  R  R  -      | DmReset - 0",
            "  1000  R  R  A      | RequestConflict A 0; GrantGiven A 1; RequestWaiting B 0",
            "  1001  .  R  A      | ",
            "  1002  R  R  A      | ",
            "  1003  .  R  A      | ",
            "  1004  R  R  A      | ",
            "  3003  .  R  A      | ",
            "  6002  .  R  A      | ",
            "  6003  .  R  -      | GrantReleased A 1",
            "  7003  .  R  B      | GrantGiven B 2");
    }

    [Fact]
    public void A_request_that_toggles_while_nobody_holds_is_granted_at_its_first_rise()
    {
        Scenario.Run(Config(),
            "    ms  A  B  access | log",
            "     0  .  .  -      | DmReset - 0",
            "  1000  .  .  -      | ",
            "  1001  .  R  B      | GrantGiven B 1",
            "  1002  .  .  B      | ",
            "  1003  .  R  B      | ",
            "  1004  .  .  B      | ",
            "  4003  .  .  B      | ",
            "  4004  .  .  -      | GrantReleased B 1");
    }

    [Fact]
    public void A_fence_is_refused_when_fencing_is_not_configured()
    {
        Scenario.Run(Config(fence: false),
            "    ms  A  B  access                           | log",
            "     0  R  .  -                                | DmReset - 0",
            "  1000  R  .  A                                | GrantGiven A 1",
            "  1100  R  .  A  fence A 1 -> Refused NotConfigured | FenceRefused A 7");
    }

    [Fact]
    public void A_fence_naming_the_current_holder_and_epoch_revokes_the_grant_and_the_fenced_side_must_release_before_it_is_granted_again()
    {
        Scenario.Run(Config(fence: true),
            "    ms  A  B  access                            | log",
            "     0  R  R  -                                 | DmReset - 0",
            "  1000  R  R  A                                 | RequestConflict A 0; GrantGiven A 1; RequestWaiting B 0",
            "  1100  R  R  A  fence B 1 -> Refused WrongSide | FenceRefused B 9",
            "  1200  R  R  A  fence A 0 -> Refused StaleEpoch | FenceRefused A 3",
            "  1300  R  R  -  fence A 1 -> Accepted         | Fenced A 1",
            "  1400  R  R  -  fence A 1 -> Refused WrongSide | FenceRefused A 9",
            "  2299  R  R  -                                 | ",
            "  2300  R  R  B                                 | GrantGiven B 2",
            "  2400  R  .  B                                 | ",
            "  5400  R  .  -                                 | GrantReleased B 2",
            "  6400  R  .  -                                 | ",
            "  6500  .  .  -                                 | ",
            "  9499  .  .  -                                 | ",
            "  9500  R  .  -                                 | ",
            "  9600  .  .  -                                 | ",
            " 12599  .  .  -                                 | ",
            " 12600  .  .  -                                 | ",
            " 12700  R  .  A                                 | GrantGiven A 3");
    }

    [Fact]
    public void A_fence_during_the_holder_s_hold_off_revokes_at_once()
    {
        Scenario.Run(Config(fence: true),
            "    ms  A  B  access                     | log",
            "     0  R  .  -                          | DmReset - 0",
            "  1000  R  .  A                          | GrantGiven A 1",
            "  1100  .  R  A                          | RequestWaiting B 0",
            "  1200  .  R  -  fence A 1 -> Accepted   | Fenced A 1",
            "  2200  .  R  B                          | GrantGiven B 2");
    }
}
