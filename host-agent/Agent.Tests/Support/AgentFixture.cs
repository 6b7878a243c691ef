using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Service;
using ColdStandby.HostAgent.TestRig;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// A whole agent (the same <see cref="AgentRuntime"/> the service runs) against the real firmware
/// of a pair in the bench's world (<see cref="SystemRig"/>): its SMU link is a symlink to the rig's
/// pty, as udev's /dev/serial/by-id links point at whatever ttyACM the SMU got this time. Every
/// test that uses it fails when the world's safety monitor saw a property of DESIGN.md §2 broken.
/// </summary>
internal sealed class AgentFixture : IDisposable
{
    private AgentRuntime? _agent;

    public AgentFixture(Smu.SmuConfig? smuConfig = null, bool dmLink = false, string extraConfig = "")
    {
        Dir = new TempDir();
        Rig = new SystemRig(smuConfig, dmLink);
        Device = Dir.File("smu-link");
        File.CreateSymbolicLink(Device, Rig.HostDevice);
        string dm = dmLink ? $"\"dm\": {{ \"device\": \"{Rig.DmDevice}\" }}," : "";
        // Never the default `systemctl poweroff` on the test machine.
        string shutdown = extraConfig.Contains("\"shutdown\"") ? "" : "\"shutdown\": { \"command\": [\"true\"] },";
        ConfigText = $$"""
            {
              "smu": { "device": "{{Device}}", "reopenMs": 50, "helloRetryMs": 200 },
              {{dm}}
              {{shutdown}}
              {{extraConfig}}
              "control": { "socket": "{{Dir.File("agent.sock")}}" }
            }
            """;
        ConfigPath = Dir.File("agent.json");
        File.WriteAllText(ConfigPath, ConfigText);
    }

    public TempDir Dir { get; }

    public SystemRig Rig { get; }

    public string Device { get; }

    public string ConfigText { get; }

    public string ConfigPath { get; }

    public TestLog Log { get; } = new();

    public AgentRuntime Agent => _agent ?? throw new InvalidOperationException("agent not started");

    public string Socket => Dir.File("agent.sock");

    /// <summary>Waits until server A is powered (the pair agreed, A got the grant) and starts the agent on it.</summary>
    public AgentRuntime StartAgentWhenServerIsOn()
    {
        Assert.True(Rig.WaitFor(r => r.ServerAOn, 10_000), "server A was never powered on by its SMU");
        var (config, errors) = AgentConfig.Load(ConfigPath);
        Assert.True(config is not null, string.Join("\n", errors));
        _agent = new AgentRuntime(config!, Log, notifier: null);
        _agent.Start();
        Rig.AgentRuns = true;
        return _agent;
    }

    /// <summary>The agent's metrics as a scrape gives them (Prometheus text).</summary>
    public static string Metrics(AgentRuntime agent)
    {
        using var stream = new MemoryStream();
        agent.Metrics.Export(stream).GetAwaiter().GetResult();
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Stops the agent dead (the OS hung, or the agent was killed).</summary>
    public void StopAgent()
    {
        Rig.AgentRuns = false;
        _agent?.Dispose();
        _agent = null;
    }

    /// <summary>
    /// Closes the pty (the SMU's USB serial vanished) and removes the link to it, as udev removes
    /// /dev/serial/by-id on unplug. Left in place, the link would point at a pty number the kernel
    /// hands to the next pty made, often another test's rig within milliseconds: the agent, which
    /// reopens every <c>reopenMs</c>, would open that rig's device, take its lock (the other
    /// test's agent then fails to start: "smu-link is in use by another program") and kick its SMU.
    /// </summary>
    public void UnplugSmu()
    {
        File.Delete(Device);
        Rig.UnplugHostPty();
    }

    /// <summary>Unplugs the SMU (<see cref="UnplugSmu"/>) and, after a pause, makes a new pty and re-points the link.</summary>
    public void ReplugSmu(int outageMs)
    {
        UnplugSmu();
        Thread.Sleep(outageMs);
        string path = Rig.ReplaceHostPty();
        File.CreateSymbolicLink(Device, path);
    }

    /// <summary>Stops the agent and the rig; throws the rig's <see cref="SafetyViolationException"/> when the run broke a safety property.</summary>
    public void Dispose()
    {
        try
        {
            StopAgent();
            Rig.Dispose();
        }
        finally
        {
            Dir.Dispose();
        }
    }
}
