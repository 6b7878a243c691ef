using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;
using Xunit.Abstractions;

namespace ColdStandby.Bench.Tests;

/// <summary>Every named scenario against its expected outcome; and a broken expectation must fail, so <c>run</c> can fail.</summary>
public sealed class ScenarioTests(ITestOutputHelper output)
{
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var scenario in ScenarioCatalogue.All)
        {
            names.Add(scenario.Name);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Scenario_matches_its_expected_outcome(string name)
    {
        var verdict = ScenarioCatalogue.Find(name)!.Run();
        output.WriteLine(verdict.Report());
        Assert.True(verdict.Passed, verdict.Report());
    }

    [Fact]
    public void Every_watched_finding_and_every_asked_case_has_a_scenario()
    {
        string covers = string.Join("\n", ScenarioCatalogue.All.Select(s => s.Covers));
        foreach (string row in new[]
        {
            "boot stage missed its deadline (power-good)", "boot stage missed its deadline (OS loaded", "boot stage missed its deadline (services ready)",
            "watchdog not kicked", "RAID controller", "LAN controller", "server power lost", "application service stopped", "peer SMU silent",
            "standby unfit", "peer cable cut", "DM reset during a switch", "SMU reset during a switch",
        })
        {
            Assert.Contains(row, covers);
        }
    }

    [Fact]
    public void A_broken_expectation_fails_and_run_exits_1()
    {
        var good = ScenarioCatalogue.Find("service-failure")!;
        var broken = new Scenario("broken", good.Covers, good.Description, good.Script, good.Expected.Append(Expect.Switches(3)).ToArray());
        var verdict = broken.Run();
        Assert.False(verdict.Passed);
        Assert.Contains("FAIL  3 switches: 0 switches", verdict.Report());

        var stdout = new StringWriter();
        int code = BenchCli.Run(new[] { "run", "broken" }, stdout, new StringWriter(), new[] { broken });
        Assert.Equal(BenchCli.Differs, code);
        Assert.Contains("verdict: FAIL", stdout.ToString());

        code = BenchCli.Run(new[] { "run", "service-failure" }, new StringWriter(), new StringWriter());
        Assert.Equal(BenchCli.Ok, code);
    }

    [Fact]
    public void Stepping_every_millisecond_gives_the_same_run_as_jumping_over_idle_time()
    {
        // The bench steps a part only at its NextDueMs, an input change or arriving bytes; a board
        // steps every millisecond. The same scenario both ways must log the same events at the same times.
        var scenario = ScenarioCatalogue.Find("peer-silent")!;
        var jumping = scenario.Run();
        var every = new Scenario(scenario.Name, scenario.Covers, scenario.Description, scenario.Script, scenario.Expected.ToArray())
        {
            Configure = o => o.StepEveryMillisecond = true,
        }.Run();
        Assert.True(jumping.Passed, jumping.Report());
        Assert.True(every.Passed, every.Report());
        string Log(ScenarioVerdict v) => string.Join("\n", v.System.Events.Where(e => e.Source == EventSource.Log).Select(e => $"{e.TimeMs} {e.Who} {e.Code} {e.Side} {e.Argument}"));
        Assert.Equal(Log(every), Log(jumping));
        Assert.True(every.System.Steps > 20 * jumping.System.Steps, $"{every.System.Steps} vs {jumping.System.Steps} steps");
    }

    [Fact]
    public void A_noisy_link_spoils_frames_that_are_dropped_and_counted()
    {
        var verdict = ScenarioCatalogue.Find("link-noise")!.Run();
        Assert.True(verdict.Passed, verdict.Report());
        var system = verdict.System;
        Assert.True(system.Links.Sum(l => l.BytesSpoiled) > 10);
        Assert.True(system.SmuA.Firmware!.PeerLinkCounters.Dropped + system.SmuB.Firmware!.PeerLinkCounters.Dropped > 0);
        Assert.NotEmpty(system.Injected);
    }
}
