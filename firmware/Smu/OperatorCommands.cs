using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// Operator commands: a planned switchover (run by the Active side), marking a Failed side
    /// repaired, and resetting alarms. A command for the other side is relayed over the peer link
    /// and its answer relayed back to the agent; one relay at a time. Every command carries the
    /// epoch the operator saw and is refused as stale when it is older than the executing side's.
    /// </summary>
    internal sealed class OperatorCommands
    {
        private readonly ServerManagementUnit _smu;
        private bool _relaying;
        private ushort _hostSequence;
        private ushort _peerSequence;
        private long _relayDeadlineMs;
        private byte _detail;

        /// <summary>Initializes a new instance of the <see cref="OperatorCommands"/> class.</summary>
        internal OperatorCommands(ServerManagementUnit smu)
        {
            _smu = smu;
        }

        /// <summary>Gets when a relayed command is given up; <see cref="long.MaxValue"/> when none is relayed.</summary>
        internal long DueMs
        {
            get { return _relaying ? _relayDeadlineMs : long.MaxValue; }
        }

        /// <summary>A command from the agent on the host link.</summary>
        internal void FromHost(OperatorCommand command)
        {
            FrameLink host = _smu.Host;
            if (command.Command != OperatorCommandKind.PlannedSwitchover && command.Target == _smu.PeerSide)
            {
                Relay(command);
                return;
            }

            Answer(host, Execute(command));
        }

        /// <summary>A command relayed by the peer SMU; only one concerning this side is carried out.</summary>
        internal void FromPeer(OperatorCommand command)
        {
            FrameLink peer = _smu.Peer;
            if (command.Command == OperatorCommandKind.PlannedSwitchover)
            {
                peer.Refuse(RefusalReason.NotHandled, 0);
                return;
            }

            if (command.Target != _smu.Side)
            {
                peer.Refuse(RefusalReason.WrongSide, (byte)_smu.Side);
                return;
            }

            Answer(peer, Execute(command));
        }

        /// <summary>
        /// The REPAIR button, the operator's hand on this box: marks a Failed side repaired; on an
        /// Active side it retries a takeover given up or powers the server on after a site outage;
        /// on a side claiming its Active mode back while the peer is silent it asks the DM for the
        /// storage and becomes Active only once granted (a silent peer may be an SMU rebooting beside
        /// its running server, whose access the DM then keeps). Pressed in the middle of a sequence it
        /// does nothing.
        /// </summary>
        internal void RepairButton()
        {
            if (_smu.Failover.Running)
            {
                return;
            }

            Mode mode = _smu.State.Mode;
            SequencePhase phase = _smu.State.Phase;
            if (mode == Mode.Active && (phase == SequencePhase.Abandoned || phase == SequencePhase.AwaitingMains))
            {
                _smu.Journal.Write(EventCode.OperatorCommand, _smu.Side, (uint)OperatorCommandKind.MarkRepaired);
                _smu.Takeover.Begin();
                return;
            }

            if (mode == Mode.Standby && phase == SequencePhase.Claiming && !_smu.PeerLink.Known)
            {
                _smu.Journal.Write(EventCode.OperatorCommand, _smu.Side, (uint)OperatorCommandKind.MarkRepaired);
                _smu.ClaimStorage();
                return;
            }

            if (mode == Mode.Failed && _smu.Settled)
            {
                MarkRepaired();
            }
        }

        /// <summary>The peer accepted something; the relayed command's answer goes back to the agent.</summary>
        internal void PeerAccepted(Accepted accepted)
        {
            if (!IsRelayAnswer(accepted.AcceptedType, accepted.AcceptedSequence))
            {
                return;
            }

            _relaying = false;
            Accepted reply = _smu.Host.Outgoing.Accepted;
            reply.AcceptedType = MessageType.OperatorCommand;
            reply.AcceptedSequence = _hostSequence;
            _smu.Host.Send(reply);
        }

        /// <summary>The peer refused something; the relayed command's refusal goes back to the agent.</summary>
        internal void PeerRefused(Refusal refusal)
        {
            if (!IsRelayAnswer(refusal.RefusedType, refusal.RefusedSequence))
            {
                return;
            }

            _relaying = false;
            RefuseRelayed(refusal.Reason, refusal.Detail);
        }

        /// <summary>Gives up a relay the peer did not answer in time.</summary>
        internal void Step()
        {
            if (_relaying && _smu.Now >= _relayDeadlineMs)
            {
                _relaying = false;
                RefuseRelayed(RefusalReason.PeerUnavailable, 0);
            }
        }

        private void Relay(OperatorCommand command)
        {
            FrameLink host = _smu.Host;
            if (_relaying)
            {
                host.Refuse(RefusalReason.Busy, 0);
                return;
            }

            if (!_smu.PeerLink.Known)
            {
                host.Refuse(RefusalReason.PeerUnavailable, 0);
                return;
            }

            OperatorCommand relayed = _smu.Peer.Outgoing.OperatorCommand;
            relayed.Command = command.Command;
            relayed.Target = command.Target;
            relayed.Epoch = command.Epoch;
            _smu.Peer.Send(relayed);
            _relaying = true;
            _hostSequence = host.Sequence;
            _peerSequence = _smu.Peer.LastSentSequence;
            _relayDeadlineMs = _smu.Now + _smu.Config.RelayTimeoutMs;
        }

        private bool IsRelayAnswer(MessageType type, ushort sequence)
        {
            return _relaying && type == MessageType.OperatorCommand && sequence == _peerSequence;
        }

        private void RefuseRelayed(RefusalReason reason, byte detail)
        {
            Refusal reply = _smu.Host.Outgoing.Refusal;
            reply.RefusedType = MessageType.OperatorCommand;
            reply.RefusedSequence = _hostSequence;
            reply.Reason = reason;
            reply.Detail = detail;
            _smu.Host.Send(reply);
        }

        private void Answer(FrameLink link, RefusalReason reason)
        {
            if (reason == RefusalReason.None)
            {
                link.Accept();
            }
            else
            {
                link.Refuse(reason, _detail);
            }
        }

        /// <summary>Carries out a command this side executes; returns the refusal reason or None.</summary>
        private RefusalReason Execute(OperatorCommand command)
        {
            _detail = 0;
            if (command.Epoch != _smu.State.Epoch)
            {
                _detail = (byte)_smu.State.Epoch;
                return Epochs.IsNewer(_smu.State.Epoch, command.Epoch) ? RefusalReason.StaleEpoch : RefusalReason.OutOfRange;
            }

            if (command.Command == OperatorCommandKind.PlannedSwitchover)
            {
                return PlannedSwitchover(command.Target);
            }

            if (command.Command == OperatorCommandKind.AlarmReset)
            {
                return AlarmReset();
            }

            if (_smu.State.Mode != Mode.Failed)
            {
                _detail = (byte)_smu.State.Mode;
                return RefusalReason.WrongMode;
            }

            if (_smu.Failover.Running || !_smu.Settled)
            {
                // Mid-switch the sequence would undo it a moment later: refused, with the phase.
                _detail = (byte)_smu.State.Phase;
                return RefusalReason.Busy;
            }

            MarkRepaired();
            return RefusalReason.None;
        }

        private RefusalReason PlannedSwitchover(Side target)
        {
            if (target == _smu.Side || _smu.State.Mode != Mode.Active)
            {
                _detail = (byte)_smu.State.Mode;
                return RefusalReason.WrongMode;
            }

            if (_smu.Failover.Running || _smu.State.Phase != SequencePhase.Idle)
            {
                _detail = (byte)_smu.State.Phase;
                return RefusalReason.Busy;
            }

            PeerLink peer = _smu.PeerLink;
            bool peerFit = peer.Known && peer.PeerMode == Mode.Standby
                && (peer.PeerPhase == SequencePhase.Idle || peer.PeerPhase == SequencePhase.Abandoned)
                && (peer.PeerHealth & (HealthFlags.ServerPowered | HealthFlags.PowerGood | HealthFlags.StorageGranted)) == 0;
            if (!peerFit)
            {
                _detail = (byte)(peer.Known ? peer.PeerMode : Mode.Unknown);
                return RefusalReason.PeerUnavailable;
            }

            _smu.Journal.Write(EventCode.OperatorCommand, _smu.Side, (uint)OperatorCommandKind.PlannedSwitchover);
            _smu.Failover.Start(FaultKind.PlannedSwitchover, 0);
            return RefusalReason.None;
        }

        private void MarkRepaired()
        {
            _smu.Journal.Write(EventCode.OperatorCommand, _smu.Side, (uint)OperatorCommandKind.MarkRepaired);
            _smu.AlarmSet.Clear(AlarmFlags.ServerFault);
            _smu.AlarmSet.Clear(AlarmFlags.ForcedPowerOff);
            _smu.State.Fault = FaultKind.None;
            _smu.State.FaultDetail = 0;
            _smu.ChangeMode(Mode.Standby, _smu.State.Epoch, SequencePhase.Idle);
        }

        /// <summary>Clears the latched alarms whose cause has gone; the server fault stays while this side is Failed.</summary>
        private RefusalReason AlarmReset()
        {
            if (_smu.Failover.Running || _smu.Takeover.Waiting)
            {
                _detail = (byte)_smu.State.Phase;
                return RefusalReason.Busy;
            }

            _smu.Journal.Write(EventCode.OperatorCommand, _smu.Side, (uint)OperatorCommandKind.AlarmReset);
            _smu.AlarmSet.Clear(AlarmFlags.WholeSystemFailure);
            _smu.AlarmSet.Clear(AlarmFlags.ServiceFailure);
            _smu.AlarmSet.Clear(AlarmFlags.StorageTimeout);
            _smu.AlarmSet.Clear(AlarmFlags.ForcedPowerOff);
            if (!_smu.StorageStillLost)
            {
                _smu.AlarmSet.Clear(AlarmFlags.StorageLost);
            }
            if (_smu.State.Mode != Mode.Failed)
            {
                _smu.AlarmSet.Clear(AlarmFlags.ServerFault);
            }

            return RefusalReason.None;
        }
    }
}
