using ColdStandby.Bench.Simulation;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// The explorer: a small bound of the real firmware explored with no violation, and planted bugs
/// (one guard of the SMU firmware off at a time) found, with a path file whose replay reproduces
/// the violation — so the explorer is shown able to fail.
/// </summary>
public sealed class ExploreTests
{
    [Fact]
    public void A_small_bound_of_the_real_firmware_is_exhausted_without_a_violation()
    {
        var report = new Explorer(new ExploreOptions
        {
            Faults = 1,
            Depth = 4,
            Only = ExploreFault.Only("os-hang,dm-reset-short,smu-reset-short,cable-cut,frame-loss-peer,switchover"),
        }).Run();
        Assert.Null(report.Violation?.What);
        Assert.True(report.Exhausted);
        Assert.Equal(1, report.FaultsReached);
        Assert.True(report.Transitions > 10, $"{report.Transitions} branches");
        Assert.True(report.States > report.Transitions, $"{report.States} states");
    }

    [Fact]
    public void Without_the_grant_check_during_the_press_a_dm_power_loss_mid_press_is_found_and_replayed()
    {
        var report = new Explorer(new ExploreOptions
        {
            Faults = 2,
            Depth = 40,
            Only = ExploreFault.Only("os-hang:A,dm-power-loss"),
            Bug = PlantedBug.PressGrantRecheck,
        }).Run();
        var violation = report.Violation;
        Assert.NotNull(violation);
        Assert.Contains("property 3", violation.What);
        Assert.Equal(new[] { "os-hang:A", "dm-power-loss" }, violation.Path.Steps.Select(s => s.Fault.Name));
        Replays(violation);
    }

    [Fact]
    public void The_same_bound_with_the_guard_on_finds_nothing()
    {
        var report = new Explorer(new ExploreOptions
        {
            Faults = 2,
            Depth = 40,
            Only = ExploreFault.Only("os-hang:A,dm-power-loss"),
        }).Run();
        Assert.Null(report.Violation?.What);
        Assert.True(report.Exhausted);
    }

    [Fact]
    public void Without_the_claim_a_board_restored_as_active_beside_the_active_side_is_found_and_replayed()
    {
        // Nobody Active until the agreement has decided: B's board is swapped for one restored from a
        // backup as Active, which nothing backs (no grant, no latched request of its own).
        var report = new Explorer(new ExploreOptions
        {
            Faults = 2,
            Depth = 6,
            Only = ExploreFault.Only("board-swap,smu-reset-short"),
            Bug = PlantedBug.ActiveUntilAgreed,
        }).Run();
        var violation = report.Violation;
        Assert.NotNull(violation);
        Assert.Contains("property 2", violation.What);
        Assert.Equal(new[] { "board-swap:B" }, violation.Path.Steps.Select(s => s.Fault.Name));
        Replays(violation);

        var fixedReport = new Explorer(new ExploreOptions { Faults = 2, Depth = 6, Only = ExploreFault.Only("board-swap,smu-reset-short") }).Run();
        Assert.Null(fixedReport.Violation?.What);
    }

    [Fact]
    public void Both_smus_down_through_a_dm_power_loss_is_not_a_silent_outage()
    {
        // Found by the explorer: with both SMUs down (one hung, one rebooting) nobody can raise the
        // outage alarm; the monitor judges the outage from when an SMU runs again.
        var path = ExplorePath.Parse("from a-serves\nsettle 360000\nat 61102 smu-hang:B\nat 61103 dm-power-loss\nat 61106 smu-reset-long:A\n");
        var (system, violation) = Explorer.Replay(path);
        Assert.Null(violation?.What);
        Assert.Equal(3, system.Injected.Count);
        Assert.True(system.Monitor.Outages > 0, "the outage happened");
    }

    [Fact]
    public void A_path_file_that_is_wrong_names_its_line()
    {
        var bad = Assert.Throws<FormatException>(() => ExplorePath.Parse("from a-serves\nsettle 1000\nat 12 no-such-fault\n"));
        Assert.Contains("line 3", bad.Message);
        Assert.Contains("os-hang:A", bad.Message);
        Assert.Contains("line 2", Assert.Throws<FormatException>(() => ExplorePath.Parse("from cold\nsettle -5\n")).Message);
        Assert.Throws<ArgumentException>(() => ExplorePath.Parse("from nowhere\nsettle 5\n"));
    }

    /// <summary>The violation's path, written and read back, runs into the same violation (and the CLI's replay exits 1).</summary>
    private static void Replays(ExploreViolation violation)
    {
        var path = ExplorePath.Parse(violation.Path.ToText());
        Assert.Equal(violation.Path.ToText(), path.ToText());
        var (_, again) = Explorer.Replay(path);
        Assert.Equal(violation.What, again?.What);

        string file = Path.Combine(Path.GetTempPath(), $"explore-{Guid.NewGuid():N}.path");
        try
        {
            File.WriteAllText(file, path.ToText());
            var output = new StringWriter();
            Assert.Equal(BenchCli.Differs, BenchCli.Run(new[] { "run", "--path", file }, output, new StringWriter()));
            Assert.Contains("verdict: VIOLATION", output.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }
}
