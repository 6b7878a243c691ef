using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.HostAgent.TestRig;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The agent's tests run in the bench's one world, with its safety monitor checking DESIGN.md §2
/// after every step: a run that breaks a property fails its test with the monitor's report, at the
/// test's next wait on the rig and when the fixture is disposed. Planted here while the real agent
/// serves on A: a second grant (access-B forced on beside A's), a power-on press of B's server
/// without the grant, and kicks that stop reaching the SMU while the agent runs (its device gone
/// for longer than the watchdog: SMU A fails over a server the test says is healthy).
/// </summary>
public sealed class RigSafetyTests
{
    [Theory]
    [InlineData("second grant", 1)]
    [InlineData("press without the grant", 3)]
    [InlineData("healthy server failed over", 6)]
    public void A_safety_violation_fails_the_agent_test_with_the_monitors_report(string plant, int property)
    {
        var f = new AgentFixture(new Smu.SmuConfig { WatchdogTimeoutMs = 1000 });
        SafetyViolationException seen;
        try
        {
            f.StartAgentWhenServerIsOn();
            Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 10_000), f.Log.ToString());
            Assert.Null(f.Rig.Violation);

            Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.WatchdogArmed) != 0, 5000), f.Log.ToString());
            if (plant == "healthy server failed over")
            {
                // Past the monitor's grace for an agent that just started (four kick periods).
                Thread.Sleep(1500);
                f.UnplugSmu();
            }
            else
            {
                f.Rig.Inspect(r =>
                {
                    if (plant == "second grant")
                    {
                        r.System.Dm.AccessB.Stick(true);
                    }
                    else
                    {
                        r.System.SmuB.Wiring.PowerButton.Value = true;
                    }

                    return 0;
                });
            }

            seen = Assert.Throws<SafetyViolationException>(() => f.Rig.WaitFor(r => r.SmuA.Mode == Mode.Failed, 5000));
        }
        catch
        {
            try
            {
                f.Dispose();
            }
            catch (SafetyViolationException)
            {
            }

            throw;
        }

        Assert.Equal(property, seen.Violation.Property);
        Assert.Contains($"SAFETY VIOLATION at", seen.Message);
        Assert.Contains($"property {property} (", seen.Message);
        var atEnd = Assert.Throws<SafetyViolationException>(f.Dispose);
        Assert.Equal(seen.Violation, atEnd.Violation);
    }
}
