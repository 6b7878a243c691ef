using ColdStandby.HostAgent.Cli;
using ColdStandby.HostAgent.Control;
using ColdStandby.HostAgent.Network;
using ColdStandby.HostAgent.Service;
using ColdStandby.HostAgent.Tests.Support;
using static ColdStandby.HostAgent.Tests.Support.NetLab;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The business MAC goes on a NIC only once the peer's server is known off (issue 11 item 5):
/// the whole agent, started inside a network namespace whose eth0 is the business NIC, against
/// the real firmware of a pair on a pty (A serves, B is the standby). Its peer's server is
/// switched on by hand, or the peer cable cut, before the agent starts; the NIC's MAC is read
/// with iproute2. Skipped, with the reason, when not root.
/// </summary>
public sealed class BusinessMacGateTests
{
    private const string Business = "02:00:5e:10:00:01";

    [NetLabFact]
    public void The_business_MAC_is_taken_when_the_peers_server_is_off()
    {
        using var lab = new NetLab();
        string ns = Server(lab);
        using var f = new AgentFixture(extraConfig: Network);
        Assert.NotEqual(Business, Mac(ns));

        var agent = In(ns, f.StartAgentWhenServerIsOn);

        Assert.True(SpinWait.SpinUntil(() => agent.MacGate!.Held, 10_000), "never took the business MAC: " + agent.MacState + "\n" + f.Log);
        Assert.Equal(Business, Mac(ns));
        var status = StatusView.Parse(ControlClient.Ask(f.Socket, "status").Lines);
        Assert.Equal("yes", status["mac.held"]);
        Assert.Contains($"business MAC: held {Business}", StatusView.Render(status));
        Assert.Contains("coldstandby_business_mac_held 1", AgentFixture.Metrics(agent));
        Assert.Contains(f.Log.Lines, l => l.Contains("server is off (its SMU's heartbeat): the business MAC goes on eth0"));
    }

