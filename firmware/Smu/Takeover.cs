using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The taking-over side's steps (DESIGN.md §1): on an accepted switch request (1) mark itself
    /// Active with the new epoch, (2) request the storage and wait for the DM's grant, (3) power
    /// the server on, after which the boot checkpoints run. The server is never pressed on without
    /// the grant (safety property 3); if the grant does not come in time the alarm is raised and
    /// the server stays off, but the request stays: a DM that was resetting or settling grants late,
    /// and the server then powers on without anyone at the REPAIR button. Also used when an Active
    /// side resumes its own service (start-up, a planned switchover given up).
    /// </summary>
    internal sealed class Takeover
    {
        private readonly ServerManagementUnit _smu;
        private bool _waiting;
        private bool _late;
        private long _deadlineMs;
        private long _limitMs;

        /// <summary>Initializes a new instance of the <see cref="Takeover"/> class.</summary>
        internal Takeover(ServerManagementUnit smu)
        {
            _smu = smu;
        }

        /// <summary>Gets whether the grant is being waited for.</summary>
        internal bool Waiting
        {
            get { return _waiting; }
        }

        /// <summary>Gets when the grant wait times out; <see cref="long.MaxValue"/> when not waiting.</summary>
        internal long DueMs
        {
            get { return _waiting && !_late ? _deadlineMs : long.MaxValue; }
        }

        /// <summary>Step 2: request the storage (the output follows the phase) and wait for the grant.</summary>
        internal void Begin()
        {
            _smu.ChangePhase(SequencePhase.AwaitingGrant);
            _waiting = true;
            _late = false;
            _deadlineMs = _smu.Now + _smu.Config.StorageGrantTimeoutMs;
            _limitMs = _deadlineMs + _smu.Config.StorageReleaseConfirmMs;
        }

        /// <summary>Stops waiting (this side steps down to Standby).</summary>
        internal void Cancel()
        {
            _waiting = false;
        }

        /// <summary>
        /// A switch request from the peer: taken when its epoch is newer and this side is fit,
        /// acknowledged again when it repeats the one taken, refused when this side is not fit,
        /// ignored and logged when stale or replayed.
        /// </summary>
        internal void SwitchRequested(SwitchRequest request)
        {
            if (request.From != _smu.PeerSide)
            {
                _smu.Journal.Write(EventCode.StaleSwitchIgnored, request.From, request.Epoch);
                return;
            }

            uint epoch = _smu.State.Epoch;
            if (request.Epoch > epoch)
            {
                UnfitReason unfit = Fitness.Check(_smu);
                if (unfit != UnfitReason.None)
                {
                    _smu.Peer.Refuse(RefusalReason.WrongMode, (byte)unfit);
                    return;
                }

                _smu.Journal.Write(EventCode.SwitchAccepted, _smu.PeerSide, request.Epoch);
                _smu.ChangeMode(Mode.Active, request.Epoch, SequencePhase.AwaitingGrant);
                Acknowledge(request.Epoch);
                Begin();
                return;
            }

            if (request.Epoch == epoch && _smu.State.Mode == Mode.Active)
            {
                Acknowledge(epoch);
                return;
            }

            _smu.Journal.Write(EventCode.StaleSwitchIgnored, _smu.PeerSide, request.Epoch);
        }

        /// <summary>Step 3 once the grant is there; the timeout otherwise.</summary>
        internal void Step()
        {
            if (!_waiting)
            {
                return;
            }

            if (_smu.Granted)
            {
                _waiting = false;
                _smu.Journal.Write(EventCode.StorageGranted, _smu.Side, 0);
                if (_late)
                {
                    // The whole-system alarm stays latched for the operator to see and reset.
                    _smu.AlarmSet.Clear(AlarmFlags.StorageTimeout);
                }

                if (!_smu.PowerGood)
                {
                    _smu.Power.Press(_smu.Now, _smu.Config.PowerButtonPressMs, false);
                    _smu.Journal.Write(EventCode.PowerOn, _smu.Side, 0);
                    _smu.Watch.PoweredOn();
                }
                else
                {
                    // Already on (a press now would start a shutdown): watch it as it is.
                    _smu.ChangePhase(SequencePhase.Booting);
                    _smu.Watch.Resume();
                }

                return;
            }

            if (_late)
            {
                return;
            }

            if (PeerStillHolds() && _smu.Now + _smu.Config.StorageGrantTimeoutMs > _deadlineMs)
            {
                // The peer is giving the storage up (it lost the startup agreement) and the DM keeps
                // its grant for the release hold-off: the wait for ours starts once that is over.
                long deadline = _smu.Now + _smu.Config.StorageGrantTimeoutMs;
                _deadlineMs = deadline < _limitMs ? deadline : _limitMs;
            }

            if (_smu.Now >= _deadlineMs)
            {
                _late = true;
                _smu.Journal.Write(EventCode.GrantTimeout, _smu.Side, 0);
                _smu.AlarmSet.Raise(AlarmFlags.StorageTimeout);
                _smu.AlarmSet.Raise(AlarmFlags.WholeSystemFailure);
            }
        }

        private bool PeerStillHolds()
        {
            return _smu.PeerLink.Known && (_smu.PeerLink.PeerHealth & HealthFlags.StorageGranted) != 0;
        }

        private void Acknowledge(uint epoch)
        {
            SwitchAck ack = _smu.Peer.Outgoing.SwitchAck;
            ack.Epoch = epoch;
            _smu.Peer.Send(ack);
        }
    }
}
