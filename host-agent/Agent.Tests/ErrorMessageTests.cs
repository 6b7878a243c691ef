using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Control;
using ColdStandby.HostAgent.Link;
using ColdStandby.HostAgent.Network;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// What an operator reads when something is wrong says what is wrong (issue 13: a missing device
/// read "Access to the port is denied", interface errors ended in "Success (errno 0)", switchover
/// offered a Failed standby and the SMU's refusal then blamed a peer link that was fine).
/// </summary>
public sealed class ErrorMessageTests
{
    [Fact]
    public void A_missing_serial_device_is_said_to_be_missing_and_a_plain_file_not_to_be_a_serial_device()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("not-a-tty"), "");
        using var missing = new TtyLink(dir.File("ttyACM9"), 115200, 250);
        using var file = new TtyLink(dir.File("not-a-tty"), 115200, 250);

        missing.Maintain(0);
        file.Maintain(0);

        Assert.Equal($"{dir.File("ttyACM9")} does not exist (device not plugged in, or not created yet)", missing.LastError);
        Assert.Equal($"{dir.File("not-a-tty")} is not a serial device", file.LastError);
    }

    [Fact]
    public void A_missing_interface_is_named_and_no_error_reads_Success()
    {
        var e = Assert.Throws<IOException>(() => NetDevice.Flags("nosuchnic0"));

        Assert.Equal("there is no interface 'nosuchnic0' (ip link shows the names)", e.Message);
        Assert.DoesNotContain("Success", Native.Errors.Describe(0));
        Assert.Equal("No such device", Native.Errors.Describe(19));
    }

    [Fact]
    public void Switchover_refuses_a_Failed_standby_before_asking_anyone_and_says_how_to_repair_it()
    {
        using var dir = new TempDir();
        var asked = new List<string>();
        var agent = new ControlServer(new ControlConfig { Socket = dir.File("agent.sock") }, (request, _, _) =>
        {
            lock (asked)
            {
                asked.Add(request);
            }

            // An agent whose SMU hears a Failed peer.
            return Task.FromResult(request == "status"
                ? new ControlReply { Ok = true, Lines = { "smu.side=A", "smu.mode=Active", "smu.phase=Idle", "smu.epoch=4", "peer.side=B", "peer.mode=Failed", "peer.heard=yes" } }
                : ControlReply.Error("not expected"));
        }, new TestLog().CreateLogger("control"));
        agent.Start();
        try
        {
            var (code, output) = AgentProgram.Run("switchover", "--yes", "--socket", dir.File("agent.sock"));

            Assert.Equal(1, code);
            Assert.Contains("side B is Failed: it cannot take over; once it is repaired, mark it so (coldstandby repaired B), then switch over", output);
            lock (asked)
            {
                Assert.Equal(new[] { "status" }, asked);
            }
        }
        finally
        {
            agent.Dispose();
        }
    }

    [Fact]
    public void The_SMUs_refusal_blames_the_peer_link_only_when_the_peer_is_not_heard()
    {
        Assert.Equal(
            "the other side is Failed, not a Standby fit to take over (a Failed side must be marked repaired first: coldstandby repaired A|B)",
            Names.Refusal(RefusalReason.PeerUnavailable, (byte)Mode.Failed));
        Assert.Equal("the other SMU does not answer on the peer link", Names.Refusal(RefusalReason.PeerUnavailable, (byte)Mode.Unknown));
    }
}
