using ColdStandby.Bench.Simulation;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// What keeps the campaign's speed honest: a run is a function of its seed alone. The shortcuts a
/// campaign takes (a clean line's write taken in one pass, the monitor reading each mode once) must
/// give the very run the plain path gives, and a run on a busy worker thread the run it gives alone.
/// </summary>
public sealed class CampaignDeterminismTests
{
    /// <summary>Everything a run shows: its sums, the monitor's verdict and check count, every event with its time.</summary>
    private static string Outcome(RunResult run, StandbySystem system) =>
        $"{Sums(run)} checks {system.Monitor.Checks} lines {system.LineChanges} bytes {string.Join(",", system.Links.Select(l => l.BytesSent))}\n"
        + string.Join("\n", system.Events.Select(e => $"{e.TimeNs} {e.Source} {e.Who} {e.Code} {e.Side} {e.Argument} {e.LogTimeMs} {e.Sequence} {e.Text}"));

    private static string Sums(RunResult run) =>
        $"seed {run.Seed} plan [{run.Plan}] classes [{string.Join(",", run.Classes)}] {run.SimulatedMs} ms, {run.Steps} steps, "
        + $"{run.Failovers} switches, {run.Abandoned} abandoned, {run.Alarms} alarms, serving {run.EndedServing}, alarmed {run.EndedAlarmed}, "
        + $"{run.Outages} outages, violation [{run.Violation?.Report()}], latencies [{string.Join(", ", run.Latencies)}]";

    [Fact]
    public void A_run_is_the_same_whether_its_links_take_bytes_one_at_a_time_or_a_write_at_once()
    {
        // A recorded run traces every byte, so each goes through the per-byte path (its fate decided
        // alone: noise, a cut, a receiver not listening); a campaign's clean line takes a write in
        // one pass. Faults that spoil, cut, replay and flood the links, and boards that hang and reset.
        var mix = FaultMix.Only("noise,replay,cable-cut,cable-cut-one-way,cable-flap,host-link-cut,smu-hang,smu-reset,dm-reset,os-hang,log-flood");
        for (int seed = 1; seed <= 8; seed++)
        {
            var (fast, fastSystem) = Campaign.RunWhole(seed, 600_000, mix);
            var (traced, tracedSystem) = Campaign.RunWhole(seed, 600_000, mix, record: true);
            Assert.NotNull(tracedSystem.Recording);
            Assert.Null(fastSystem.Recording);
            Assert.Equal(Outcome(traced, tracedSystem), Outcome(fast, fastSystem));
        }
    }

    [Fact]
    public void A_campaign_on_two_threads_gives_each_run_what_it_gives_alone()
    {
        var report = Campaign.Run(24, 5000, threads: 2);
        Assert.Equal(24, report.Runs.Count);
        foreach (var run in report.Runs)
        {
            Assert.Equal(Sums(Campaign.RunOne(run.Seed, 600_000)), Sums(run));
        }
    }
}
