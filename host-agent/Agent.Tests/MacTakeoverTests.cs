using System.Text.RegularExpressions;
using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Network;
using ColdStandby.HostAgent.Tests.Support;
using static ColdStandby.HostAgent.Tests.Support.NetLab;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// Network address takeover in network namespaces: a client, servers A and B on a Linux bridge
/// standing in for the switch, one configuration file (the shared OS disk) that both servers
/// boot with. Skipped, with the reason, when not root.
/// </summary>
public sealed class MacTakeoverTests
{
    [NetLabFact]
    public void The_server_that_takes_over_sets_the_business_MAC_announces_it_and_clients_keep_reaching_the_service()
    {
        using var lab = new NetLab();
        using var dir = new TempDir();
        var net = Lan.Build(lab);
        string configPath = dir.File("agent.json");
        File.WriteAllText(configPath, """
            {
              "smu": { "device": "/dev/ttyACM0" },
              // the business NIC has the same name on both servers: one OS image
              "network": { "interface": "eth0" }
            }
            """);

        // First install on A: no business MAC yet, A's burned-in one is recorded.
        string burnedInA = Must("ip", "-n", net.ServerA, "-br", "link", "show", "eth0").Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];
        var first = In(net.ServerA, () => MacTakeover.Apply(Load(configPath), allowLinkBounce: true));
        Assert.True(first.Recorded);
        Assert.False(first.Changed);
        Assert.Equal(burnedInA, first.Business.ToString());
        Assert.Contains($"\"businessMac\": \"{burnedInA}\"", File.ReadAllText(configPath));
        Assert.Contains("// the business NIC", File.ReadAllText(configPath));
        net.ServerUp(net.ServerA);
        Assert.Null(Lan.Ping(net.Client));
        Assert.Equal(burnedInA, Lan.Neighbour(net.Client, Lan.ServiceIp));
        Assert.Equal(net.PortA, Lan.PortOf(net.Switch, burnedInA));

        // A fails and is off; B boots the same OS from the same disks.
        Must("ip", "-n", net.ServerA, "link", "set", "eth0", "down");
        var takeover = In(net.ServerB, () => MacTakeover.Apply(Load(configPath), allowLinkBounce: true));
        Assert.True(takeover.Changed);
        Assert.False(takeover.Recorded);
        Assert.NotEqual(burnedInA, takeover.Before.ToString());
        Assert.Equal(burnedInA, Lan.Mac(net.ServerB));
        net.ServerUp(net.ServerB);
        Assert.NotEqual(net.PortB, Lan.PortOf(net.Switch, burnedInA));

        var announced = In(net.ServerB, () => Announcer.AnnounceOnce("eth0", takeover.Business));