    [NetLabFact]
    public void The_business_MAC_waits_while_the_peers_server_is_on_and_is_taken_when_it_goes_off()
    {
        using var lab = new NetLab();
        string ns = Server(lab);
        using var f = new AgentFixture(extraConfig: Network);
        string burnedIn = Mac(ns);
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000));
        f.Rig.PowerOnServerBByHand();
        Assert.True(f.Rig.WaitFor(r => (r.SmuB.Health & Protocol.HealthFlags.PowerGood) != 0, 2000));
        Thread.Sleep((int)(3 * f.Rig.Config.HeartbeatPeriodMs)); // A hears it in B's next heartbeats

        var agent = In(ns, f.StartAgentWhenServerIsOn);

        Assert.True(SpinWait.SpinUntil(() => agent.MacGate!.Waiting == MacWait.PeerServerOn, 10_000), agent.MacState);
        WaitForStatuses(agent, 3);
        Assert.Equal(burnedIn, Mac(ns));
        Assert.False(agent.MacGate!.Held);
        var status = StatusView.Parse(ControlClient.Ask(f.Socket, "status").Lines);
        Assert.Equal(("no", "peer_server_on"), (status["mac.held"], status["mac.waiting"]));
        Assert.Contains("business MAC: waiting: peer side B's server is on", StatusView.Render(status));
        string metrics = AgentFixture.Metrics(agent);
        Assert.Contains("coldstandby_business_mac_held 0", metrics);
        Assert.Contains("coldstandby_business_mac_waiting{reason=\"peer_server_on\"} 1", metrics);
        Assert.Single(f.Log.Lines, l => l.Contains("business MAC not taken on eth0 yet"));

        f.Rig.PowerOffServerB();

        Assert.True(SpinWait.SpinUntil(() => agent.MacGate.Held, 10_000), agent.MacState);
        Assert.Equal(Business, Mac(ns));
        Assert.Contains("coldstandby_business_mac_waiting{reason=\"peer_server_on\"} 0", AgentFixture.Metrics(agent));
    }

    [NetLabFact]
    public void The_business_MAC_waits_while_the_peer_SMU_is_silent_and_is_taken_when_it_is_heard_with_its_server_off()
    {
        using var lab = new NetLab();
        string ns = Server(lab);
        using var f = new AgentFixture(extraConfig: Network);
        string burnedIn = Mac(ns);
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000));
        f.Rig.CutPeerCable(true);
        Assert.True(f.Rig.WaitFor(r => !r.SmuA.PeerHeard, 5000), "SMU A still hears its peer through a cut cable");

        var agent = In(ns, f.StartAgentWhenServerIsOn);

        Assert.True(SpinWait.SpinUntil(() => agent.MacGate!.Waiting == MacWait.PeerSilent, 10_000), agent.MacState);
        WaitForStatuses(agent, 3);
        Assert.Equal(burnedIn, Mac(ns));
        var status = StatusView.Parse(ControlClient.Ask(f.Socket, "status").Lines);
        Assert.Equal(("no", "peer_silent"), (status["mac.held"], status["mac.waiting"]));
        Assert.Contains("coldstandby_business_mac_waiting{reason=\"peer_silent\"} 1", AgentFixture.Metrics(agent));

        f.Rig.CutPeerCable(false);

        Assert.True(SpinWait.SpinUntil(() => agent.MacGate!.Held, 10_000), agent.MacState);
        Assert.Equal(Business, Mac(ns));
    }

    [NetLabFact]
    public void A_held_business_MAC_is_kept_when_the_peers_server_comes_on()
    {
        using var lab = new NetLab();
        string ns = Server(lab);
        using var f = new AgentFixture(extraConfig: Network);
        var agent = In(ns, f.StartAgentWhenServerIsOn);
        Assert.True(SpinWait.SpinUntil(() => agent.MacGate!.Held, 10_000), agent.MacState);

        f.Rig.PowerOnServerBByHand();

        Assert.True(SpinWait.SpinUntil(() => f.Log.Lines.Any(l => l.Contains("holds the business MAC: kept")), 10_000), f.Log.ToString());
        Assert.Equal(Business, Mac(ns));
        Assert.True(agent.MacGate!.Held);
    }

    [Theory]
    [InlineData(false, Protocol.HealthFlags.None, "PeerSilent")]
    [InlineData(true, Protocol.HealthFlags.ServerPowered, "PeerServerOn")]
    [InlineData(true, Protocol.HealthFlags.PowerGood, "PeerServerOn")]
    [InlineData(true, Protocol.HealthFlags.StorageRequested, "None")]
    public void The_gate_reads_the_peer_from_the_SMU_status(bool heard, Protocol.HealthFlags peerHealth, string expected)
    {
        var status = new Protocol.SmuStatus { Side = Protocol.Side.A, PeerHeard = heard, PeerHealth = peerHealth };

        Assert.Equal(expected, BusinessMacGate.Check(status).ToString());
        Assert.Equal(MacWait.NoStatus, BusinessMacGate.Check(null));
    }

    private static string Network => $"\"network\": {{ \"interface\": \"eth0\", \"businessMac\": \"{Business}\", \"announceCount\": 1, \"announceIntervalMs\": 50 }},";

    /// <summary>Server A's namespace: its business NIC eth0 (a veth cable to a port in the same namespace, up, with the service address).</summary>
    private static string Server(NetLab lab)
    {
        string ns = lab.Host("srva");
        Must("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", "port0");
        Must("ip", "-n", ns, "addr", "add", "192.0.2.1/24", "dev", "eth0");
        Must("ip", "-n", ns, "link", "set", "port0", "up");
        Must("ip", "-n", ns, "link", "set", "eth0", "up");
        return ns;
    }

    private static string Mac(string ns) =>
        Must("ip", "-n", ns, "-br", "link", "show", "eth0").Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];

    /// <summary>Waits until the agent has judged more statuses from its SMU.</summary>
    private static void WaitForStatuses(AgentRuntime agent, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var seen = agent.Watcher.LatestUtc;
            Assert.True(SpinWait.SpinUntil(() => agent.Watcher.LatestUtc != seen, 5000), "no status from the SMU");
        }
    }
}
