using ColdStandby.Bench.Captures;
using ColdStandby.Bench.Simulation;
using Xunit.Abstractions;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// Every scenario's trace through the capture checker: a system that runs as specified makes
/// captures that meet the specification. The exceptions are the faults a scenario puts on the
/// wires themselves, and the checker must name exactly those.
/// </summary>
public sealed class CaptureSweepTests(ITestOutputHelper output)
{
    /// <summary>What a scenario's own fault leaves in its capture: text each finding must contain.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        // The bench forges an old switch request on A's transmit line, numbered as A's next frame: its epoch
        // gives it away, and A's own next frame repeats its number.
        ["stale-switch-replay"] = new[] { "switch epochs must increase", "a request goes out only after the heartbeat", "without a fit reply", "the same sequence number again", "neither acknowledged nor refused" },

        // The cut is between the SMUs: each one's transmit line carries heartbeats the other never hears.
        ["peer-cable-cut"] = new[] { "a cut peer cable, or SMU A does not hear them", "a cut peer cable, or SMU B does not hear them" },

        // The same cut, for a minute: the checker sees the same while it lasts.
        ["peer-cable-cut-for-a-minute"] = new[] { "a cut peer cable, or SMU A does not hear them", "a cut peer cable, or SMU B does not hear them" },

        // SMU A resets during its forced-off hold: the power button's GPIO falls with the reset, and
        // the SMU holds it again when it is back.
        ["smu-reset-during-switch"] = new[] { "power-button-A released after" },

        // The bench replays A's lost switch request after the SMUs moved on (its sequence goes back), then
        // sends it again numbered as A's next frame (A's own next frame then repeats that number).
        ["planned-switchover-lost-then-replayed"] = new[] { "it went back", "sent 5 times; at most 3", "frames missing", "the same sequence number again" },

        // A's SMU hangs (its heartbeats stop), then the bench puts an earlier heartbeat of A's on the line: its sequence gives it away.
        ["peer-heartbeat-replayed-while-silent"] = new[] { "no heartbeat for", "it went back" },

        // The DM reboots while A releases: A's access latch holds until the DM is back and reads the request gone.
        ["dm-reset-during-switch"] = new[] { "the DM rebooting" },

        // The DM loses its power 60 ms into B's press: B lets go at once, but the wires show a press the grant did not cover.
        ["dm-power-loss-during-press"] = new[] { "while grant-B was not asserted throughout the press", "power-on press of 60.0 ms" },

        // The mains fail for 60 s: the DM is without power far longer than a reboot, then grants A again.
        ["site-outage"] = new[] { "longer than a DM reboot" },

        // The grant wire to B sticks high (the bench's wire fault): the analyzer sees a grant without its access, beside A's.
        ["grant-wire-stuck-high-at-the-standby"] = new[] { "grant-A and grant-B both asserted", "grant-B rose before access-B", "access-B not asserted and grant-B not" },

        // The DM is off (A's access drops under its request, which A lets go when its server fails), and the grant wire to B sticks high while B waits.
        ["grant-wire-stuck-high-while-the-standby-waits"] = new[] { "access-A dropped while request-A was asserted", "grant-B rose before access-B" },

        // The grant wire to A sticks high, then A is fenced: its access goes, its grant wire stays; B is granted beside it.
        ["fenced-behind-a-stuck-grant-wire"] = new[] { "access-A not asserted and grant-A not", "grant-A and grant-B both asserted" },

        // The DM is off for 12 s while A's request stands: longer than a reboot.
        ["dm-power-loss-under-the-raid-probe"] = new[] { "longer than a DM reboot" },

        // The DM is without power while A's request stands; A's cell runs flat first and its supervisor clears the request.
        ["site-outage-cells-run-flat"] = new[] { "did not come back before the request went" },
    };

    [Theory]
    [MemberData(nameof(ScenarioTests.Names), MemberType = typeof(ScenarioTests))]
    public void The_scenario_trace_meets_the_specification_but_for_its_own_wire_faults(string name)
    {
        var run = TracedRun.Of(ScenarioCatalogue.Find(name)!);
        string dir = Directory.CreateTempSubdirectory("capture-sweep").FullName;
        string path = run.Write(Path.Combine(dir, name + ".vcd"));
        var result = TracedRun.Check(path);

        // The command line's check keeps only the frames a check reads, and tallies the rest as they go by: the same report.
        var streamed = CaptureCheck.Run(path, new CaptureOptions());
        Directory.Delete(dir, true);
        output.WriteLine(CaptureReport.Format(result));
        Assert.Equal(WithoutTiming(CaptureReport.Format(result)), WithoutTiming(CaptureReport.Format(streamed)));

        string[] expected = Expected.GetValueOrDefault(name, Array.Empty<string>());
        Assert.All(result.Findings, f => Assert.Contains(expected, e => f.Text.Contains(e, StringComparison.Ordinal)));
        Assert.All(expected, e => Assert.Contains(result.Findings, f => f.Text.Contains(e, StringComparison.Ordinal)));
        Assert.Equal(name is "stale-switch-replay" or "smu-reset-during-switch" or "planned-switchover-lost-then-replayed" or "dm-power-loss-during-press" or "peer-heartbeat-replayed-while-silent"
            or "grant-wire-stuck-high-at-the-standby" or "grant-wire-stuck-high-while-the-standby-waits" or "fenced-behind-a-stuck-grant-wire", !result.Passed);
    }

    /// <summary>A report without its last line (how long the check took, its memory).</summary>
    internal static string WithoutTiming(string report) => report[..report.LastIndexOf("(read and checked in", StringComparison.Ordinal)];
}