        Assert.Contains(announced, a => a.ToString() == Lan.ServiceIp);
        Assert.Equal(net.PortB, Lan.PortOf(net.Switch, burnedInA));
        Assert.Null(Lan.Ping(net.Client));
        Assert.Equal(burnedInA, Lan.Neighbour(net.Client, Lan.ServiceIp));
    }

    [NetLabFact]
    public void The_announcements_are_ones_a_Linux_neighbour_accepts_for_IPv4_and_IPv6()
    {
        using var lab = new NetLab();
        var net = Lan.Build(lab);
        net.ServerUp(net.ServerB, ipv6: true);
        string mac = Lan.Mac(net.ServerB);
        Must("ip", "-n", net.Client, "-6", "addr", "add", "2001:db8::100/64", "dev", "eth0", "nodad");
        // Wrong entries, as a client would hold for a server whose MAC changed.
        Must("ip", "-n", net.Client, "neigh", "replace", Lan.ServiceIp, "lladdr", "02:00:00:00:00:99", "dev", "eth0", "nud", "stale");
        Must("ip", "-n", net.Client, "-6", "neigh", "replace", "2001:db8::1", "lladdr", "02:00:00:00:00:99", "dev", "eth0", "nud", "stale");
        Thread.Sleep(1100); // the kernel ignores ARP updates within a second of the last (locktime)

        In(net.ServerB, () => Announcer.AnnounceOnce("eth0", MacAddress.TryParse(mac, out var m) ? m : default));

        Assert.True(SpinWait.SpinUntil(() => Lan.Neighbour(net.Client, Lan.ServiceIp) == mac, 2000), "gratuitous ARP not taken: " + Lan.Neighbour(net.Client, Lan.ServiceIp));
        Assert.True(SpinWait.SpinUntil(() => Lan.Neighbour(net.Client, "2001:db8::1") == mac, 2000), "neighbour advertisement not taken: " + Lan.Neighbour(net.Client, "2001:db8::1"));
    }

    private static AgentConfig Load(string path)
    {
        var (config, errors) = AgentConfig.Load(path);
        Assert.True(config is not null, string.Join("\n", errors));
        return config!;
    }

    /// <summary>The test LAN: a bridge in its own namespace, a client and two servers on it.</summary>
    private sealed record Lan(string Switch, string Client, string ServerA, string ServerB, string PortA, string PortB)
    {
        public const string ServiceIp = "192.0.2.1";

        public static Lan Build(NetLab lab)
        {
            var lan = new Lan(lab.Host("sw"), lab.Host("cli"), lab.Host("srva"), lab.Host("srvb"), "port-a", "port-b");
            Must("ip", "-n", lan.Switch, "link", "add", "br0", "type", "bridge");
            foreach (var (host, port) in new[] { (lan.Client, "port-cli"), (lan.ServerA, lan.PortA), (lan.ServerB, lan.PortB) })
            {
                Must("ip", "link", "add", "eth0", "netns", host, "type", "veth", "peer", "name", port, "netns", lan.Switch);
                Must("ip", "-n", lan.Switch, "link", "set", port, "master", "br0");
                Must("ip", "-n", lan.Switch, "link", "set", port, "up");
            }

            // Servers stay quiet on link-up (no IPv6 chatter), so only the announcement can teach the bridge.
            Must("ip", "netns", "exec", lan.ServerA, "sysctl", "-qw", "net.ipv6.conf.eth0.disable_ipv6=1");
            Must("ip", "netns", "exec", lan.ServerB, "sysctl", "-qw", "net.ipv6.conf.eth0.disable_ipv6=1");
            Must("ip", "-n", lan.Switch, "link", "set", "br0", "up");
            Must("ip", "-n", lan.Client, "addr", "add", "192.0.2.100/24", "dev", "eth0");
            Must("ip", "-n", lan.Client, "link", "set", "eth0", "up");
            return lan;
        }

        /// <summary>The network comes up on a server: the service address, the link.</summary>
        public void ServerUp(string server, bool ipv6 = false)
        {
            Must("ip", "-n", server, "addr", "add", $"{ServiceIp}/24", "dev", "eth0");
            if (ipv6)
            {
                Must("ip", "netns", "exec", server, "sysctl", "-qw", "net.ipv6.conf.eth0.disable_ipv6=0");
                Must("ip", "-n", server, "-6", "addr", "add", "2001:db8::1/64", "dev", "eth0", "nodad");
            }

            Must("ip", "-n", server, "link", "set", "eth0", "up");
            Assert.True(SpinWait.SpinUntil(() => Must("ip", "-n", server, "link", "show", "eth0").Contains("state UP"), 3000));
        }

        /// <summary>An ICMP echo from the client to the service address: null when answered.</summary>
        public static string? Ping(string client) =>
            In(client, () => IcmpEcho.Ping("eth0", System.Net.IPAddress.Parse(ServiceIp), 1, 2000));

        public static string Mac(string host) =>
            Must("ip", "-n", host, "-br", "link", "show", "eth0").Split(' ', StringSplitOptions.RemoveEmptyEntries)[2];

        /// <summary>The client's neighbour entry (ARP or NDP) for an address: its MAC, or "" when none.</summary>
        public static string Neighbour(string host, string ip)
        {
            var m = Regex.Match(Must("ip", "-n", host, "neigh", "show", ip), "lladdr ([0-9a-f:]{17})");
            return m.Success ? m.Groups[1].Value : "";
        }

        /// <summary>The bridge port the switch forwards a MAC to, or "" when it has not learnt it.</summary>
        public static string PortOf(string sw, string mac)
        {
            foreach (string line in Must("bridge", "-n", sw, "fdb", "show", "br", "br0").Split('\n'))
            {
                if (line.StartsWith(mac + " ", StringComparison.Ordinal) && !line.Contains("permanent"))
                {
                    return Regex.Match(line, "dev (\\S+)").Groups[1].Value;
                }
            }

            return "";
        }
    }
}
