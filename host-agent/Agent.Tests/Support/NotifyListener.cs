using System.Text;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// Stands in for systemd's notify socket (NOTIFY_SOCKET): reads every datagram as it comes, as
/// systemd does. A test that stopped reading would fill the kernel's queue (ten datagrams,
/// net.unix.max_dgram_qlen) within seconds of WATCHDOG=1, which no real systemd does.
/// </summary>
internal sealed class NotifyListener : DatagramListener<string>
{
    public NotifyListener(string path)
        : base(path)
    {
    }

    /// <summary>Gets every message received so far ("READY=1", "WATCHDOG=1"…), in order.</summary>
    public List<string> Messages() => Received();

    protected override string Parse(ReadOnlySpan<byte> datagram) => Encoding.UTF8.GetString(datagram);
}
