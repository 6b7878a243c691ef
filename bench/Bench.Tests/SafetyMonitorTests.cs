using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Tests;

/// <summary>The safety monitor catches a fault put into its inputs, with the time and the property, and stops the run.</summary>
public sealed class SafetyMonitorTests
{
    [Fact]
    public void An_access_line_stuck_on_is_caught_as_both_sides_granted()
    {
        var system = Serving();
        long stuckAt = system.NowNs;
        system.Dm.AccessB.Stick(true);
        var violation = system.Monitor.Violation;
        Assert.NotNull(violation);
        Assert.Equal(1, violation.Property);
        Assert.Equal(stuckAt, violation.TimeNs);
        Assert.True(system.Stopped);
        Assert.Contains("access-A and access-B are both asserted", violation.Report());
        Assert.Contains(SimTime.Format(stuckAt), violation.Report());
        Assert.NotEmpty(violation.LastEvents);
    }

    [Fact]
    public void A_power_button_pressed_without_the_grant_is_caught()
    {
        var system = Serving();
        system.SmuB.Wiring.PowerButton.Stick(true);
        Assert.Equal(3, system.Monitor.Violation?.Property);
        Assert.Contains("SMU B pressed the power button", system.Monitor.Violation!.Detail);
    }

    [Fact]
    public void The_dm_taking_the_disks_from_a_running_server_is_caught()
    {
        var system = Serving();
        system.Dm.AccessA.Stick(false);
        Assert.Equal(6, system.Monitor.Violation?.Property);
        Assert.Contains("took the disks from server A", system.Monitor.Violation!.Detail);
    }

    [Fact]
    public void A_rebooting_board_that_will_resume_Active_beside_the_Active_side_is_caught()
    {
        // B reboots; its storage now says Active and its request latch is set (as no firmware of
        // ours leaves them beside an Active A): B counts as what it will resume as.
        var system = Serving();
        system.SmuB.Reset(5_000);
        system.SmuB.Restore(Mode.Active, 9);
        system.SmuB.Wiring.RequestLatch.Set();
        system.RunFor(10);
        Assert.Equal(2, system.Monitor.Violation?.Property);
        Assert.Contains("persisted Active", system.Monitor.Violation!.Detail);
    }

    [Fact]
    public void A_rebooting_board_persisted_Active_but_unbacked_is_not_counted_Active()
    {
        var system = Serving();
        system.SmuB.Reset(5_000);
        system.SmuB.Restore(Mode.Active, 9);
        system.RunFor(60_000);
        Assert.Null(system.Monitor.Violation);
        Assert.Equal(Mode.Standby, system.SmuB.Mode);
        Assert.True(system.Serving(Side.A));
    }

    [Fact]
    public void A_log_entry_earlier_than_the_last_is_caught_unless_it_is_a_clock_step_back()
    {
        var stepped = Serving();
        stepped.Dm.Firmware!.Log.Append(1, EventCode.ClockStepBack, Side.None, 0);
        stepped.Dm.Wake(stepped.NowMs);
        stepped.RunFor(1_000);
        Assert.Null(stepped.Monitor.Violation);

        var system = Serving();
        system.Dm.Firmware!.Log.Append(1, EventCode.DiskError, Side.A, 0);
        system.Dm.Wake(system.NowMs);
        system.RunFor(1_000);
        Assert.Equal(4, system.Monitor.Violation?.Property);
        Assert.Contains("the DM's log went back in time", system.Monitor.Violation!.Detail);
    }

    [Fact]
    public void A_grant_wire_stuck_high_while_its_side_waits_is_caught_powering_a_server_without_its_disks_unless_proven()
    {
        var planted = ScenarioCatalogue.Find("grant-wire-stuck-high-while-the-standby-waits")!.Run(bug: PlantedBug.GrantProof);
        Assert.Equal(3, planted.System.Monitor.Violation?.Property);
        Assert.Contains("SMU B pressed the power button", planted.System.Monitor.Violation!.Detail);

        var real = ScenarioCatalogue.Find("grant-wire-stuck-high-while-the-standby-waits")!.Run();
        Assert.True(real.Passed, real.Report());
    }

    [Fact]
    public void A_grant_the_SMU_did_not_ask_for_and_believes_makes_it_unfit_and_stops_the_failover()
    {
        // The proof before the press keeps the server off either way; believing the line that rose
        // unasked makes the standby report the storage held, so the failing side abandons the switch.
        var planted = ScenarioCatalogue.Find("grant-wire-stuck-high-at-the-standby")!.Run(bug: PlantedBug.UnrequestedGrant);
        Assert.Null(planted.Violation);
        Assert.Contains(planted.System.Events, e => e.Is(EventCode.SwitchAbandoned) && e.Who == "A");
        Assert.Contains(planted.Results, r => r.Expected.Text == "1 switch" && r.Seen != null);

        var real = ScenarioCatalogue.Find("grant-wire-stuck-high-at-the-standby")!.Run();
        Assert.True(real.Passed, real.Report());
    }

    [Fact]
    public void A_healthy_day_runs_with_no_violation()
    {
        var system = Serving();
        system.RunFor(600_000);
        Assert.Null(system.Monitor.Violation);
        Assert.True(system.Monitor.Checks > 1000);
        Assert.True(system.Serving(Side.A));
    }

    private static StandbySystem Serving()
    {
        var system = new StandbySystem(new SystemOptions());
        system.RunUntil(180_000, () => system.Serving(Side.A));
        Assert.True(system.Serving(Side.A));
        return system;
    }
}
