using ColdStandby.HostAgent.Cli;
using ColdStandby.HostAgent.Control;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The CLI's requests through the real control socket to a running agent, answered by the real
/// firmware: status at a glance, both logs, alarm reset, repaired, and a whole planned switchover
/// with the agent's graceful shutdown.
/// </summary>
public sealed class OperatorTests
{
    [Fact]
    public void Status_shows_both_sides_the_storage_holder_and_the_probes()
    {
        using var f = new AgentFixture(dmLink: true);
        f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 5000), f.Log.ToString());

        var (ok, error, lines) = ControlClient.Ask(f.Socket, "status");

        Assert.True(ok, error);
        var status = StatusView.Parse(lines);
        Assert.Equal("A", status["side"]);
        Assert.Equal("Active", status["smu.mode"]);
        Assert.Equal("Standby", status["peer.mode"]);
        Assert.Equal("none", status["peer.alarms"]);
        Assert.Equal("Idle", status["peer.phase"]);
        Assert.Equal(f.Rig.Inspect(r => r.SmuB.Epoch).ToString(), status["peer.epoch"]);
        Assert.Equal("A", status["storage.holder"]);
        Assert.Equal("A", status["dm.holder"]);
        Assert.Contains("services-ready", status["smu.health"]);
        string view = StatusView.Render(status);
        Assert.Matches(@"\n  A \*\s+Active\s+none", view);
        Assert.Matches(@"\n  B\s+Standby\s+none", view);
        Assert.Contains("storage held by: A", view);
        Assert.Contains("disk manager: holder A", view);
    }

    [Fact]
    public void The_status_view_shows_the_peer_sides_alarms_from_its_heartbeat()
    {
        var status = StatusView.Parse(new[]
        {
            "side=B", "smu.side=B", "smu.mode=Active", "smu.alarms=none", "smu.health=powered",
            "peer.side=A", "peer.mode=Failed", "peer.heard=yes", "peer.alarms=server-fault,forced-power-off", "peer.health=none",
        });

        Assert.Matches(@"\n  A\s+Failed\s+server-fault,forced-power-off", StatusView.Render(status));
    }

    [Fact]
    public void A_peer_SMU_on_a_nearly_flat_cell_shows_battery_low_by_name_in_status_and_metrics()
    {
        using var f = new AgentFixture();
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 5000), f.Log.ToString());

        // B's 5 V goes and its cell is at the charger's low-battery threshold.
        f.Rig.Inspect(r => r.ExternalPowerB.Value = false);
        f.Rig.Inspect(r => r.BatteryLowB.Value = true);
        Assert.True(f.Rig.WaitFor(r => (r.SmuB.Alarms & AlarmFlags.OnBattery) != 0, 5000), "B never raised on-battery");

        var status = StatusView.Parse(WaitForStatus(f, s => s["peer.alarms"] == "on-battery,battery-low"));
        Assert.Matches(@"\n  B\s+Standby\s+on-battery,battery-low", StatusView.Render(status));
        // The metrics follow the agent's own status polls.
        const string raised = "coldstandby_alarm{side=\"B\",alarm=\"battery-low\"} 1";
        Assert.True(SpinWait.SpinUntil(() => AgentFixture.Metrics(agent).Contains(raised), 5000), AgentFixture.Metrics(agent));
        Assert.DoesNotContain("alarm=\"none\"", AgentFixture.Metrics(agent));

        // The 5 V is back: the charger charges, its pin stays low, and both alarms clear.
        f.Rig.Inspect(r => r.ExternalPowerB.Value = true);
        WaitForStatus(f, s => s["peer.alarms"] == "none");
        const string cleared = "coldstandby_alarm{side=\"B\",alarm=\"battery-low\"} 0";
        Assert.True(SpinWait.SpinUntil(() => AgentFixture.Metrics(agent).Contains(cleared), 5000), AgentFixture.Metrics(agent));
    }

    private static List<string> WaitForStatus(AgentFixture f, Func<Dictionary<string, string>, bool> wanted)
    {
        var lines = new List<string>();
        for (var sw = System.Diagnostics.Stopwatch.StartNew(); sw.ElapsedMilliseconds < 10_000; Thread.Sleep(100))
        {
            var (ok, error, answer) = ControlClient.Ask(f.Socket, "status");
            Assert.True(ok, error);
            lines = answer;
            if (wanted(StatusView.Parse(lines)))
            {
                return lines;
            }
        }

        Assert.Fail("the status never showed it: " + string.Join(" ", lines));
        return lines;
    }

    [Fact]
    public void Log_reads_the_SMU_and_the_DM_event_logs()
    {
        using var f = new AgentFixture(dmLink: true);
        f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 5000), f.Log.ToString());

        var smu = ControlClient.Ask(f.Socket, "log smu 0 100");
        var dm = ControlClient.Ask(f.Socket, "log dm 0 100");

        Assert.True(smu.Ok, smu.Error);
        Assert.StartsWith("# SMU log: records 1 to ", smu.Lines[0]);
        Assert.Contains(smu.Lines, l => l.Contains("\tAgentHello\t"));
        Assert.Contains(smu.Lines, l => l.Contains("\tModeChanged\tActive"));
        Assert.True(dm.Ok, dm.Error);
        Assert.Contains(dm.Lines, l => l.Contains("\tA\tGrantGiven\t"));
    }

    [Fact]
    public void Without_a_DM_link_the_DM_log_says_why_not()
    {
        using var f = new AgentFixture();
        f.StartAgentWhenServerIsOn();

        var dm = ControlClient.Ask(f.Socket, "log dm 0 10");

        Assert.False(dm.Ok);
        Assert.Contains("dm.device", dm.Error);
    }

    [Fact]
    public void Commands_carry_the_epoch_and_come_back_accepted_or_refused_with_the_reason()
    {
        using var f = new AgentFixture();
        f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 5000), f.Log.ToString());
        uint epoch = f.Rig.Inspect(r => r.SmuA.Epoch);

        var reset = ControlClient.Ask(f.Socket, $"alarm-reset A {epoch}");
        var repairedStandby = ControlClient.Ask(f.Socket, $"repaired B {epoch}");
        var stale = ControlClient.Ask(f.Socket, $"switchover B {epoch - 1}");

        Assert.True(reset.Ok, reset.Error);
        Assert.False(repairedStandby.Ok);
        Assert.Contains("wrong mode", repairedStandby.Error);
        Assert.False(stale.Ok);
        Assert.Contains("stale", stale.Error);
        Assert.Equal(Mode.Active, f.Rig.Inspect(r => r.SmuA.Mode));
    }

    [Fact]
    public void Planned_switchover_shuts_this_server_down_gracefully_and_the_standby_takes_over()
    {
        using var dir = new TempDir();
        string poweroff = dir.File("poweroff");
        using var f = new AgentFixture(extraConfig: $$"""
            "services": [ { "name": "app", "command": ["sleep", "600"] } ],
            "shutdown": { "command": ["touch", "{{poweroff}}"] },
            """);
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 5000), f.Log.ToString());

        int code = Operator.Switchover(f.Socket, yes: false, new StringReader("yes\n"));

        Assert.Equal(0, code);
        Assert.True(SpinWait.SpinUntil(() => File.Exists(poweroff), 5000), "the shutdown command never ran\n" + f.Log);
        Assert.Equal("stopped", agent.Supervisor.Statuses[0].State);
        var log = f.Rig.Log(Side.A);
        Assert.Contains(log, r => r.Code == EventCode.ShutdownRequested);
        f.Rig.PowerOffServerA(); // what the poweroff command does to a real server
        Assert.True(f.Rig.WaitFor(r => r.SmuB.Mode == Mode.Active && r.Dm.Holder == Side.B, 15_000), "B did not take over");
        Assert.Equal(Mode.Standby, f.Rig.Inspect(r => r.SmuA.Mode));
        Assert.DoesNotContain(f.Rig.Log(Side.A), r => r.Code == EventCode.ForcedPowerOff);
    }

    [Fact]
    public void Switchover_not_confirmed_changes_nothing()
    {
        using var f = new AgentFixture();
        f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 5000), f.Log.ToString());

        int code = Operator.Switchover(f.Socket, yes: false, new StringReader("no\n"));

        Assert.Equal(1, code);
        Thread.Sleep(300);
        Assert.DoesNotContain(f.Rig.Log(Side.A), r => r.Code == EventCode.ShutdownRequested);
    }

    [Fact]
    public void Every_alarm_and_health_flag_has_a_name_of_its_own()
    {
        // A flag without a name read "none" in status, the journal and the metrics (StorageLost and
        // NoService did: an SMU saying nobody serves showed no alarm at all).
        var alarms = Bits((int)AlarmFlags.All).Select(b => Names.Alarms((AlarmFlags)b)).ToList();
        var health = Bits((int)HealthFlags.All).Select(b => Names.Health((HealthFlags)b)).ToList();

        Assert.DoesNotContain("none", alarms);
        Assert.Equal(alarms.Count, alarms.Distinct().Count());
        Assert.Contains("no-service", alarms);
        Assert.Contains("storage-lost", alarms);
        Assert.DoesNotContain("none", health);
        Assert.Equal(health.Count, health.Distinct().Count());
        Assert.Equal("storage-lost,no-service", Names.Alarms(AlarmFlags.StorageLost | AlarmFlags.NoService));
    }

    [Theory]
    [InlineData(EventCode.StorageLost, 0u, "grant gone")]
    [InlineData(EventCode.StorageLost, 1u, "array gone behind the grant line")]
    [InlineData(EventCode.GrantTimeout, 1u, "server running")]
    [InlineData(EventCode.GrantTooSoon, 18u, "18 ms after the proof's fall")]
    [InlineData(EventCode.SwitchAbandoned, 7u, "PeerAlreadyActive")]
    public void A_log_line_says_which_case_of_a_record_it_is(EventCode code, uint argument, string said)
    {
        // The same code covers cases an operator must tell apart (a grant wire stuck high hides the
        // loss behind a grant the line still shows; a grant late beside a running server).
        var record = new LogRecord { Sequence = 9, TimeMilliseconds = 1500, Code = code, Side = Side.A, Argument = argument };
        Assert.Equal($"9\t+1.500s\tA\t{code}\t{said}", Names.Record(record));
    }

    private static IEnumerable<int> Bits(int all) => Enumerable.Range(0, 16).Select(i => 1 << i).Where(b => (all & b) != 0);

    [Fact]
    public void The_CLI_says_when_the_agent_is_not_running()
    {
        using var dir = new TempDir();

        var (ok, error, _) = ControlClient.Ask(dir.File("agent.sock"), "status");

        Assert.False(ok);
        Assert.Contains("not running", error);
    }
}
