using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// An agent still talking to an SMU whose server's power-good is low (its OS shutting down as the
/// power goes, a power-good sense wire that broke): the SMU refuses the session once with a reason
/// and the agent backs off its hellos, so neither the journal nor the SMU's log fills with
/// reconnects. Over the real pty against the real firmware pair.
/// </summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task An_SMU_whose_server_is_off_is_not_asked_for_a_session_over_and_over()
    {
        using var f = new AgentFixture();
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 5000), f.Log.ToString());
        int linesBefore = f.Log.Lines.Count;
        int opensBefore = agent.Loop.Session.Opens;
        long hellosBefore = agent.Loop.Session.HellosSent;
        uint logBefore = f.Rig.Inspect(r => r.SmuA.Log.NextSequence);

        f.Rig.PowerOffServerA();
        await Task.Delay(4000);

        var lines = f.Log.Lines.Skip(linesBefore).ToList();
        var hellos = f.Rig.Log(Side.A).Count(r => r.Sequence >= logBefore && r.Code == EventCode.AgentHello);
        string seen = string.Join("\n", lines.Take(40));
        // The agent's hello is fixed at 200 ms here: backed off 200, 400, 800, 1600 … ms, at most
        // six hellos in 4 s; the old storm was a hello, an open and a close every few milliseconds.
        Assert.True(agent.Loop.Session.Opens == opensBefore, $"the session opened {agent.Loop.Session.Opens - opensBefore} more times while the server was off\n{seen}");
        Assert.Equal(0, hellos);
        Assert.InRange(agent.Loop.Session.HellosSent - hellosBefore, 1, 6);
        Assert.True(lines.Count <= 4, $"{lines.Count} agent log lines in 4 s with the server off:\n{seen}");
        Assert.Contains(lines, l => l.Contains("SMU refuses a session: its server is off", StringComparison.Ordinal));

        // What status says instead of the SMU's status.
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.Loop.Request(s => s.RequestStatus()));
        Assert.StartsWith("the SMU refuses a session: its server is off (power-good low)", e.Message, StringComparison.Ordinal);
    }
}
