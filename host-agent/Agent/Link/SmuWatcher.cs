using ColdStandby.HostAgent.Control;
using ColdStandby.HostAgent.Journal;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Link;

/// <summary>
/// Asks the SMU for its status every <c>periodMs</c> on the link thread and tells the journal
/// what changed, as structured events: this side's and the peer's mode, the switch phase (the
/// failover and switchover steps), every alarm raised and cleared on either side, the maintenance
/// hold. It keeps the latest status and when this side's mode was seen to change, for
/// <c>status</c> and the metrics (the switch itself, which an agent of a cold standby does not
/// live through, is read from the SMU's log: <see cref="SwitchHistoryReader"/>).
/// </summary>
internal sealed class SmuWatcher : ILoopPart
{
    private readonly LinkLoop _loop;
    private readonly long _periodMs;
    private readonly ILogger _log;
    private long _nextMs;
    private bool _asking;

    public SmuWatcher(LinkLoop loop, long periodMs, ILogger log)
    {
        _loop = loop;
        _periodMs = periodMs;
        _log = log;
    }

    public IHostLinkDevice? Device => null;

    public long NextDueMs => _asking || !_loop.Session.IsOpen ? long.MaxValue : _nextMs;

    /// <summary>Gets the latest status (a copy), or null before the first.</summary>
    public SmuStatus? Latest { get; private set; }

    /// <summary>Gets when the latest status came (UTC).</summary>
    public DateTime LatestUtc { get; private set; }

    /// <summary>Gets since when this side has been in its mode, as far as this agent saw (UTC), or null.</summary>
    public DateTime? ModeSinceUtc { get; private set; }

    /// <summary>Raised on the link thread with every status, once it is the latest (the business MAC's gate judges each).</summary>
    public event Action<SmuStatus>? StatusSeen;

    public void Step(long nowMs)
    {
        if (_asking || !_loop.Session.IsOpen || nowMs < _nextMs)
        {
            return;
        }

        _asking = true;
        _nextMs = nowMs + _periodMs;
        _loop.Session.RequestStatus().Completed = request =>
        {
            _asking = false;
            if (request.Status is { } status)
            {
                Changed(Latest, status);
                Latest = status;
                LatestUtc = DateTime.UtcNow;
                StatusSeen?.Invoke(status);
            }
        };
    }

    private void Changed(SmuStatus? was, SmuStatus now)
    {
        var peer = now.Side == Side.A ? Side.B : Side.A;
        if (was is null || was.Mode != now.Mode)
        {
            ModeSinceUtc = was is null ? ModeSinceUtc : DateTime.UtcNow;
            _log.Log(was is null ? LogLevel.Information : LogLevel.Warning, AgentEvents.ModeChanged,
                "side {Side} is {Mode} (was {WasMode}), switch epoch {Epoch}", now.Side, now.Mode, was?.Mode.ToString() ?? "not seen yet", now.Epoch);
        }

        Mode peerMode = now.PeerHeard ? now.PeerMode : Mode.Unknown;
        Mode peerWas = was is null ? Mode.Unknown : was.PeerHeard ? was.PeerMode : Mode.Unknown;
        if (was is null || peerWas != peerMode)
        {
            _log.Log(was is null ? LogLevel.Information : LogLevel.Warning, AgentEvents.PeerModeChanged,
                "peer side {Side} is {Mode} (was {WasMode}){Heard}, its epoch {Epoch}", peer, peerMode, peerWas, now.PeerHeard ? "" : ": its SMU is silent", now.PeerEpoch);
        }

        if (was is not null && was.Phase != now.Phase)
        {
            _log.Log(LogLevel.Warning, AgentEvents.FailoverStep,
                "side {Side}: switch step {Phase} (was {WasPhase}), mode {Mode}, epoch {Epoch}", now.Side, now.Phase, was.Phase, now.Mode, now.Epoch);
        }

        Alarms(now.Side, was?.Alarms ?? AlarmFlags.None, now.Alarms);
        if (now.PeerHeard && (was?.PeerHeard ?? false))
        {
            Alarms(peer, was!.PeerAlarms, now.PeerAlarms);
        }

        bool held = (now.Health & HealthFlags.MaintenanceHold) != 0;
        bool wasHeld = was is not null && (was.Health & HealthFlags.MaintenanceHold) != 0;
        if (held && !wasHeld)
        {
            _log.Log(LogLevel.Warning, AgentEvents.MaintenanceStarted,
                "side {Side}: maintenance hold of the SMU watchdog, {Seconds} s left: the agent may be stopped without a failover", now.Side, now.MaintenanceSeconds);
        }
        else if (!held && wasHeld)
        {
            _log.Log(LogLevel.Warning, AgentEvents.MaintenanceEnded,
                "side {Side}: maintenance hold ended; the SMU watchdog runs again", now.Side);
        }
    }

    private void Alarms(Side side, AlarmFlags was, AlarmFlags now)
    {
        for (int bit = 1; bit <= (int)AlarmFlags.All; bit <<= 1)
        {
            var alarm = (AlarmFlags)bit;
            if ((now & alarm) != 0 && (was & alarm) == 0)
            {
                _log.Log(LogLevel.Error, AgentEvents.AlarmRaised, "side {Side}: alarm {Alarm} raised", side, Names.Alarms(alarm));
            }
            else if ((now & alarm) == 0 && (was & alarm) != 0)
            {
                _log.Log(LogLevel.Information, AgentEvents.AlarmCleared, "side {Side}: alarm {Alarm} cleared", side, Names.Alarms(alarm));
            }
        }
    }
}
