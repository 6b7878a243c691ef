using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;
using ColdStandby.Smu;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The agent against the real SMU logic of a real pair, over a real pseudo-terminal opened with
/// System.IO.Ports: hello and side, kicks, boot checkpoints, the watchdog when the agent stops,
/// and a reconnect without a false fault when the serial device vanishes and comes back.
/// </summary>
public sealed class SmuLinkTests
{
    [Fact]
    public void Agent_says_hello_learns_its_side_and_reports_os_loaded_and_services_ready()
    {
        using var f = new AgentFixture();
        var agent = f.StartAgentWhenServerIsOn();

        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 5000), f.Log.ToString());
        Assert.Equal(Side.A, agent.Loop.Side);
        var log = f.Rig.Log(Side.A);
        Assert.Contains(log, r => r.Code == EventCode.AgentHello);
        Assert.Contains(log, r => r.Code == EventCode.CheckpointReached && r.Argument == 1);
        Assert.Contains(log, r => r.Code == EventCode.CheckpointReached && r.Argument == 2);
        var health = f.Rig.Inspect(r => r.SmuA.Health);
        Assert.True(health.HasFlag(HealthFlags.OsUp | HealthFlags.AgentConnected | HealthFlags.WatchdogArmed), health.ToString());
        Assert.True(f.Rig.Inspect(r => r.SmuA.Log.WallClock), "the agent set the SMU's clock");
    }

    [Fact]
    public void A_result_that_arrives_after_the_agent_stopped_is_dropped()
    {
        // A RAID probe still in its fsync when the agent stops reports when it returns; that once
        // threw on the probe's thread and took the whole process down.
        using var f = new AgentFixture();
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 5000), f.Log.ToString());
        bool ran = false;

        f.StopAgent();
        agent.Loop.Post(() => ran = true);

        Thread.Sleep(100);
        Assert.False(ran);
    }

    [Fact]
    public void Kicks_keep_the_watchdog_fed_for_several_timeouts()
    {
        using var f = new AgentFixture();
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.WatchdogArmed) != 0, 5000), f.Log.ToString());

        Thread.Sleep(5000);

        Assert.DoesNotContain(f.Rig.Log(Side.A), r => r.Code == EventCode.ServerFault);
        Assert.Equal(Mode.Active, f.Rig.Inspect(r => r.SmuA.Mode));
        Assert.InRange(agent.Loop.Kicks.Kicks, 12, 30);
        Assert.True(agent.Loop.Kicks.MaxIntervalUs < 2_000_000, $"longest kick gap {agent.Loop.Kicks.MaxIntervalUs} us");
    }

    [Fact]
    public void A_stopped_agent_lets_the_SMU_watchdog_fire()
    {
        using var f = new AgentFixture(new SmuConfig { WatchdogTimeoutMs = 1000 });
        f.StartAgentWhenServerIsOn();
        // The SMU's log is in wall-clock time once the agent set its clock (its TimeSet can come
        // after the first kick armed the watchdog on a loaded machine).
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.WatchdogArmed) != 0 && r.SmuA.Log.WallClock, 10_000), f.Log.ToString());

        long stoppedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        f.StopAgent();

        Assert.True(f.Rig.WaitFor(r => r.SmuA.Fault == FaultKind.Watchdog, 3000), "the watchdog did not fire");
        var fault = f.Rig.Log(Side.A).Single(r => r.Code == EventCode.ServerFault);
        Assert.Equal((uint)FaultKind.Watchdog, fault.Argument & 0xFF);
        Assert.InRange(fault.Time - stoppedAt, 500, 3000);
    }

    [Fact]
    public void Serial_device_closed_and_reopened_reconnects_without_a_false_fault()
    {
        using var f = new AgentFixture();
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 5000), f.Log.ToString());

        f.ReplugSmu(outageMs: 400);

        Assert.True(SpinWait.SpinUntil(() => agent.Loop.Link.Opens == 2 && agent.Loop.SessionOpen, 3000), f.Log.ToString());
        Assert.Equal(1, agent.Loop.Link.Losses);
        Thread.Sleep(2500);
        Assert.DoesNotContain(f.Rig.Log(Side.A), r => r.Code == EventCode.ServerFault);
        Assert.Equal(Mode.Active, f.Rig.Inspect(r => r.SmuA.Mode));
        Assert.True(agent.Loop.Session.Opens == 2, $"the session opened {agent.Loop.Session.Opens} times\n{f.Log}");
        Assert.True(f.Rig.Inspect(r => r.SmuA.Health).HasFlag(HealthFlags.WatchdogArmed | HealthFlags.AgentConnected | HealthFlags.ServicesReady));
    }
}
