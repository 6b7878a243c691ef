using ColdStandby.HostAgent.Tests.Support;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// A <c>coldstandby run</c> a test started dies with whatever started it: a test host that
/// crashes or is killed leaves no agent behind kicking an SMU. Here the parent is a shell started
/// with the same command the test support gives every agent (<see cref="TiedProcess"/>), and the
/// shell is killed with SIGKILL, as a crashed test host would go.
/// </summary>
public sealed class TiedProcessTests
{
    [Fact]
    public void An_agent_started_by_the_tests_dies_when_its_parent_is_killed()
    {
        using var dir = new TempDir();
        using var smu = new LoneSmu();
        string config = smu.WriteAgentConfig(dir);
        // The shell starts the agent as the support code does, prints its pid and waits for it.
        var shell = TiedProcess.Info("bash", new[] { "-c", "setpriv \"$@\" & echo $!; wait", "parent" }
            .Concat(TiedProcess.Command("dotnet", new[] { AgentProgram.Dll, "run", "--config", config })));
        using var parent = TiedProcess.Start(shell);
        int agentPid = int.Parse(parent.StandardOutput.ReadLine()!, System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.True(SpinWait.SpinUntil(() => File.Exists(dir.File("agent.sock")), 60_000), "the agent never opened its control socket");
            Assert.True(Alive(agentPid));

            parent.Kill();
            parent.WaitForExit();

            Assert.True(SpinWait.SpinUntil(() => !Alive(agentPid), 5000), $"the agent (pid {agentPid}) outlived its parent");
        }
        finally
        {
            if (Alive(agentPid))
            {
                System.Diagnostics.Process.GetProcessById(agentPid).Kill();
            }
        }
    }

    /// <summary>Whether the process runs: gone, or a zombie nobody has reaped yet, is not.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
