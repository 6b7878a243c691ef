using System.Diagnostics;
using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Supervision;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>Service supervision: a stopped service is reported and restarted, never a failover.</summary>
public sealed class SupervisionTests
{
    [Fact]
    public void A_killed_process_is_restarted_and_reported_to_the_SMU_without_failover()
    {
        using var f = new AgentFixture(extraConfig: """
            "supervision": { "periodMs": 200, "restartBackoffMs": 100 },
            "services": [ { "name": "db", "command": ["sleep", "600"] }, { "name": "app", "command": ["sleep", "600"] } ],
            """);
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 5000), f.Log.ToString());
        int pid = int.Parse(agent.Supervisor.Statuses[1].State.Split("pid ")[1].TrimEnd(')'));

        Process.GetProcessById(pid).Kill();

        Assert.True(SpinWait.SpinUntil(() => agent.Supervisor.Statuses[1].Restarts == 1 && agent.Supervisor.Statuses[1].Up, 5000), f.Log.ToString());
        Assert.DoesNotContain($"pid {pid})", agent.Supervisor.Statuses[1].State);
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Alarms & AlarmFlags.ServiceFailure) != 0, 3000), "the SMU was not told");
        var failure = f.Rig.Log(Side.A).Single(r => r.Code == EventCode.ServiceFailure);
        Assert.Equal(1u, failure.Argument);
        Assert.Equal(Mode.Active, f.Rig.Inspect(r => r.SmuA.Mode));
        Assert.DoesNotContain(f.Rig.Log(Side.A), r => r.Code == EventCode.ServerFault);
        Assert.Equal(0, agent.Supervisor.Statuses[0].Restarts);
    }

    [Fact]
    public void A_stopped_systemd_unit_is_restarted_with_systemctl()
    {
        using var dir = new TempDir();
        string calls = dir.File("calls");
        string state = dir.File("state");
        File.WriteAllText(state, "inactive");
        // A stand-in for systemctl (this machine has no systemd as PID 1): is-active prints the state
        // file; restart records the call and makes the unit active.
        string systemctl = dir.File("systemctl");
        File.WriteAllText(systemctl, $$"""
            #!/bin/sh
            echo "$@" >> {{calls}}
            case "$1" in
              is-active) s=$(cat {{state}}); echo "$s"; [ "$s" = active ] ;;
              restart) echo active > {{state}} ;;
              stop) echo inactive > {{state}} ;;
            esac
            """);
        File.SetUnixFileMode(systemctl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var log = new TestLog();
        var failed = new List<int>();
        int allUp = 0;
        var supervisor = new ServiceSupervisor(new[] { new ServiceConfig { Name = "db", Unit = "postgresql.service" } }, new SupervisionConfig { Systemctl = systemctl, PeriodMs = 60_000, RestartBackoffMs = 0 }, log.CreateLogger("test"));
        supervisor.ServiceFailed += (index, _, _) => failed.Add(index);
        supervisor.AllUp += () => allUp++;

        supervisor.CheckNow();
        supervisor.CheckNow();

        Assert.Equal(new[] { 0 }, failed);
        Assert.Equal(new[] { "is-active postgresql.service", "restart postgresql.service", "is-active postgresql.service" }, File.ReadAllLines(calls));
        Assert.Equal(1, supervisor.Statuses[0].Restarts);
        Assert.Equal("active", supervisor.Statuses[0].State);
        Assert.Equal(1, allUp);

        supervisor.StopAll(5000);
        Assert.Equal("stop postgresql.service", File.ReadAllLines(calls).Last());
    }
}
