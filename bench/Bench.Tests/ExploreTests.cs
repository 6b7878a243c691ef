using System.Reflection;
using ColdStandby.Bench.Commands;
using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;

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
    public void An_off_by_one_at_the_press_end_is_found_only_by_a_fault_in_the_deadlines_last_millisecond()
    {
        // The grant is not checked in the press's last millisecond: a DM power loss then leaves B
        // pressing its server on without the grant. No observable event falls in that millisecond, so
        // only the decision point 1 ms before the firmware's deadline (the press's end) reaches it.
        var bound = new ExploreOptions { Faults = 2, Depth = 40, Only = ExploreFault.Only("os-hang:A,dm-power-loss"), Bug = PlantedBug.PressLastMillisecond };
        var report = new Explorer(bound).Run();
        var violation = report.Violation;
        Assert.NotNull(violation);
        Assert.Contains("property 3", violation.What);
        Assert.Equal(new[] { "os-hang:A", "dm-power-loss" }, violation.Path.Steps.Select(s => s.Fault.Name));
        Replays(violation);

        // The DM lost its power 1 ms before B's press was due to end (its power-on press began then
        // less the press length, the campaign's configuration's).
        var pressedOn = violation.Events.Last(e => e.Source == EventSource.Log && e.Who == "B" && e.Code == EventCode.PowerOn);
        long pressEndsMs = (pressedOn.TimeNs / SimTime.NsPerMs) + Campaign.SmuConfig().PowerButtonPressMs;
        Assert.Equal(pressEndsMs - 1, violation.Path.Steps[1].AtMs);

        var observableOnly = new Explorer(new ExploreOptions { Faults = bound.Faults, Depth = bound.Depth, Only = bound.Only, Bug = bound.Bug, BeforeDeadlines = false }).Run();
        Assert.Null(observableOnly.Violation?.What);
        Assert.True(observableOnly.Exhausted);
    }

    [Fact]
    public void Two_threads_find_the_states_paths_and_violations_of_one()
    {
        foreach (var bug in new[] { PlantedBug.None, PlantedBug.ActiveUntilAgreed })
        {
            ExploreReport Explore(int threads, long lastLevelLimit = 0) => new Explorer(new ExploreOptions
            {
                Faults = 2,
                Depth = 3,
                Only = ExploreFault.Only("board-swap:B,os-hang:A,dm-reset-short,smu-reset-short,frame-loss-peer"),
                Bug = bug,
                KeepGoing = true,
                Threads = threads,
                LastLevelLimit = lastLevelLimit,
            }).Run();

            var one = Explore(1);
            var two = Explore(2);
            Assert.Equal(0, one.PathsRunAgain + one.PathsCutShort);
            Assert.True(one.States > 100, $"{one.States} states");
            Assert.Equal((one.States, one.Transitions, one.Paths, one.Merged, one.DepthReached, one.Exhausted), (two.States, two.Transitions, two.Paths, two.Merged, two.DepthReached, two.Exhausted));
            Assert.Equal(one.Violations, two.Violations);
            Assert.Equal(one.ViolationKinds, two.ViolationKinds);
            Assert.Equal(one.Violation?.Path.ToText(), two.Violation?.Path.ToText());
            Assert.Equal(bug != PlantedBug.None, one.Violations > 0);

            // The last level cut halfway: the same cut with two threads, the violations below it all counted.
            long half = one.LastLevel!.PathsRun / 2;
            var cutOne = Explore(1, half);
            var cutTwo = Explore(2, half);
            Assert.False(cutOne.Exhausted);
            Assert.Equal(half, cutOne.LastLevel!.PathsRun);
            Assert.Equal((cutOne.States, cutOne.Paths, cutOne.Violations, cutOne.LastLevel.Violations, cutOne.LastLevel.PathsKnown),
                (cutTwo.States, cutTwo.Paths, cutTwo.Violations, cutTwo.LastLevel!.Violations, cutTwo.LastLevel.PathsKnown));
            Assert.Equal(one.Violations - one.LastLevel.Violations, cutOne.Violations - cutOne.LastLevel.Violations);
            Assert.InRange(cutOne.LastLevel.Violations, 0, one.LastLevel.Violations);
        }
    }

    [Fact]
    public void A_budget_that_cuts_the_last_level_leaves_the_levels_below_exhausted_and_says_how_much_of_the_last_ran()
    {
        var only = ExploreFault.Only("os-hang,dm-reset-short,smu-reset-short,cable-cut,frame-loss-peer,switchover");
        ExploreReport Explore(int faults, long lastLevelLimit = 0, int threads = 1) =>
            new Explorer(new ExploreOptions { Faults = faults, Depth = 2, Only = only, LastLevelLimit = lastLevelLimit, Threads = threads }).Run();

        // A whole bound: its last level, generated from the level before, is all of it; the levels below
        // are the bound one fault less, run as that bound runs them (the same states and paths).
        var one = Explore(1);
        var two = Explore(2);
        Assert.True(two.Exhausted);
        var whole = two.LastLevel!;
        Assert.True(whole.Finished);
        Assert.Equal((one.States, one.Paths), (two.LowerStates, two.LowerPaths));
        Assert.Equal(two.Paths - one.Paths, whole.PathsRun);
        Assert.Equal(whole.PathsKnown, whole.PathsRun);
        Assert.Equal(whole.PathsRun, whole.EstimatedPaths);
        Assert.Equal(two.Transitions - one.Transitions, whole.PathsRun);
        Assert.True(whole.PathsRun > 100, $"{whole.PathsRun} paths of 2 faults");
        Assert.Contains("exhausted (up to 1 fault exhausted", ExploreCommand.Format(two));

        // Cut after 300 paths of 3 faults: up to 2 faults exhausted (the 2-fault bound's figures), and
        // the report says how much of the 3-fault level ran, of how many, and how long the rest takes.
        var cut = Explore(3, lastLevelLimit: 300);
        Assert.False(cut.Exhausted);
        Assert.Null(cut.Violation?.What);
        Assert.Equal((two.States, two.Paths, two.Transitions), (cut.LowerStates, cut.LowerPaths, cut.Transitions - cut.LastLevel!.PathsKnown));
        var part = cut.LastLevel;
        Assert.Equal(3, part.Faults);
        Assert.Equal(300, part.PathsRun);
        Assert.Equal(two.Paths + 300, cut.Paths);
        Assert.False(part.Finished);
        Assert.Equal(two.Paths - one.Paths, part.Parents);
        Assert.InRange(part.ParentsExpanded, 1, part.Parents - 1);
        Assert.InRange(part.PathsKnown, 300, part.EstimatedPaths - 1);
        Assert.Equal(300.0 / part.EstimatedPaths, part.Fraction, 9);
        Assert.Equal(part.EstimatedPaths - 300, cut.PathsLeft);
        Assert.True(part.States > 0 && part.ProjectedLeft > part.Elapsed, $"{part.States} states, {part.ProjectedLeft} left after {part.Elapsed}");
        Assert.Equal(0, part.Violations);

        // The order spreads over the level: a small share of it has already generated paths under every
        // first fault, and run paths under nearly all (in the level's own order, the parents of 2 or 3 first
        // faults). A first fault whose parents so far merged early, or whose paths were in the cut batch, has none run yet.
        Assert.True(part.Fraction < 0.25, $"{part.Fraction:P0} of the level ran");
        Assert.InRange(part.FirstFaults, 10, one.LastLevel!.PathsRun);
        Assert.True(part.FirstFaultsExpanded == part.FirstFaults && part.FirstFaultsRun >= part.FirstFaults * 3 / 4,
            $"first faults {part.FirstFaults}, expanded {part.FirstFaultsExpanded}, run {part.FirstFaultsRun}; parents {part.ParentsExpanded} of {part.Parents}, paths {part.PathsKnown}");

        string text = ExploreCommand.Format(cut);
        Assert.Contains($"NOT exhausted: up to 2 faults exhausted in", text);
        Assert.Contains($"of the 3-fault level 300 of about {part.EstimatedPaths:N0} paths ran", text);
        Assert.Contains("the rest of the level would take about", text);

        // The cut falls at the same place with two threads.
        var twoThreads = Explore(3, lastLevelLimit: 300, threads: 2);
        Assert.Equal((cut.States, cut.Paths, cut.Merged, cut.Transitions, part.ParentsExpanded, part.PathsKnown, part.States),
            (twoThreads.States, twoThreads.Paths, twoThreads.Merged, twoThreads.Transitions, twoThreads.LastLevel!.ParentsExpanded, twoThreads.LastLevel.PathsKnown, twoThreads.LastLevel.States));
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
    public void Without_the_epoch_check_a_replayed_switch_is_found_and_replayed()
    {
        // A switch to B and back to A, then an attacker sends A's first switch again (its heartbeat asking
        // for epoch 2, then the request), numbered as A's next frames so that B's in-order check passes
        // them: B, at epoch 3, must ignore it as stale. The other guard on a switch request (the sender's
        // heartbeat asks for exactly that epoch) is fooled by the forged heartbeat.
        // Without the instants before deadlines: no deadline is in this bug, and they make this bound a run of minutes.
        var bound = new ExploreOptions { Faults = 3, Depth = 30, Only = ExploreFault.Only("switchover,replay-switch-exchange"), BeforeDeadlines = false };
        var report = new Explorer(new ExploreOptions { Faults = bound.Faults, Depth = bound.Depth, Only = bound.Only, Bug = PlantedBug.SwitchRequestEpoch, BeforeDeadlines = false }).Run();
        var violation = report.Violation;
        Assert.NotNull(violation);
        Assert.Contains("property 2", violation.What);
        Assert.Equal(new[] { "switchover", "switchover", "replay-switch-exchange:A" }, violation.Path.Steps.Select(s => s.Fault.Name));
        Replays(violation);

        var fixedReport = new Explorer(bound).Run();
        Assert.Null(fixedReport.Violation?.What);
        Assert.True(fixedReport.Exhausted);

        // The same path on the real firmware: B logs the replayed request as stale, A serves.
        var (system, none) = Explorer.Replay(violation.Path with { Bug = PlantedBug.None });
        Assert.Null(none?.What);
        Assert.Contains(system.Events, e => e.Source == EventSource.Log && e.Who == "B" && e.Code == EventCode.StaleSwitchIgnored && e.Argument == 2);
        Assert.Equal(Side.A, system.ServingSide);
    }

    /// <summary>The paths the explorer once found a violation on (bench/explore-found): each a regression path now.</summary>
    public static TheoryData<string> FoundPaths()
    {
        var data = new TheoryData<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(Repository.Root, "bench", "explore-found"), "*.path").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FoundPaths))]
    public void Every_path_the_explorer_once_found_a_violation_on_runs_clean_now(string file)
    {
        var (system, violation) = Explorer.Replay(FoundPath(file));
        Assert.Null(violation?.What);
        Assert.NotEmpty(system.Injected);
    }

    [Fact]
    public void An_earlier_heartbeat_replayed_as_a_hang_ends_is_held_back_and_only_one_side_becomes_active()
    {
        // From cold, B's board swapped for one restored as Active (a claim), A's firmware hangs 5 s,
        // and B's heartbeat from before the swap is put on the line 1 ms before A's hang ends: A took
        // it (no frame of B's before it) and became Active beside B's claim. Now A holds it back as
        // the anchor of B's numbering and hears B's next heartbeat, the claim.
        var (system, violation) = Explorer.Replay(FoundPath("p2-replayed-earlier-heartbeat-as-hang-ends-cold.path"));
        Assert.Null(violation?.What);
        Assert.True(system.SmuA.Firmware!.PeerLinkCounters.OutOfOrder > 0, "A held the replayed heartbeat back");
        Assert.DoesNotContain(system.Events, e => e.Is(EventCode.ModeChanged) && e.Who == "A" && e.Argument == (uint)Mode.Active);
        Assert.Equal(Side.B, system.ServingSide);
    }

    [Fact]
    public void A_heartbeat_never_delivered_and_replayed_as_its_sender_restarts_does_not_hold_off_the_no_service_alarm()
    {
        // A's SMU and the DM lose their power 1 ms apart (nobody serves from 01:01.1); A's newest
        // heartbeat (serving), sent as it lost its power, reaches B as A starts again 30 s later:
        // next in A's numbering, B took it as service and raised NoService only at 06:31. Now B,
        // which saw A fall silent, holds it back and raises NoService within its 5 minutes (05:00:
        // B never saw A's services ready).
        var (system, violation) = Explorer.Replay(FoundPath("p6-replayed-undelivered-heartbeat-as-smu-restarts.path"));
        Assert.Null(violation?.What);
        var noService = system.Events.First(e => e.Is(EventCode.AlarmRaised) && e.Who == "B" && e.Argument == (uint)AlarmFlags.NoService);
        Assert.InRange(noService.TimeMs, 61_102, 300_000);
    }

    private static ExplorePath FoundPath(string file) =>
        ExplorePath.Parse(File.ReadAllText(Path.Combine(Repository.Root, "bench", "explore-found", file)));

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
    public void The_fingerprint_tells_no_outage_from_one_that_began_a_millisecond_ago()
    {
        // The monitor's "no outage" (-1) must not hash like a time 1 ms back; the same state hashes the same.
        var system = ExploreStart.Build("cold", PlantedBug.None, out _);
        system.RunUntil(5_000);
        long horizon = WorldFingerprint.HorizonFor(system.Options);
        var none = WorldFingerprint.Of(system, horizon);
        Assert.Equal(none, WorldFingerprint.Of(system, horizon));
        var since = (long[])typeof(SafetyMonitor).GetField("_outageSinceMs", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(system.Monitor)!;
        Assert.Equal(-1, since[(int)Side.A]);
        since[(int)Side.A] = system.NowMs - 1;
        Assert.NotEqual(none, WorldFingerprint.Of(system, horizon));
        since[(int)Side.A] = -1;
        Assert.Equal(none, WorldFingerprint.Of(system, horizon));
    }

    [Fact]
    public void An_smus_supply_loss_is_explored_in_both_lengths_and_its_long_class_runs_the_cell_flat()
    {
        var report = new Explorer(new ExploreOptions { Faults = 1, Depth = 2, Only = ExploreFault.Only("smu-supply-lost") }).Run();
        Assert.Null(report.Violation?.What);
        Assert.True(report.Exhausted);
        Assert.Equal(1, report.FaultsReached);
        Assert.Equal(4, ExploreFault.Only("smu-supply-lost").Count);
        Assert.True(report.Transitions >= 8, $"{report.Transitions} branches: each class on each side at each of the 2 first decision points");

        // From A serving: a short loss raises the on-battery alarm only; a long one runs A's cell flat
        // (low battery, the supervisor's reset), and the settle counts from the 5 V's return.
        long start = ExploreStart.Build("a-serves", PlantedBug.None, out _).NowMs;
        var (shortLoss, none) = Explorer.Replay(ExplorePath.Parse($"from a-serves\nsettle 360000\nat {start} smu-supply-lost-short:A\n"));
        Assert.Null(none?.What);
        Assert.Contains(shortLoss.Events, e => e.Is(EventCode.AlarmRaised) && e.Who == "A" && e.Argument == (uint)AlarmFlags.OnBattery);
        Assert.DoesNotContain(shortLoss.Events, e => e.Is(EventCode.AlarmRaised) && e.Argument == (uint)AlarmFlags.BatteryLow);
        Assert.Equal(Side.A, shortLoss.ServingSide);

        var (longLoss, again) = Explorer.Replay(ExplorePath.Parse($"from a-serves\nsettle 360000\nat {start} smu-supply-lost-long:A\n"));
        Assert.Null(again?.What);
        Assert.Contains(longLoss.Events, e => e.Is(EventCode.AlarmRaised) && e.Who == "A" && e.Argument == (uint)AlarmFlags.BatteryLow);
        Assert.Contains(longLoss.Events, e => e.Text.Contains("cell is flat", StringComparison.Ordinal));
        Assert.Equal(start + ExploreFault.SupplyLongMs + 360_000, longLoss.NowMs);
    }

    [Fact]
    public void The_fingerprint_tells_apart_how_much_of_a_cell_is_used()
    {
        var system = ExploreStart.Build("cold", PlantedBug.None, out _);
        system.RunUntil(5_000);
        system.Inject(new Fault(FaultType.SmuSupplyLoss, Side.A, DurationMs: 60_000));
        system.RunUntil(10_000);
        long horizon = WorldFingerprint.HorizonFor(system.Options);
        var print = WorldFingerprint.Of(system, horizon);
        var used = typeof(SmuCell).GetField("_usedMs", BindingFlags.NonPublic | BindingFlags.Instance)!;
        long was = (long)used.GetValue(system.SmuA.Cell)!;
        used.SetValue(system.SmuA.Cell, was + 1_000);
        Assert.NotEqual(print, WorldFingerprint.Of(system, horizon));
        used.SetValue(system.SmuA.Cell, was);
        Assert.Equal(print, WorldFingerprint.Of(system, horizon));
    }

    [Fact]
    public void A_path_file_that_is_wrong_names_its_line()
    {
        var bad = Assert.Throws<FormatException>(() => ExplorePath.Parse("from a-serves\nsettle 1000\nat 12 no-such-fault\n"));
        Assert.Contains("line 3", bad.Message);
        Assert.Contains("os-hang:A", bad.Message);
        Assert.Contains("line 2", Assert.Throws<FormatException>(() => ExplorePath.Parse("from cold\nsettle -5\n")).Message);

        // Families: every replay of both sides; a name that is none of these is refused.
        var replays = ExploreFault.Only("replay").Select(f => f.Name).ToList();
        Assert.Equal(2 * (ExploreFault.Replayed.Count + 3), replays.Count);
        Assert.Contains("replay-switch-exchange:B", replays);
        Assert.Contains("replay-earlier-heartbeat-renumbered:A", replays);
        Assert.All(replays, name => Assert.StartsWith("replay-", name));
        Assert.Contains("'replay-everything'", Assert.Throws<ArgumentException>(() => ExploreFault.Only("replay-everything")).Message);
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
