using System.Net.Sockets;
using System.Text;

namespace ColdStandby.HostAgent.Service;

/// <summary>
/// The sd_notify protocol, for <c>Type=notify</c> with the agent's own <c>WatchdogSec</c>: READY=1
/// once the agent runs, WATCHDOG=1 from the SMU link's thread (so a stalled kicking loop gets the
/// agent restarted), STATUS= lines, STOPPING=1. Does nothing when systemd did not ask
/// (no NOTIFY_SOCKET). Written here rather than taken from Microsoft.Extensions.Hosting.Systemd,
/// whose notifier has no watchdog and only acts when its parent process is systemd itself.
/// A datagram to a socket whose reader has fallen behind blocks its sender (the kernel queues only
/// net.unix.max_dgram_qlen of them, 10 unless systemd's sysctl raised it): WATCHDOG=1 comes from the
/// kicking thread, so it goes on a non-blocking socket and is dropped when the queue is full (the
/// next one follows within half the watchdog period); READY, STATUS and STOPPING wait at most
/// <see cref="SendTimeoutMs"/>, so a stalled reader cannot hang the start or the stop either.
/// </summary>
internal sealed class SystemdNotifier : IDisposable
{
    /// <summary>How long READY, STATUS and STOPPING wait for room in systemd's queue.</summary>
    public const int SendTimeoutMs = 2000;

    private readonly Socket? _socket;
    private readonly Socket? _watchdogSocket;
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly object _gate = new();
    private readonly byte[] _watchdog = Encoding.UTF8.GetBytes("WATCHDOG=1");

    public SystemdNotifier()
        : this(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"), Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID"))
    {
    }

    public SystemdNotifier(string? socketPath, string? watchdogUsec, string? watchdogPid)
    {
        if (string.IsNullOrEmpty(socketPath) || !OperatingSystem.IsLinux())
        {
            return;
        }

        // An abstract socket is written with a leading '@' and has a leading NUL on the wire.
        string path = socketPath[0] == '@' ? "\0" + socketPath[1..] : socketPath;
        _endPoint = new UnixDomainSocketEndPoint(path);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { SendTimeout = SendTimeoutMs };
        _watchdogSocket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified) { Blocking = false };
        bool forUs = string.IsNullOrEmpty(watchdogPid) || watchdogPid == Environment.ProcessId.ToString();
        if (forUs && long.TryParse(watchdogUsec, out long usec) && usec > 0)
        {
            WatchdogMs = usec / 1000;
        }
    }

    /// <summary>Gets whether systemd is listening.</summary>
    public bool Enabled => _socket is not null;

    /// <summary>Gets the systemd watchdog interval in milliseconds, 0 when none was set.</summary>
    public long WatchdogMs { get; }

    /// <summary>Gets how many WATCHDOG=1 were dropped because systemd's queue was full.</summary>
    public long WatchdogsDropped { get; private set; }

    /// <summary>Sends one notification, e.g. "READY=1", waiting at most <see cref="SendTimeoutMs"/>; failures are ignored (systemd restarted, say).</summary>
    public void Notify(string state)
    {
        if (_socket is null)
        {
            return;
        }

        lock (_gate)
        {
            try
            {
                _socket.SendTo(Encoding.UTF8.GetBytes(state), _endPoint!);
            }
            catch (SocketException)
            {
            }
        }
    }

    /// <summary>Sends WATCHDOG=1 without ever waiting (the kicking thread calls it); dropped when systemd's queue is full.</summary>
    public void NotifyWatchdog()
    {
        if (_watchdogSocket is null)
        {
            return;
        }

        try
        {
            _watchdogSocket.SendTo(_watchdog, _endPoint!);
        }
        catch (SocketException)
        {
            WatchdogsDropped++;
        }
    }

    public void Dispose()
    {
        _socket?.Dispose();
        _watchdogSocket?.Dispose();
    }
}
