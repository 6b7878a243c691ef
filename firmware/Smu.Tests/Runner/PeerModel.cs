using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests.Runner;

/// <summary>
/// The other SMU, played by the script: a heartbeat every <c>HeartbeatMs</c> with its
/// <c>Mode</c>, <c>Epoch</c>, <c>Health</c>, <c>Phase</c>, <c>Alarms</c>; it answers fitness queries
/// (<c>Fit</c>, <c>Reason</c>) and takes a newer switch request (becoming Active with its epoch),
/// acknowledging after <c>ReplyMs</c> unless <c>Ack=false</c> or while <c>DropAcks</c> acks remain to
/// be lost; relayed operator commands are answered per <c>Commands=accept|refuse|ignore</c>.
/// <c>Silent=true</c> stops it entirely; <c>HideTakeover=true</c> keeps its heartbeat showing the
/// old mode and epoch until one of its acks got through (as when its frames are being lost).
/// </summary>
public sealed class PeerModel : Model
{
    private readonly MessageSet _out = new();
    private Mode _mode = Mode.Standby;
    private uint _epoch;
    private HealthFlags _health;
    private SequencePhase _phase;
    private AlarmFlags _alarms;
    private long _heartbeatMs = 200;
    private long _replyMs = 2;
    private bool _fit = true;
    private UnfitReason _reason = UnfitReason.NotStandby;
    private bool _ack = true;
    private int _dropAcks;
    private string _commands = "accept";
    private bool _silent;
    private bool _hideTakeover;
    private bool _acked;
    private long _nextHeartbeat;
    private Mode _shownMode = Mode.Standby;
    private uint _shownEpoch;

    public PeerModel(IWorld world)
        : base(world)
    {
    }

    public override void Set(string key, string value)
    {
        switch (key)
        {
            case "Mode": _mode = (Mode)Fields.Parse(typeof(Mode), value); break;
            case "Epoch": _epoch = (uint)Fields.Parse(typeof(uint), value); break;
            case "Health": _health = (HealthFlags)Fields.Parse(typeof(HealthFlags), value); break;
            case "Phase": _phase = (SequencePhase)Fields.Parse(typeof(SequencePhase), value); break;
            case "Alarms": _alarms = (AlarmFlags)Fields.Parse(typeof(AlarmFlags), value); break;
            case "HeartbeatMs": _heartbeatMs = Ms(value); break;
            case "ReplyMs": _replyMs = Math.Max(1, Ms(value)); break;
            case "Fit": _fit = Flag(value); break;
            case "Reason": _reason = (UnfitReason)Fields.Parse(typeof(UnfitReason), value); break;
            case "Ack": _ack = Flag(value); break;
            case "DropAcks": _dropAcks = int.Parse(value); break;
            case "Commands": _commands = value; break;
            case "HideTakeover": _hideTakeover = Flag(value); break;
            case "Silent":
                _silent = Flag(value);
                _nextHeartbeat = World.Now;
                break;
            default: throw Unknown(key);
        }
    }

    public override void Tick()
    {
        if (_silent || World.Now < _nextHeartbeat)
        {
            return;
        }

        _nextHeartbeat = World.Now + _heartbeatMs;
        var heartbeat = _out.Heartbeat;
        heartbeat.Side = World.PeerSide;
        if (!_hideTakeover || _acked || _mode != Mode.Active)
        {
            _shownMode = _mode;
            _shownEpoch = _epoch;
        }

        heartbeat.Mode = _shownMode;
        heartbeat.Epoch = _shownEpoch;
        heartbeat.Health = _health;
        heartbeat.Phase = _phase;
        heartbeat.Alarms = _alarms;
        World.Send("peer", heartbeat);
    }

    public override void Observe(TraceEvent e)
    {
        if (e.Channel != "peer" || _silent)
        {
            return;
        }

        switch (e.Name)
        {
            case "FitnessQuery":
                uint queried = (uint)e.Fields["Epoch"];
                Later(() =>
                {
                    _out.FitnessReply.Epoch = queried;
                    _out.FitnessReply.Fit = _fit;
                    _out.FitnessReply.Reason = _fit ? UnfitReason.None : _reason;
                    World.Send("peer", _out.FitnessReply);
                });
                break;
            case "SwitchRequest":
                uint epoch = (uint)e.Fields["Epoch"];
                if (epoch > _epoch && _fit)
                {
                    _mode = Mode.Active;
                    _epoch = epoch;
                    _phase = SequencePhase.AwaitingGrant;
                }
                else if (!(epoch == _epoch && _mode == Mode.Active))
                {
                    return;
                }

                if (!_ack)
                {
                    return;
                }

                if (_dropAcks > 0)
                {
                    _dropAcks--;
                    World.Note("peer's switch ack is lost");
                    return;
                }

                Later(() =>
                {
                    _acked = true;
                    _out.SwitchAck.Epoch = epoch;
                    World.Send("peer", _out.SwitchAck);
                });
                break;
            case "OperatorCommand":
                ushort sequence = e.Sequence;
                if (_commands == "accept")
                {
                    Later(() =>
                    {
                        _out.Accepted.AcceptedType = MessageType.OperatorCommand;
                        _out.Accepted.AcceptedSequence = sequence;
                        World.Send("peer", _out.Accepted);
                    });
                }
                else if (_commands == "refuse")
                {
                    Later(() =>
                    {
                        _out.Refusal.RefusedType = MessageType.OperatorCommand;
                        _out.Refusal.RefusedSequence = sequence;
                        _out.Refusal.Reason = RefusalReason.WrongMode;
                        _out.Refusal.Detail = (byte)_mode;
                        World.Send("peer", _out.Refusal);
                    });
                }

                break;
        }
    }

    private void Later(Action action) => World.Schedule(World.Now + _replyMs, action);
}
