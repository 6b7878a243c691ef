using ColdStandby.Protocol;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu.Models
{
    /// <summary>
    /// The other SMU, played by the script: a heartbeat every <c>HeartbeatMs</c> with its
    /// <c>Mode</c>, <c>Epoch</c>, <c>Health</c>, <c>Phase</c>, <c>Alarms</c>; it answers fitness queries
    /// (<c>Fit</c>, <c>Reason</c>) and takes a newer switch request (becoming Active with its epoch),
    /// acknowledging after <c>ReplyMs</c> unless <c>Ack=false</c> or while <c>DropAcks</c> acks remain to
    /// be lost; relayed operator commands are answered per <c>Commands=accept|refuse|ignore</c>.
    /// <c>Silent=true</c> stops it entirely; <c>HideTakeover=true</c> keeps its heartbeat showing the
    /// old mode and epoch until one of its acks got through (as when its frames are being lost).
    /// <c>model peer handover</c> hands over to the SMU under test as a real SMU does: it steps down
    /// (Failed, or Standby when <c>SwitchKind=Planned</c>) with a fresh epoch in phase
    /// RequestingSwitch, sends that heartbeat, then the switch request; <c>model peer resend</c>
    /// sends the same request again.
    /// </summary>
    public sealed class PeerModel : Model
    {
        private readonly MessageSet _out = new MessageSet();
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
        private SwitchKind _switchKind = SwitchKind.Failover;

        /// <summary>Initializes a new instance of the <see cref="PeerModel"/> class.</summary>
        /// <param name="world">The world.</param>
        public PeerModel(IWorld world)
            : base(world)
        {
        }

        /// <inheritdoc/>
        public override void Set(string key, string value)
        {
            switch (key)
            {
                case "Mode": _mode = (Mode)(byte)Kinds.Mode.Parse(value); break;
                case "Epoch": _epoch = (uint)Kinds.U32.Parse(value); break;
                case "Health": _health = (HealthFlags)(ushort)Kinds.HealthFlags.Parse(value); break;
                case "Phase": _phase = (SequencePhase)(byte)Kinds.SequencePhase.Parse(value); break;
                case "Alarms": _alarms = (AlarmFlags)(ushort)Kinds.AlarmFlags.Parse(value); break;
                case "HeartbeatMs": _heartbeatMs = Ms(value); break;
                case "ReplyMs": _replyMs = Ms(value) < 1 ? 1 : Ms(value); break;
                case "Fit": _fit = Flag(value); break;
                case "Reason": _reason = (UnfitReason)(byte)Kinds.UnfitReason.Parse(value); break;
                case "Ack": _ack = Flag(value); break;
                case "DropAcks": _dropAcks = (int)Kinds.I32.Parse(value); break;
                case "Commands": _commands = value; break;
                case "HideTakeover": _hideTakeover = Flag(value); break;
                case "SwitchKind": _switchKind = (SwitchKind)(byte)Kinds.SwitchKind.Parse(value); break;
                case "Silent":
                    _silent = Flag(value);
                    _nextHeartbeat = World.Now;
                    break;
                default: throw Unknown(key);
            }
        }

        /// <inheritdoc/>
        public override void Command(string verb)
        {
            if (verb == "handover")
            {
                _mode = _switchKind == SwitchKind.Planned ? Mode.Standby : Mode.Failed;
                _epoch = Epochs.Next(_epoch);
                _phase = SequencePhase.RequestingSwitch;
                _health &= ~(HealthFlags.StorageRequested | HealthFlags.StorageGranted);
                SendHeartbeat();
                SendSwitchRequest();
            }
            else if (verb == "resend")
            {
                SendSwitchRequest();
            }
            else
            {
                base.Command(verb);
            }
        }

        /// <inheritdoc/>
        public override void Tick()
        {
            if (_silent || World.Now < _nextHeartbeat)
            {
                return;
            }

            SendHeartbeat();
        }

        private void SendSwitchRequest()
        {
            _out.SwitchRequest.Epoch = _epoch;
            _out.SwitchRequest.Kind = _switchKind;
            _out.SwitchRequest.From = World.PeerSide;
            World.Send("peer", _out.SwitchRequest);
        }

        private void SendHeartbeat()
        {
            _nextHeartbeat = World.Now + _heartbeatMs;
            Heartbeat heartbeat = _out.Heartbeat;
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

        /// <inheritdoc/>
        public override void Observe(TraceEvent e)
        {
            if (e.Channel != "peer" || _silent)
            {
                return;
            }

            switch (e.Name)
            {
                case "FitnessQuery":
                    Later(Reply.Fitness, e.Fields.Value("Epoch"));
                    break;
                case "SwitchRequest":
                    SwitchRequested((uint)e.Fields.Value("Epoch"));
                    break;
                case "SwitchAck":
                    // Its own handover was taken: done, as a real SMU settles.
                    if (_phase == SequencePhase.RequestingSwitch && (uint)e.Fields.Value("Epoch") == _epoch)
                    {
                        _phase = SequencePhase.Idle;
                    }

                    break;
                case "OperatorCommand":
                    if (_commands == "accept")
                    {
                        Later(Reply.Accept, e.Sequence);
                    }
                    else if (_commands == "refuse")
                    {
                        Later(Reply.Refuse, e.Sequence);
                    }

                    break;
            }
        }

        private void SwitchRequested(uint epoch)
        {
            if (Epochs.IsNewer(epoch, _epoch) && _fit)
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

            Later(Reply.Ack, epoch);
        }

        private void Later(int kind, long value)
        {
            World.Schedule(World.Now + _replyMs, new Reply(this, kind, value));
        }

        private void Send(int kind, long value)
        {
            switch (kind)
            {
                case Reply.Fitness:
                    _out.FitnessReply.Epoch = (uint)value;
                    _out.FitnessReply.Fit = _fit;
                    _out.FitnessReply.Reason = _fit ? UnfitReason.None : _reason;
                    World.Send("peer", _out.FitnessReply);
                    break;
                case Reply.Ack:
                    _acked = true;
                    _out.SwitchAck.Epoch = (uint)value;
                    World.Send("peer", _out.SwitchAck);
                    break;
                case Reply.Accept:
                    _out.Accepted.AcceptedType = MessageType.OperatorCommand;
                    _out.Accepted.AcceptedSequence = (ushort)value;
                    World.Send("peer", _out.Accepted);
                    break;
                case Reply.Refuse:
                    _out.Refusal.RefusedType = MessageType.OperatorCommand;
                    _out.Refusal.RefusedSequence = (ushort)value;
                    _out.Refusal.Reason = RefusalReason.WrongMode;
                    _out.Refusal.Detail = (byte)_mode;
                    World.Send("peer", _out.Refusal);
                    break;
            }
        }

        /// <summary>A reply the peer sends <c>ReplyMs</c> after what it answers.</summary>
        private sealed class Reply : WorldAction
        {
            public const int Fitness = 1;
            public const int Ack = 2;
            public const int Accept = 3;
            public const int Refuse = 4;

            private readonly PeerModel _peer;
            private readonly int _kind;
            private readonly long _value;

            public Reply(PeerModel peer, int kind, long value)
            {
                _peer = peer;
                _kind = kind;
                _value = value;
            }

            public override void Run()
            {
                _peer.Send(_kind, _value);
            }
        }
    }
}
