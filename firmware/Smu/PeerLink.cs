using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The peer link: a heartbeat out every period with mode, health, alarms, epoch and phase;
    /// the peer's last heartbeat in; the peer-silent alarm (logged, never a failover) and its
    /// clearing when the peer returns; and the dispatch of the peer's requests and answers.
    /// A flapping cable is logged in summary: a silence within <see cref="SmuConfig.PeerFlapWindowMs"/>
    /// of the last logged return, and every change after it until that window ends, is counted;
    /// the count (<see cref="EventCode.PeerFlapping"/>) and the state then are logged when the
    /// window ends. One outage (a silence, a return) is logged as it happens. The alarm follows
    /// every change at once. The peer's steps of handing over are logged as its heartbeats show them
    /// (<see cref="EventCode.PeerPhaseChanged"/>), so the side that takes over holds the whole switch.
    /// </summary>
    internal sealed class PeerLink
    {
        private readonly ServerManagementUnit _smu;
        private readonly FrameLink _link;
        private long _heardAtMs;
        private long _nextHeartbeatMs;
        private bool _silent;
        private bool _known;
        private bool _current;
        private long _outdatedAtMs = long.MinValue / 2;
        private bool _incompatible;
        // A silence before this (the flap window after a logged return) is counted, not logged.
        private long _quietUntilMs = long.MinValue;
        private bool _flapping;
        private uint _flapSilences;
        private bool _loggedSilent;
        // The peer's phase is known from a heartbeat since this SMU started (a change is logged only then).
        private bool _phaseHeard;

        /// <summary>Initializes a new instance of the <see cref="PeerLink"/> class.</summary>
        internal PeerLink(ServerManagementUnit smu)
        {
            _smu = smu;
            _link = smu.Peer;
        }

        /// <summary>Gets whether a heartbeat from the peer has been heard within the silence limit.</summary>
        internal bool Known
        {
            get { return _known; }
        }

        /// <summary>
        /// Gets whether the peer's last heartbeat was sent after this side's last change of mode or
        /// epoch, so the peer had heard of that change when it wrote it (a change is heard at once).
        /// A heartbeat read within a heartbeat period of the change may have been sent before it and
        /// only read after (it waited in the peer's transmit queue, some milliseconds): two sides
        /// changing at the same moment (both repaired at once) would each see the other's old mode.
        /// The period is far longer than any frame waits on the wire, so a heartbeat read later
        /// than that was sent after the change.
        /// </summary>
        internal bool Current
        {
            get { return _known && _current; }
        }

        /// <summary>Gets whether changes of the peer's state are being counted (a flap window is open).</summary>
        internal bool Flapping
        {
            get { return _flapping; }
        }

        /// <summary>Gets when the peer's last heartbeat (the one its mode, health and phase are from) was heard.</summary>
        internal long HeartbeatAtMs { get; private set; }

        /// <summary>Gets the peer's mode from its last heartbeat.</summary>
        internal Mode PeerMode { get; private set; }

        /// <summary>Gets the peer's health from its last heartbeat.</summary>
        internal HealthFlags PeerHealth { get; private set; }

        /// <summary>Gets the peer's alarms from its last heartbeat.</summary>
        internal AlarmFlags PeerAlarms { get; private set; }

        /// <summary>Gets the peer's switch epoch from its last heartbeat.</summary>
        internal uint PeerEpoch { get; private set; }

        /// <summary>Gets the peer's phase from its last heartbeat.</summary>
        internal SequencePhase PeerPhase { get; private set; }

        /// <summary>Gets when the next heartbeat goes out or the peer counts as silent, whichever comes first.</summary>
        internal long DueMs
        {
            get
            {
                long due = _nextHeartbeatMs;
                if (_known || !_silent)
                {
                    long silentAt = _heardAtMs + _smu.Config.PeerSilentMs;
                    if (silentAt < due)
                    {
                        due = silentAt;
                    }
                }

                if (_flapping && _quietUntilMs < due)
                {
                    due = _quietUntilMs;
                }

                return due;
            }
        }

        /// <summary>Opens the link: a delimiter to flush the peer's receiver, then a hello; the silence timer runs from now.</summary>
        internal void Start()
        {
            _heardAtMs = _smu.Now;
            _nextHeartbeatMs = _smu.Now;
            // Whatever arrives first may have been sent before this start (or replayed): only the
            // frame that follows it in the peer's numbering, or its hello, is taken.
            _link.Resync();
            _link.SendDelimiter();
            Hello hello = _link.Outgoing.Hello;
            _smu.Introduce(hello);
            _link.Send(hello);
        }

        /// <summary>This side changed its mode or epoch: what the peer said before may no longer hold.</summary>
        internal void Outdate()
        {
            _current = false;
            _outdatedAtMs = _smu.Now;
        }

        /// <summary>
        /// This side's mode, phase or epoch changed: the peer hears it at the end of this step rather
        /// than a heartbeat period later (a standby takes a switch request only when the sender's
        /// heartbeat says it is asking for it; the peer's agreement and agent act on it too).
        /// </summary>
        internal void Changed()
        {
            _nextHeartbeatMs = _smu.Now;
        }

        /// <summary>Acts on the message the link delivered last.</summary>
        internal void Handle()
        {
            Message message = _link.Message;
            if (message.Type == MessageType.Hello)
            {
                Hello hello = (Hello)message;
                _incompatible = hello.ProtocolVersion != Frame.ProtocolVersion;
                if (_incompatible)
                {
                    _link.Refuse(RefusalReason.VersionMismatch, Frame.ProtocolVersion);
                }

                // Not a sign of life: a hello is taken out of order (it restarts the sender's
                // numbering), so an old one replayed would pass; the heartbeat sent right after it is.
                return;
            }

            if (_incompatible)
            {
                return;
            }

            MessageType type = message.Type;
            if (type == MessageType.Heartbeat)
            {
                Heartbeat((Heartbeat)message);
                return;
            }

            if (type == MessageType.Kick || type == MessageType.StatusRequest || type == MessageType.LogReadRequest
                || type == MessageType.CheckpointReached || type == MessageType.ControllerHealth || type == MessageType.FaultReport)
            {
                _link.Refuse(RefusalReason.NotHandled, 0);
                return;
            }

            Heard();
            if (type == MessageType.FitnessQuery)
            {
                AnswerFitness((FitnessQuery)message);
            }
            else if (type == MessageType.FitnessReply)
            {
                _smu.Failover.FitnessReplied((FitnessReply)message);
            }
            else if (type == MessageType.SwitchRequest)
            {
                _smu.Takeover.SwitchRequested((SwitchRequest)message);
            }
            else if (type == MessageType.SwitchAck)
            {
                _smu.Failover.SwitchTaken(((SwitchAck)message).Epoch);
            }
            else if (type == MessageType.OperatorCommand)
            {
                _smu.Commands.FromPeer((OperatorCommand)message);
            }
            else if (type == MessageType.Accepted)
            {
                _smu.Commands.PeerAccepted((Accepted)message);
            }
            else if (type == MessageType.Refusal)
            {
                Refused((Refusal)message);
            }
            else if (type == MessageType.TimeSet)
            {
                // The agent's time reaches the SMU whose server is off this way; no answer. The
                // same rule as a set from the host: a far step back only when the operator meant it.
                TimeSet time = (TimeSet)message;
                RefusalReason refusal = _smu.Journal.SetWallClock(time.UnixMilliseconds, time.StepBack);
                if (refusal != RefusalReason.None)
                {
                    _smu.Journal.Write(EventCode.RequestRefused, _smu.PeerSide, ((uint)MessageType.TimeSet << 8) | (uint)refusal);
                }
            }
        }

        /// <summary>Raises the peer-silent alarm when nothing was heard for the silence limit; ends a flap window.</summary>
        internal void Step()
        {
            if (_flapping && _smu.Now >= _quietUntilMs)
            {
                EndFlapWindow();
            }

            if (_smu.Now - _heardAtMs < _smu.Config.PeerSilentMs)
            {
                return;
            }

            _known = false;
            if (!_silent)
            {
                _silent = true;
                // A frame after a silence may be one sent before it (never delivered, or replayed):
                // it does not end the silence; the one that follows it does.
                _link.Resync();
                PeerChanged();
            }
        }

        /// <summary>
        /// This SMU stood still (a hang, a stall): what waits on the line, or arrives first, may be
        /// from before: only a frame that follows another in the peer's numbering is taken.
        /// </summary>
        internal void Stalled()
        {
            _link.Resync();
        }

        /// <summary>Sends the heartbeat when its period has come round or this side changed.</summary>
        internal void SendHeartbeatWhenDue()
        {
            if (_smu.Now >= _nextHeartbeatMs)
            {
                SendHeartbeat();
            }
        }

        /// <summary>Sends a heartbeat now, before anything else this step sends; the period restarts.</summary>
        internal void SendHeartbeat()
        {
            _nextHeartbeatMs = _smu.Now + _smu.Config.HeartbeatPeriodMs;
            Heartbeat heartbeat = _link.Outgoing.Heartbeat;
            heartbeat.Side = _smu.Side;
            heartbeat.Mode = _smu.State.Mode;
            heartbeat.Health = _smu.Health;
            heartbeat.Alarms = _smu.AlarmSet.Flags;
            heartbeat.Epoch = _smu.State.Epoch;
            heartbeat.Phase = _smu.State.Phase;
            _link.Send(heartbeat);
        }

        private void Heartbeat(Heartbeat heartbeat)
        {
            if (heartbeat.Side != _smu.PeerSide)
            {
                // A looped-back cable or a mis-strapped peer: not a peer at all.
                return;
            }

            Heard();
            // The peer's maintenance hold goes into this side's log too, so both SMUs' logs show it.
            HealthFlags hold = heartbeat.Health & HealthFlags.MaintenanceHold;
            if (hold != (PeerHealth & HealthFlags.MaintenanceHold))
            {
                _smu.Journal.Write(hold != 0 ? EventCode.MaintenanceStarted : EventCode.MaintenanceEnded, _smu.PeerSide, 0);
            }

            if (_phaseHeard && heartbeat.Phase != PeerPhase && (IsHandOverPhase(heartbeat.Phase) || IsHandOverPhase(PeerPhase)))
            {
                _smu.Journal.Write(EventCode.PeerPhaseChanged, _smu.PeerSide, (uint)heartbeat.Phase | ((uint)PeerPhase << 8));
            }

            _phaseHeard = true;
            _known = true;
            HeartbeatAtMs = _smu.Now;
            _current = _current || _smu.Now - _outdatedAtMs >= _smu.Config.HeartbeatPeriodMs;
            PeerMode = heartbeat.Mode;
            PeerHealth = heartbeat.Health;
            PeerAlarms = heartbeat.Alarms;
            PeerEpoch = heartbeat.Epoch;
            PeerPhase = heartbeat.Phase;
            AdoptEpoch();
            if (heartbeat.Mode == Mode.Active)
            {
                _smu.Failover.SwitchTaken(heartbeat.Epoch);
            }
        }

        /// <summary>
        /// A settled side that is not Active follows the epoch of an Active peer, whatever it held
        /// (a board restored from elsewhere may hold a higher one), and the newer epoch of a settled
        /// peer, so operators see one epoch and the next switch request is newer here. An epoch the
        /// peer is still asking a switch for, or a claim's own epoch, is not adopted.
        /// </summary>
        private void AdoptEpoch()
        {
            if (_smu.State.Mode == Mode.Active || !_smu.Settled || PeerEpoch == _smu.State.Epoch)
            {
                return;
            }

            bool peerSettled = PeerPhase == SequencePhase.Idle || PeerPhase == SequencePhase.Abandoned;
            if (PeerMode == Mode.Active || (peerSettled && Epochs.IsNewer(PeerEpoch, _smu.State.Epoch)))
            {
                _smu.State.Epoch = PeerEpoch;
                _smu.State.Save();
            }
        }

        /// <summary>Whether a phase is a step of handing over (or its end without a switch): the steps the peer's log alone would hold.</summary>
        private static bool IsHandOverPhase(SequencePhase phase)
        {
            return phase == SequencePhase.ShuttingDown || phase == SequencePhase.ReleasingStorage || phase == SequencePhase.CheckingStandby
                || phase == SequencePhase.RequestingSwitch || phase == SequencePhase.Abandoned;
        }

        private void AnswerFitness(FitnessQuery query)
        {
            UnfitReason unfit = Fitness.Check(_smu);
            FitnessReply reply = _link.Outgoing.FitnessReply;
            reply.Epoch = query.Epoch;
            reply.Fit = unfit == UnfitReason.None;
            reply.Reason = unfit;
            _link.Send(reply);
        }

        private void Refused(Refusal refusal)
        {
            if (refusal.RefusedType == MessageType.SwitchRequest)
            {
                _smu.Failover.SwitchRefused();
            }
            else
            {
                _smu.Commands.PeerRefused(refusal);
            }
        }

        private void Heard()
        {
            _heardAtMs = _smu.Now;
            if (_silent)
            {
                _silent = false;
                PeerChanged();
            }
        }

        /// <summary>The peer went silent or came back: logged, or counted within the flap window.</summary>
        private void PeerChanged()
        {
            if (_flapping || (_silent && _smu.Now < _quietUntilMs))
            {
                _flapping = true;
                if (_silent)
                {
                    _flapSilences++;
                    _smu.AlarmSet.Raise(AlarmFlags.PeerSilent, false);
                }
                else
                {
                    _smu.AlarmSet.Clear(AlarmFlags.PeerSilent, false);
                }

                return;
            }

            LogState();
            if (_silent)
            {
                _smu.AlarmSet.Raise(AlarmFlags.PeerSilent);
            }
            else
            {
                _smu.AlarmSet.Clear(AlarmFlags.PeerSilent);
            }
        }

        /// <summary>The window with counted changes is over: the count, then the state if it differs from the one logged.</summary>
        private void EndFlapWindow()
        {
            _smu.Journal.Write(EventCode.PeerFlapping, _smu.PeerSide, _flapSilences);
            _flapping = false;
            _flapSilences = 0;
            _quietUntilMs = _smu.Now + _smu.Config.PeerFlapWindowMs;
            if (_silent != _loggedSilent)
            {
                // The alarm already follows the state; its record goes with the state's.
                LogState();
                _smu.Journal.Write(_silent ? EventCode.AlarmRaised : EventCode.AlarmCleared, _smu.Side, (uint)AlarmFlags.PeerSilent, false);
            }
        }

        private void LogState()
        {
            _smu.Journal.Write(_silent ? EventCode.PeerSilent : EventCode.PeerReturned, _smu.PeerSide, 0);
            _loggedSilent = _silent;
            if (!_silent)
            {
                _quietUntilMs = _smu.Now + _smu.Config.PeerFlapWindowMs;
            }
        }
    }
}
