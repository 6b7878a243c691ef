using System.Text.Json;
using ColdStandby.HostAgent.Cli;
using ColdStandby.HostAgent.Control;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;
using ColdStandby.Smu;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// What an operator and a monitoring system rely on: the maintenance hold through the real SMU
/// pair, the verdict and its exit code, JSON a script can parse, and every operator command in
/// the journal with the uid of the real (non-root) user who sent it.
/// </summary>
public sealed class OperatorGradeTests
{
    [Fact]
    public void A_maintenance_hold_lets_the_agent_stop_without_a_failover_until_its_deadline_and_both_SMUs_log_it()
    {
        using var f = new AgentFixture(new SmuConfig { WatchdogTimeoutMs = 1000 });
        f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & (HealthFlags.ServicesReady | HealthFlags.WatchdogArmed)) == (HealthFlags.ServicesReady | HealthFlags.WatchdogArmed), 5000), f.Log.ToString());

        var hold = ControlClient.Ask(f.Socket, "maintenance 4");
        Assert.True(hold.Ok, hold.Error);
        Assert.Contains("maintenance hold until", hold.Lines[0]);
        var status = StatusView.Parse(ControlClient.Ask(f.Socket, "status").Lines);
        Assert.InRange(int.Parse(status["maintenance.seconds"]), 1, 4);
        var verdict = StatusView.Judge(status);
        Assert.Equal((StatusView.Warning, "degraded"), (verdict.Code, verdict.Word));
        Assert.Contains("maintenance hold of the watchdog", verdict.Reason);
        long heldAt = f.Rig.NowMs;
        f.StopAgent();

        // Well past the 1 s watchdog: no fault while the hold lasts.
        Assert.False(f.Rig.WaitFor(r => r.SmuA.Fault != FaultKind.None, 2500), "the watchdog fired during the hold");
        Assert.True(f.Rig.Inspect(r => r.SmuA.Health).HasFlag(HealthFlags.MaintenanceHold));
        // At the deadline the hold ends and the watchdog runs again: the agent is not back, so it fires.
        Assert.True(f.Rig.WaitFor(r => r.SmuA.Fault == FaultKind.Watchdog, 5000), "the watchdog did not fire after the hold");
        Assert.InRange(f.Rig.NowMs - heldAt, 4000, 7000);
        var a = f.Rig.Log(Side.A);
        Assert.Contains(a, r => r.Code == EventCode.MaintenanceStarted && r.Side == Side.A && r.Argument == 4);
        Assert.Contains(a, r => r.Code == EventCode.MaintenanceEnded && r.Side == Side.A && r.Argument == 1);
        var b = f.Rig.Log(Side.B);
        Assert.Contains(b, r => r.Code == EventCode.MaintenanceStarted && r.Side == Side.A);
        Assert.Contains(b, r => r.Code == EventCode.MaintenanceEnded && r.Side == Side.A);
    }

    [Fact]
    public void A_hold_longer_than_the_SMU_allows_is_refused_with_its_limit()
    {
        using var f = new AgentFixture(new SmuConfig { MaintenanceMaxSeconds = 600 });
        f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.WatchdogArmed) != 0 && (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 5000), f.Log.ToString());

        var hold = ControlClient.Ask(f.Socket, "maintenance 601");

        Assert.False(hold.Ok);
        Assert.Equal("the SMU refused the maintenance hold: longer than the SMU allows (at most 10 min)", hold.Error);
        Assert.False(f.Rig.Inspect(r => r.SmuA.Health).HasFlag(HealthFlags.MaintenanceHold));
    }

    [Theory]
    [InlineData("smu.side=A smu.mode=Active smu.phase=Idle smu.alarms=none peer.side=B peer.mode=Standby peer.heard=yes peer.alarms=none storage.holder=A services.ready=yes", 0, "serving", "A serves, B stands by")]
    [InlineData("smu.side=A smu.mode=Active smu.phase=Idle smu.alarms=none peer.side=B peer.mode=Unknown peer.heard=no storage.holder=A services.ready=yes", 1, "degraded", "A serves, but: the peer SMU (B) is silent")]
    [InlineData("smu.side=B smu.mode=Active smu.phase=Idle smu.alarms=none peer.side=A peer.mode=Failed peer.heard=yes peer.alarms=server-fault,forced-power-off storage.holder=B services.ready=yes", 1, "degraded", "B serves, but: alarms on A: server-fault,forced-power-off; no standby: A is Failed")]
    [InlineData("smu.side=A smu.mode=Active smu.phase=ShuttingDown smu.alarms=server-fault peer.side=B peer.mode=Standby peer.heard=yes storage.holder=A services.ready=yes", 2, "down", "switch under way on A (ShuttingDown)")]
    [InlineData("smu.side=A smu.mode=Failed smu.phase=Idle smu.alarms=whole-system-failure peer.side=B peer.mode=Failed peer.heard=yes storage.holder=none", 2, "down", "no side is Active (A Failed, B Failed); whole-system failure alarm")]
    [InlineData("smu.error=the SMU link /dev/ttyACM0 is not open|", 3, "unknown", "no status from the SMU: the SMU link /dev/ttyACM0 is not open")]
    public void The_verdict_says_serving_degraded_down_or_unknown_and_why(string values, int code, string word, string reason)
    {
        var verdict = StatusView.Judge(StatusView.Parse(values.Split(values.Contains('|') ? '|' : ' ')));

        Assert.Equal((code, word, reason), (verdict.Code, verdict.Word, verdict.Reason));
    }

    [Fact]
    public void Status_and_log_answer_JSON_a_script_parses_and_status_exits_as_a_monitoring_check()
    {
        using var f = new AgentFixture(dmLink: true);
        f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 5000), f.Log.ToString());
        Assert.True(SpinWait.SpinUntil(() => AgentProgram.Run("status", "--socket", f.Socket).Code == 0, 30_000), AgentProgram.Run("status", "--socket", f.Socket).Output);

        var (statusCode, statusJson) = AgentProgram.Run("status", "--json", "--socket", f.Socket);
        var (logCode, logJson) = AgentProgram.Run("log", "--json", "--socket", f.Socket);
        var (macCode, macJson) = AgentProgram.Run("mac", "--json", "--socket", f.Socket);
        var (usageCode, usage) = AgentProgram.Run("status", "--no-such-option", "--socket", f.Socket);
        var (downCode, down) = AgentProgram.Run("status", "--socket", f.Dir.File("nobody.sock"));

        Assert.Equal(0, statusCode);
        using var status = JsonDocument.Parse(statusJson);
        Assert.Equal("serving", status.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("Active", status.RootElement.GetProperty("values").GetProperty("smu.mode").GetString());
        Assert.Equal(0, logCode);
        using var log = JsonDocument.Parse(logJson);
        var records = log.RootElement.GetProperty("records").EnumerateArray().ToList();
        Assert.Contains(records, r => r.GetProperty("unit").GetString() == "smu" && r.GetProperty("event").GetString() == "AgentHello");
        Assert.Contains(records, r => r.GetProperty("unit").GetString() == "dm" && r.GetProperty("event").GetString() == "GrantGiven");
        Assert.Equal(0, macCode);
        Assert.Equal("network=not configured", JsonDocument.Parse(macJson).RootElement.GetProperty("lines")[0].GetString());
        Assert.Equal(64, usageCode);
        Assert.Contains("--no-such-option", usage);
        Assert.Equal(3, downCode);
        Assert.StartsWith("UNKNOWN: cannot reach the agent", down);
    }

    [RootFact("making users and groups", "useradd", "groupadd", "setpriv", "/usr/bin/python3")]
    public void Every_operator_command_is_in_the_journal_with_the_uid_of_the_real_user_who_sent_it()
    {
        using var users = new MachineUsers();
        (string user, uint uid) = users.User("op");
        (string outsider, _) = users.User("out");
        string group = users.Group("ctl", user);
        using var f = new AgentFixture();
        File.WriteAllText(f.ConfigPath, f.ConfigText.Replace(
            $"\"control\": {{ \"socket\": \"{f.Socket}\" }}",
            $"\"control\": {{ \"socket\": \"{f.Socket}\", \"group\": \"{group}\" }}"));
        // The other users reach the socket's folder (a test's temporary folder is root's 0700).
        File.SetUnixFileMode(f.Dir.Path, (UnixFileMode)0x1ED);
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000));
        using var journal = new JournalListener(f.Dir.File("journal"));
        using var agent = AgentProgram.StartAgent(f.ConfigPath, info => info.Environment["COLDSTANDBY_JOURNAL_SOCKET"] = journal.Path);
        try
        {
            Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 20_000));
            uint epoch = f.Rig.Inspect(r => r.SmuA.Epoch);

            // The world can be serving before a loaded machine has started the agent: its socket (given
            // to the group before it listens) is there once a status through it answers.
            Assert.True(SpinWait.SpinUntil(() => AgentProgram.Run("status", "--socket", f.Socket).Code == 0, 30_000), "the agent never answered on its control socket");
            string answer = users.Send(user, f.Socket, $"alarm-reset A {epoch}");
            string refused = users.Send(outsider, f.Socket, $"alarm-reset A {epoch}");

            Assert.StartsWith("ok", answer);
            Assert.Contains("Permission denied", refused);
            Assert.True(SpinWait.SpinUntil(() => journal.Entries().Any(e => e.GetValueOrDefault("COLDSTANDBY_EVENT") == "OperatorCommand"), 5000));
            var command = journal.Entries().Single(e => e.GetValueOrDefault("COLDSTANDBY_EVENT") == "OperatorCommand");
            Assert.Equal(uid.ToString(), command["CALLER_UID"]);
            Assert.Equal($"alarm-reset A {epoch}", command["COMMAND"]);
            Assert.Equal("5c3f0c1e8a7d4b2f9e61000000000069", command["MESSAGE_ID"]);
            Assert.Contains("accepted: AlarmReset A", command["OUTCOME"]);
        }
        finally
        {
            agent.Kill();
            agent.WaitForExit();
        }
    }
}
