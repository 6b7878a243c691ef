using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Journal;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Network;

/// <summary>Why the agent does not put the business MAC on its NIC yet.</summary>
internal enum MacWait
{
    /// <summary>Nothing: it may (or it holds it already).</summary>
    None,

    /// <summary>No status from this side's SMU yet: nothing is known of the peer.</summary>
    NoStatus,

    /// <summary>The peer SMU is silent: its server may be running with the address.</summary>
    PeerSilent,

    /// <summary>The peer SMU's heartbeat says its server is powered.</summary>
    PeerServerOn,
}

/// <summary>
/// The business MAC goes on this server's NIC only once the peer's server is known to be off
/// (issue 11, DESIGN.md §1 and §2): the latest SMU status must say the peer SMU is heard and its
/// heartbeat shows neither ServerPowered nor PowerGood. Until then the agent waits, re-checking at
/// every status, and says why once per reason (journal, <c>status</c>, metrics). Once held the
/// address stays: a peer whose server comes on later is logged, not answered by taking the
/// service off the network; the peer's own agent waits while this server is on, so the address
/// is still on one running server. The takeover and its announcements run on a thread of their
/// own, started from the link thread (so a test's network namespace follows it).
/// </summary>
internal sealed class BusinessMacGate : IDisposable
{
    private readonly AgentConfig _config;
    private readonly NetworkConfig _network;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private MacWait _logged = MacWait.None;
    private bool _peerOnLogged;
    private volatile bool _started;

    public BusinessMacGate(AgentConfig config, ILogger log)
    {
        _config = config;
        _network = config.Network ?? throw new InvalidOperationException("network: no network section in the configuration");
        _log = log;
    }

    /// <summary>Gets whether this NIC has the business MAC from this agent (or had it when the agent started).</summary>
    public bool Held { get; private set; }

    /// <summary>Gets why the agent waits to take the business MAC (None once taken or failed).</summary>
    public MacWait Waiting { get; private set; } = MacWait.NoStatus;

    /// <summary>Gets what the gate did, in words, for <c>status</c>.</summary>
    public string State { get; private set; } = "waiting: " + Describe(MacWait.NoStatus, Side.None);

    /// <summary>Why the business MAC may not be taken given this status, or None when it may.</summary>
    public static MacWait Check(SmuStatus? status)
    {
        if (status is null)
        {
            return MacWait.NoStatus;
        }

        if (!status.PeerHeard)
        {
            return MacWait.PeerSilent;
        }

        return (status.PeerHealth & (HealthFlags.ServerPowered | HealthFlags.PowerGood)) != 0 ? MacWait.PeerServerOn : MacWait.None;
    }

    /// <summary>A wait reason as the metrics' label.</summary>
    public static string Label(MacWait wait) => wait switch
    {
        MacWait.NoStatus => "no_status",
        MacWait.PeerSilent => "peer_silent",
        MacWait.PeerServerOn => "peer_server_on",
        _ => "none",
    };

    /// <summary>
    /// Before the first status: a NIC that already has the business MAC (an agent restarted while
    /// serving) holds it; nothing is taken here.
    /// </summary>
    public void Start()
    {
        try
        {
            if (_network.BusinessMac is { } business && NetDevice.HardwareAddress(_network.Interface) == business)
            {
                _started = true;
                Held = true;
                Waiting = MacWait.None;
                State = $"held {business} (on {_network.Interface} when the agent started)";
                return;
            }
        }
        catch (IOException)
        {
            // The NIC is not there yet: the takeover reports it when the gate opens.
        }

        _log.LogInformation("business MAC on {Nic}: waits for the SMU's status (taken only once the peer's server is known off)", _network.Interface);
    }

    /// <summary>Judges a status from this side's SMU (on the link thread).</summary>
    public void OnStatus(SmuStatus status)
    {
        var wait = Check(status);
        var peer = status.Side == Side.A ? Side.B : Side.A;
        if (_started)
        {
            if (Held && wait == MacWait.PeerServerOn && !_peerOnLogged)
            {
                _peerOnLogged = true;
                _log.Log(LogLevel.Warning, AgentEvents.MacPeerServerOn,
                    "peer side {PeerSide}'s server is on while {Nic} holds the business MAC: kept (this server serves; the peer's agent waits while it is on)", peer, _network.Interface);
            }
            else if (wait != MacWait.PeerServerOn)
            {
                _peerOnLogged = false;
            }

            return;
        }

        if (wait == MacWait.None)
        {
            _started = true;
            Waiting = MacWait.None;
            State = "taking over";
            _log.Log(LogLevel.Information, AgentEvents.MacTakeover,
                "peer side {PeerSide}'s server is off (its SMU's heartbeat): the business MAC goes on {Nic}", peer, _network.Interface);
            _thread = new Thread(TakeOver) { Name = "mac-takeover", IsBackground = true };
            _thread.Start();
            return;
        }

        Waiting = wait;
        State = "waiting: " + Describe(wait, peer);
        if (wait != _logged)
        {
            _logged = wait;
            _log.Log(LogLevel.Warning, AgentEvents.MacWaiting,
                "business MAC not taken on {Nic} yet: {Reason}; re-checked at every SMU status", _network.Interface, Describe(wait, peer));
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread?.Join(TimeSpan.FromSeconds(2));
    }

    private static string Describe(MacWait wait, Side peer) => wait switch
    {
        MacWait.NoStatus => "no status from this side's SMU yet",
        MacWait.PeerSilent => $"peer side {peer}'s SMU is silent, its server may be on",
        MacWait.PeerServerOn => $"peer side {peer}'s server is on (its SMU's heartbeat)",
        _ => "",
    };

    private void TakeOver()
    {
        MacTakeoverResult result;
        try
        {
            result = MacTakeover.Apply(_config, allowLinkBounce: true);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            State = $"failed: {e.Message}";
            _log.LogError("MAC takeover failed: {Error} (coldstandby mac-takeover --force sets it by hand)", e.Message);
            return;
        }

        if (result.Recorded)
        {
            _log.LogWarning("no business MAC was configured: recorded this NIC's burned-in {Mac} in {Path}", result.Business, _config.Path);
        }

        Held = true;
        State = result.Changed ? $"held {result.Business} (set, was {result.Before})" : $"held {result.Business} (already on {result.Interface})";
        _log.LogInformation("business MAC on {Nic}: {State}", result.Interface, State);
        Announce(result.Business);
    }

    private void Announce(MacAddress mac)
    {
        // The network may still be coming up: a round that found no address does not count, for a while.
        int sent = 0;
        var token = _stop.Token;
        for (int round = 0; sent < _network.AnnounceCount && round < _network.AnnounceCount + 120 && !token.IsCancellationRequested; round++)
        {
            try
            {
                var announced = Announcer.AnnounceOnce(_network.Interface, mac);
                if (announced.Count > 0)
                {
                    sent++;
                    _log.LogInformation("announced {Mac} for {Addresses}", mac, string.Join(", ", announced));
                }
            }
            catch (Exception e) when (e is IOException or ArgumentException)
            {
                _log.LogWarning("cannot announce the business MAC yet: {Error}", e.Message);
            }

            token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(_network.AnnounceIntervalMs));
        }

        if (sent == 0 && !token.IsCancellationRequested)
        {
            _log.LogError("the business MAC was never announced: {Nic} got no address", _network.Interface);
        }
    }
}
