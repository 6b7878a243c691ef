using System.Xml.Linq;
using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Tests;

/// <summary>The main command end to end, the campaign, and the command line's errors.</summary>
public sealed class DemoAndCliTests
{
    [Fact]
    public void Demo_writes_the_timeline_traces_diagram_and_logs()
    {
        string root = Directory.CreateTempSubdirectory("bench-demo").FullName;
        string dir = Path.Combine(root, "out");
        var stdout = new StringWriter();
        int code = BenchCli.Run(new[] { "demo", "--out", dir }, stdout, new StringWriter());
        string printed = stdout.ToString();
        Assert.True(code == BenchCli.Ok, printed);
        Assert.Contains("verdict: PASS", printed);
        Assert.Contains("server fault: watchdog not kicked in time", printed);
        Assert.Contains("takes over from A", printed);

        foreach (string file in new[] { "timeline.txt", "failover.vcd", "day.vcd", "failover.json", "failover.svg", "smu-a.log", "smu-b.log", "dm.log" })
        {
            Assert.True(new FileInfo(Path.Combine(dir, file)).Length > 100, file);
        }

        string vcd = File.ReadAllText(Path.Combine(dir, "failover.vcd"));
        Assert.Contains("$dumpvars", vcd);
        Assert.Contains("$scope module smu_a $end", vcd);
        Assert.Contains("$var wire 1 ! power_button $end", vcd);

        var svg = XDocument.Load(Path.Combine(dir, "failover.svg"));
        string text = string.Concat(svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));
        foreach (string label in new[] { "watchdog fired", "FitnessQuery", "FitnessReply", "SwitchRequest", "takes over", "access_a", "power_good" })
        {
            Assert.Contains(label, text);
        }

        Assert.Contains("\"signal\"", File.ReadAllText(Path.Combine(dir, "failover.json")));
        Assert.Contains("ServerFault", File.ReadAllText(Path.Combine(dir, "smu-a.log")));
        Assert.Contains("GrantGiven", File.ReadAllText(Path.Combine(dir, "dm.log")));

