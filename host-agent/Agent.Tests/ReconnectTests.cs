using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Service;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The whole agent talking over a real pty to a real SMU whose server's power-good reads low (a
/// broken sense wire under a running OS, an agent still up as its power goes): the SMU refuses
/// each hello with its reason, the agent backs its hellos off and says so once, so neither the
/// journal nor the SMU's log fills with reconnects; when power-good rises the next hello opens.
/// </summary>
public sealed class ReconnectTests
{
    [Fact]
    public async Task An_SMU_whose_server_is_off_is_not_asked_for_a_session_over_and_over()
    {
        using var dir = new TempDir();
        using var smu = new LoneSmu();
        var log = new TestLog();
        // helloRetryMs 200: hellos at 0, 0.2, 0.6, 1.4, 3.0, 6.2 s while refused.
        var (config, errors) = AgentConfig.Load(smu.WriteAgentConfig(dir));
        Assert.True(config is not null, string.Join("\n", errors));
        using var agent = new AgentRuntime(config!, log, notifier: null);
        agent.Start();

        await Task.Delay(4000);

        var session = agent.Loop.Session;
        var lines = log.Lines.Where(l => l.Contains("SMU session", StringComparison.Ordinal) || l.Contains("SMU refuses", StringComparison.Ordinal)).ToList();
        string seen = string.Join("\n", log.Lines.Take(40));
        // The firmware before ServerOff answered each hello and dropped the session at its next
        // step: several hundred sessions and over a thousand journal lines in 4 s.
        Assert.True(session.Opens == 0, $"the session opened {session.Opens} times with the server off\n{seen}");
        Assert.InRange(session.HellosSent, 4, 6);
        Assert.Equal(session.HellosSent, session.HelloRefusals);
        Assert.Equal(RefusalReason.ServerOff, session.HelloRefusal);
        Assert.True(lines.Count == 1, $"{lines.Count} journal lines about the session in 4 s with the server off:\n{seen}");
        Assert.StartsWith("SMU refuses a session: its server is off (power-good low)", lines[0][(lines[0].IndexOf(": ", StringComparison.Ordinal) + 2)..], StringComparison.Ordinal);
        Assert.DoesNotContain(smu.Log(), r => r.Code == EventCode.AgentHello);
        Assert.True(agent.Loop.Kicks.Kicks >= 14, $"{agent.Loop.Kicks.Kicks} kicks in 4 s: kicks do not wait for the hellos");

        // What status shows instead of the SMU's status.
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => agent.Loop.Request(s => s.RequestStatus()));
        Assert.StartsWith("the SMU refuses a session: its server is off (power-good low)", e.Message, StringComparison.Ordinal);

        // Power-good rises (the server was switched on): the next hello in the back-off opens, and
        // the journal counts the refusals once.
        smu.Inspect(s => smu.PowerGood.Value = true);
        Assert.True(SpinWait.SpinUntil(() => agent.Loop.SessionOpen, 5000), string.Join("\n", log.Lines));
        Assert.Equal(1, session.Opens);
        Assert.Contains(log.Lines, l => l.Contains($"SMU session open: this is side A", StringComparison.Ordinal) && l.Contains("refused hellos over", StringComparison.Ordinal));
        Assert.Contains(smu.Log(), r => r.Code == EventCode.AgentHello);
    }
}
