using ColdStandby.HostAgent.Probes;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;
using static ColdStandby.HostAgent.Tests.Support.NetLab;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The LAN probe through a real veth cable between two network namespaces: the server's NIC and a
/// peer (the router the probe asks). Skipped, with the reason, when not root.
/// </summary>
public sealed class LanProbeTests
{
    [NetLabTheory]
    [InlineData("icmp")]
    [InlineData("arp")]
    public void Passes_through_a_live_link_and_fails_when_the_link_goes_down(string method)
    {
        using var lab = new NetLab();
        string server = lab.Host("srv");
        string router = lab.Host("gw");
        Must("ip", "link", "add", "eth0", "netns", server, "type", "veth", "peer", "name", "eth0", "netns", router);
        Must("ip", "-n", server, "addr", "add", "192.0.2.10/24", "dev", "eth0");
        Must("ip", "-n", router, "addr", "add", "192.0.2.1/24", "dev", "eth0");
        Must("ip", "-n", server, "link", "set", "eth0", "up");
        Must("ip", "-n", router, "link", "set", "eth0", "up");
        var probe = new LanProbe("eth0", System.Net.IPAddress.Parse("192.0.2.1"), method);
        WaitForCarrier(server, "eth0");
        using var runner = new ProbeRunner(probe, 1000, 500, 2, new TestLog().CreateLogger("t"));

        Assert.Null(In(server, runner.RunOnce));
        Assert.Equal(ControllerState.Ok, runner.State);

        Must("ip", "-n", router, "link", "set", "eth0", "down");
        // The kernel reports the lost carrier a moment later (linkwatch); the unanswered probe fails meanwhile.
        var problems = new List<string?>();
        Assert.True(SpinWait.SpinUntil(() => { problems.Add(In(server, runner.RunOnce)); return problems[^1]!.Contains("link down"); }, 3000), string.Join("; ", problems));
        Assert.Equal(ControllerState.Failed, runner.State);

        Must("ip", "-n", router, "link", "set", "eth0", "up");
        Assert.True(SpinWait.SpinUntil(() => In(server, runner.RunOnce) is null, 3000));
        Assert.Equal(ControllerState.Ok, runner.State);
    }

    [NetLabFact]
    public void A_link_that_is_up_but_carries_nothing_fails_on_the_missing_answer()
    {
        using var lab = new NetLab();
        string server = lab.Host("srv");
        string router = lab.Host("gw");
        Must("ip", "link", "add", "eth0", "netns", server, "type", "veth", "peer", "name", "eth0", "netns", router);
        Must("ip", "-n", server, "addr", "add", "192.0.2.10/24", "dev", "eth0");
        Must("ip", "-n", server, "link", "set", "eth0", "up");
        Must("ip", "-n", router, "link", "set", "eth0", "up");
        var probe = new LanProbe("eth0", System.Net.IPAddress.Parse("192.0.2.1"), "icmp");
        WaitForCarrier(server, "eth0");

        string? problem = In(server, () => probe.Run(300));

        Assert.Contains("no echo reply from 192.0.2.1 within 300 ms", problem);
    }
}