        // The whole day's trace, failover and switchover back, meets the specification as a capture would.
        var report = new StringWriter();
        Assert.Equal(BenchCli.Ok, BenchCli.Run(new[] { "check", Path.Combine(dir, "day.vcd") }, report, new StringWriter()));
        Directory.Delete(root, true);
    }

    [Fact]
    public void A_small_campaign_has_no_safety_violation()
    {
        var report = Campaign.Run(50, 1000);
        string text = report.Format();
        Assert.Contains("campaign: 50 runs", text);
        Assert.Empty(report.Violations);
        Assert.Contains("safety violations  0", text);
        Assert.True(report.Runs.Sum(r => r.Failovers) > 0, "the campaign made no failover at all");
    }

    [Fact]
    public void The_mains_classes_drain_the_SMUs_cells_to_battery_low_and_the_supervisors_reset_without_a_violation()
    {
        var mix = FaultMix.Only("mains-site,mains-one-side");
        int lowRuns = 0, flatRuns = 0;
        for (int seed = 1; seed <= 30; seed++)
        {
            var (run, system) = Campaign.RunWhole(seed, 600_000, mix);
            Assert.True(run.Violation == null, $"seed {seed}: {run.Plan}: {run.Violation?.Report()}");
            lowRuns += system.Events.Any(e => e.Is(EventCode.AlarmRaised) && e.Argument == (uint)AlarmFlags.BatteryLow) ? 1 : 0;
            flatRuns += system.Events.Any(e => e.Source == EventSource.Injected && e.Text.Contains("cell is flat")) ? 1 : 0;
        }

        Assert.True(lowRuns > 0, "no run's cell reached the low-battery threshold");
        Assert.True(flatRuns > 0, "no run's cell went flat (the supervisor's reset)");
    }

    /// <summary>
    /// Campaign runs that once broke a property (with the stock fault mix and configuration; a change
    /// to either draws other plans from these seeds, so each fix also has a scenario of its own).
    /// </summary>
    [Theory]
    [InlineData(5245, "a hung receiver's old frames counted as spoiled")]
    [InlineData(103951, "an operator's alarm reset silenced a DM outage (StorageLost)")]
    [InlineData(101427, "an operator's alarm reset silenced a DM outage, with SMU hangs")]
    [InlineData(206196, "a restarted agent's lost hello starved the watchdog: a healthy server failed over")]
    [InlineData(413726, "an agent re-saying hello slept until its next hello: its kicks stopped, a healthy server failed over")]
    [InlineData(1058976, "an SMU restarted beside a hung OS claimed services ready from before: the no-service alarm was late")]
    [InlineData(1097682, "a peer shutting down still counted as serving: the no-service alarm was late")]
    [InlineData(1017545, "no-service alarm late after a board swap and a stuck power-good")]
    [InlineData(1050156, "no-service alarm late after board swaps and a DM hang")]
    [InlineData(210300, "both sides repaired at once each read the other's old Failed heartbeat: two Actives")]
    [InlineData(309344, "a board swapped in beside a DM holding its old latch resumed Active beside the Active peer")]
    [InlineData(1096071, "a swapped-out peer's replayed heartbeat made it look alive: the no-service alarm was late")]
    public void Campaign_seeds_that_once_broke_a_property_now_hold(int seed, string found)
    {
        var run = Campaign.RunOne(seed, 600_000);
        Assert.True(run.Violation == null, $"{found}: {run.Plan}: {run.Violation?.Report()}");
    }

    /// <summary>The full mix when the wire, clock and fence classes came (issue 10, stop 20).</summary>
    private const string FullMixOfStop20 = "os-hang,boot-hang,raid,lan,psu,app-crash,slow-shutdown,power-good-stuck,smu-reset-short,smu-reset,smu-hang,smu-power-loss,board-swap,"
        + "dm-reset-short,dm-reset,dm-hang,dm-power-loss,dm-late-boot,cable-cut,cable-cut-one-way,cable-flap,host-link-cut,agent-restart,noise,replay,mains-one-side,"
        + "smu-supply-lost,mains-site,log-flood,epochs-near-wrap,request-line-stuck,grant-line-stuck,time-set,fence,operator";

    /// <summary>
    /// Campaign runs that once broke a property, with the narrowed mix (<c>--faults</c>) they were
    /// found with: a class added to the full mix later does not change what these seeds draw.
    /// </summary>
    [Theory]
    [InlineData(7000914, "request-line-stuck,grant-line-stuck,os-hang,raid,psu,smu-reset,dm-reset", "a grant wire stuck high at the standby: it powered its server on without its disks")]
    [InlineData(5000321, "request-line-stuck,grant-line-stuck,time-set,fence", "a request wire stuck low behind a grant wire stuck high: a silent outage")]
    [InlineData(5000479, "request-line-stuck,grant-line-stuck,time-set,fence", "a fence behind a grant wire stuck high: a silent outage")]
    [InlineData(5000139, "request-line-stuck,grant-line-stuck,time-set,fence", "a clock set back, recorded as such, taken for a log going back unannounced")]
    [InlineData(8002678, FullMixOfStop20, "an SMU back from a reset during a DM outage took the agent's repeat of a RAID failure from the outage for news: a healthy server failed over")]
    [InlineData(6002929, FullMixOfStop20, "a RAID probe made while the DM was off, its report arriving as the grant came back: a healthy server failed over")]
    [InlineData(8019062, FullMixOfStop20, "a grant wire stuck high while the standby waited for a DM held by the other side's stuck request: pressed on without its disks")]
    [InlineData(2019764, FullMixOfStop20, "a grant wire stuck high while the standby waited for a DM without power: pressed on without its disks")]
    [InlineData(20105111, FullMixOfStop20, "an SMU back from a reset beside its running server while the DM was dark forgot the checkpoints the agent reported before the grant came: a healthy server failed over at a boot deadline")]
    [InlineData(21070773, FullMixOfStop20, "an SMU back from a short reset beside its running server while its grant wire was stuck low forgot the checkpoints reported before the grant came: a healthy server failed over at a boot deadline")]
    [InlineData(22130714, FullMixOfStop20, "an SMU back beside its running server while the DM was dark and its grant wire stuck high believed the line: the agent's RAID probe found the array gone, taken for a probe from an outage the grant watch alarms, and nothing alarmed: a silent outage")]
    [InlineData(21008593, FullMixOfStop20, "the standby's grant wire stuck high 18 ms after its grant proof's fall, before the DM's re-grant (its settle): pressed on without its disks")]
    [InlineData(21025348, FullMixOfStop20, "the standby's grant wire stuck high 23 ms after its grant proof's fall, before the DM's re-grant (its settle): pressed on without its disks")]
    [InlineData(23048749, FullMixOfStop20, "a DM power loss behind a grant wire stuck high, alarmed as soon as the wire worked again, was judged by the plain outage bound from that moment (the monitor): the time the wire hid it was not given back")]
    [InlineData(23086686, FullMixOfStop20, "the DM let go of B's access in the very millisecond B's whole power-on press ended (its request wire stuck low at the DM): judged a power-on without the grant only because the DM stepped before the SMU (the monitor)")]
    [InlineData(23700146, FullMixOfStop20, "a site outage under a grant wire stuck high: the restore pressed the server on on the proof of its first power-on, the line never having fallen since")]
    public void Campaign_seeds_with_their_mix_that_once_broke_a_property_now_hold(int seed, string faults, string found)
    {
        var run = Campaign.RunOne(seed, 600_000, FaultMix.Only(faults));
        Assert.True(run.Violation == null, $"{found}: {run.Plan}: {run.Violation?.Report()}");
    }

    [Fact]
    public void Campaign_runs_are_reproducible_from_their_seed()
    {
        var first = Campaign.RunOne(4242, 300_000);
        var again = Campaign.RunOne(4242, 300_000);
        Assert.Equal(first.Plan, again.Plan);
        Assert.Equal(first.Steps, again.Steps);
        Assert.Equal(first.Violation?.TimeNs, again.Violation?.TimeNs);
    }

    [Fact]
    public void An_unknown_scenario_names_the_known_ones()
    {
        var error = new StringWriter();
        Assert.Equal(BenchCli.UsageError, BenchCli.Run(new[] { "run", "no-such-thing" }, new StringWriter(), error));
        Assert.Contains("unknown scenario 'no-such-thing'; known: watchdog", error.ToString());
    }

    [Theory]
    [InlineData("campaign", "--count", "0")]
    [InlineData("campaign", "--count", "many")]
    [InlineData("campaign", "--minutes", "-1")]
    [InlineData("demo", "--bogus")]
    [InlineData("fly")]
    public void A_bad_option_is_a_usage_error(params string[] args)
    {
        var error = new StringWriter();
        Assert.Equal(BenchCli.UsageError, BenchCli.Run(args, new StringWriter(), error));
        Assert.Contains("error:", error.ToString());
    }

    [Fact]
    public void An_output_folder_that_cannot_be_written_is_a_usage_error()
    {
        string file = Path.GetTempFileName();
        var error = new StringWriter();
        Assert.Equal(BenchCli.UsageError, BenchCli.Run(new[] { "demo", "--out", Path.Combine(file, "sub") }, new StringWriter(), error));
        Assert.Contains("cannot write to the output folder", error.ToString());
        Assert.Equal(BenchCli.UsageError, BenchCli.Run(new[] { "demo", "--out", file }, new StringWriter(), error));
        Assert.Contains("it is a file", error.ToString());
        File.Delete(file);
    }

    [Fact]
    public void List_names_every_scenario()
    {
        var stdout = new StringWriter();
        Assert.Equal(BenchCli.Ok, BenchCli.Run(new[] { "list" }, stdout, new StringWriter()));
        foreach (var scenario in ScenarioCatalogue.All)
        {
            Assert.Contains(scenario.Name, stdout.ToString());
        }
    }
}
