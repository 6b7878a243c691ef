using System.Globalization;
using System.Text.Json;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The last switch in <c>status</c> and the metrics, for an agent that starts only after it (a cold
/// standby's OS boots because of the switch): a real failover in the bench's world (the pair
/// switched over to B by the operator, then B's server loses its power and A takes over), the
/// agent started on A as its server comes up, then the real CLI's <c>status --json</c> and a curl
/// of the metrics endpoint. Their times must be those of SMU A's log, and match what SMU B logged
/// of its own steps (each a heartbeat's trip later in A's log).
/// </summary>
public sealed class LastSwitchTests
{
    [ProgramsFact("curl")]
    public void A_failover_the_agent_did_not_live_through_shows_in_status_and_metrics_with_each_steps_duration()
    {
        using var dir = new TempDir();
        int port = MetricsTests.FreePort();
        using var f = new AgentFixture(extraConfig: $$"""
            "metrics": { "listen": "127.0.0.1:{{port}}" },
            "shutdown": { "command": ["touch", "{{dir.File("poweroff")}}"] },
            """);
        var first = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 10_000), f.Log.ToString());
        // A fresh pair agreed on A: no switch in A's log.
        Assert.True(SpinWait.SpinUntil(() => first.History.Latest is not null, 10_000), "the agent never read the SMU's log\n" + f.Log);
        Assert.Null(first.History.Latest!.LastSwitch);
        Assert.StartsWith("none", Status(f)["switch.last"]);

        // The operator hands the service to B; A's server goes off.
        Assert.Equal(0, Cli.Operator.Switchover(f.Socket, yes: true, TextReader.Null));
        Assert.True(SpinWait.SpinUntil(() => File.Exists(dir.File("poweroff")), 10_000), "the shutdown command never ran\n" + f.Log);
        f.Rig.PowerOffServerA();
        Assert.True(f.Rig.WaitFor(r => r.SmuB.Mode == Mode.Active && (r.SmuB.Health & HealthFlags.ServicesReady) != 0, 20_000), "B did not take over");
        f.StopAgent();

        // B's server loses its power: B fails over to A, whose server comes up, and its agent with it.
        f.Rig.PowerOffServerB();
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(
            SpinWait.SpinUntil(() => agent.History.Latest?.LastSwitch is { Done: true }, 20_000),
            $"the agent never had the whole switch: {agent.History.Latest?.LastSwitch}\n{f.Log}");

        var a = f.Rig.Log(Side.A);
        var b = f.Rig.Log(Side.B);
        var accepted = a.Last(r => r.Code == EventCode.SwitchAccepted);
        var steps = a.Where(r => r.Code == EventCode.PeerPhaseChanged && r.Side == Side.B && r.Sequence < accepted.Sequence).TakeLast(3).ToList();
        Assert.Equal(
            new[] { SequencePhase.ReleasingStorage, SequencePhase.CheckingStandby, SequencePhase.RequestingSwitch },
            steps.Select(r => (SequencePhase)(r.Argument & 0xFF)));
        var granted = a.First(r => r.Code == EventCode.StorageGranted && r.Sequence > accepted.Sequence);
        var pressed = a.First(r => r.Code == EventCode.PowerOn && r.Sequence > accepted.Sequence);
        var ready = a.First(r => r.Code == EventCode.CheckpointReached && r.Argument == 2 && r.Sequence > pressed.Sequence);
        var expected = new Dictionary<string, long>
        {
            ["ReleasingStorage"] = steps[1].Time - steps[0].Time,
            ["CheckingStandby"] = steps[2].Time - steps[1].Time,
            ["RequestingSwitch"] = accepted.Time - steps[2].Time,
            ["AwaitingGrant"] = granted.Time - accepted.Time,
            ["Booting"] = ready.Time - pressed.Time,
        };

        // status --json from the real CLI, as a script reads it.
        var (code, json) = AgentProgram.Run("status", "--json", "--config", f.ConfigPath);
        Assert.True(code is 0 or 1, json);
        var values = JsonDocument.Parse(json).RootElement.GetProperty("values");
        string V(string key) => values.GetProperty(key).GetString()!;
        Assert.Equal("B to A", V("switch.last"));
        Assert.Equal(accepted.Argument.ToString(CultureInfo.InvariantCulture), V("switch.last.epoch"));
        Assert.Equal(string.Join(",", expected.Keys), V("switch.last.phases"));
        foreach (var (phase, ms) in expected)
        {
            Assert.Equal((ms / 1000.0).ToString("0.000", CultureInfo.InvariantCulture), V($"switch.last.phase.{phase}"));
        }

        Assert.Equal(((ready.Time - steps[0].Time) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture), V("switch.last.seconds"));
        var started = DateTime.Parse(V("switch.last.startedUtc"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(steps[0].Time, new DateTimeOffset(started).ToUnixTimeMilliseconds());
        var modeSince = DateTime.Parse(V("mode.sinceUtc"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        Assert.Equal(a.Last(r => r.Code == EventCode.ModeChanged && r.Side == Side.A).Time, new DateTimeOffset(modeSince).ToUnixTimeMilliseconds());

        // The same in the text a person reads.
        var (_, text) = AgentProgram.Run("status", "--config", f.ConfigPath);
        Assert.Contains($"last switch: B to A (epoch {accepted.Argument}), began ", text);
        Assert.Contains($"    B: ReleasingStorage {V("switch.last.phase.ReleasingStorage")} s, CheckingStandby ", text);
        Assert.Contains($"    A: AwaitingGrant {V("switch.last.phase.AwaitingGrant")} s, Booting {V("switch.last.phase.Booting")} s", text);

        // A's log heard B's steps as B logged them itself, a heartbeat's trip later (the clocks were set from one server).
        var fault = b.Last(r => r.Code == EventCode.ServerFault && r.Side == Side.B);
        var released = b.Last(r => r.Code == EventCode.StorageReleased);
        var fit = b.Last(r => r.Code == EventCode.FitnessChecked);
        Assert.InRange(steps[0].Time - fault.Time, 0, 25);
        Assert.InRange(expected["ReleasingStorage"] - (released.Time - fault.Time), -25, 25);
        Assert.InRange(expected["CheckingStandby"] - (fit.Time - released.Time), -25, 25);

        // The metrics endpoint: the same steps, each on the side that took it.
        var metrics = MetricsTests.Scrape($"http://127.0.0.1:{port}/metrics");
        foreach (var (phase, ms) in expected)
        {
            string side = phase is "AwaitingGrant" or "Booting" ? "A" : "B";
            Assert.Equal(ms / 1000.0, metrics.Value("coldstandby_switch_phase_last_duration_seconds", ("side", side), ("phase", phase))!.Value, 3);
        }

        Assert.Equal(5, metrics.Series("coldstandby_switch_phase_last_duration_seconds").Count);
        Assert.Equal(steps[0].Time / 1000.0, metrics.Value("coldstandby_last_switch_start_timestamp_seconds")!.Value, 3);
        Assert.Equal((ready.Time - steps[0].Time) / 1000.0, metrics.Value("coldstandby_last_switch_duration_seconds")!.Value, 3);
        Assert.Equal((double)accepted.Argument, metrics.Value("coldstandby_last_switch_epoch"));
        Assert.Equal(new DateTimeOffset(modeSince).ToUnixTimeMilliseconds() / 1000.0, metrics.Value("coldstandby_mode_since_timestamp_seconds")!.Value, 3);
    }

    private static Dictionary<string, string> Status(AgentFixture f) => Cli.StatusView.Parse(Control.ControlClient.Ask(f.Socket, "status").Lines);
}
