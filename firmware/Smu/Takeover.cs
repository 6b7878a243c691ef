using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The taking-over side's steps (DESIGN.md §1): on an accepted switch request (1) mark itself
    /// Active with the request's epoch, (2) request the storage and wait for the DM's grant, (3) power
    /// the server on, after which the boot checkpoints run. The server is pressed on only while the
    /// grant is held, for the whole press: a grant that drops during the press cuts it short and the
    /// wait starts again (safety property 3); and only on a grant proven to follow the request
    /// (<see cref="GrantLine.BeginProof"/>), since a grant wire stuck high while this side waits looks
    /// exactly like the DM's grant. If the grant does not come in time the storage-timeout
    /// alarm is raised and the server stays off, but the request stays: a DM that was slow to boot or
    /// stuck grants late, and the server then powers on and the alarm clears. Also used when an
    /// Active side resumes its own service (start-up, a planned switchover given up, mains back).
    /// </summary>
    internal sealed class Takeover
    {
        private readonly ServerManagementUnit _smu;
        private bool _waiting;
        private bool _late;
        private bool _pressing;
        private long _deadlineMs;
        private bool _probing;
        private long _probeMs;

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

        /// <summary>Gets whether the grant is being waited for past its deadline (the storage-timeout alarm is this wait's).</summary>
        internal bool Late
        {
            get { return _waiting && _late; }
        }

        /// <summary>Gets when the grant wait times out or the grant line is next tried; <see cref="long.MaxValue"/> when not waiting.</summary>
        internal long DueMs
        {
            get { return !_waiting ? long.MaxValue : !_late ? _deadlineMs : _smu.GrantLineOn ? _probeMs : long.MaxValue; }
        }

        /// <summary>Step 2: request the storage (the output follows the phase) and wait for the grant.</summary>
        internal void Begin()
        {
            _smu.ChangePhase(SequencePhase.AwaitingGrant);
            _waiting = true;
            _late = false;
            _pressing = false;
            _deadlineMs = _smu.Now + _smu.Config.StorageGrantTimeoutMs;
            _probeMs = _deadlineMs;
            _probing = false;
        }

        /// <summary>Stops waiting (this side steps down to Standby).</summary>
        internal void Cancel()
        {
            _waiting = false;
            _probing = false;
            if (_pressing)
            {
                _pressing = false;
                _smu.Power.Release();
            }
        }

        /// <summary>
        /// A switch request from the peer. Taken when its epoch is newer than this side's, this side
        /// is fit, and the peer's own latest heartbeat says it is asking for exactly this switch —
        /// stepped down, in <see cref="SequencePhase.RequestingSwitch"/> with this epoch, its storage
        /// released — so a stale or replayed request, or one the sender no longer stands behind,
        /// changes nothing. A repeat of the request already taken is acknowledged again (the ack may
        /// have been lost), also by a side that rebooted meanwhile and is claiming that very epoch.
        /// A newer request while unfit is refused, which stops the sender's retries.
        /// </summary>
        internal void SwitchRequested(SwitchRequest request)
        {
            if (request.From != _smu.PeerSide)
            {
                _smu.Journal.Write(EventCode.StaleSwitchIgnored, request.From, request.Epoch);
                return;
            }

            uint epoch = _smu.State.Epoch;
            Mode mode = _smu.State.Mode;
            if (request.Epoch == epoch && mode == Mode.Active)
            {
                Acknowledge(epoch);
                return;
            }

            bool claimingIt = request.Epoch == epoch && mode == Mode.Standby && _smu.State.Phase == SequencePhase.Claiming;
            bool newer = Epochs.IsNewer(request.Epoch, epoch) || _smu.Config.GuardOff == GuardOff.SwitchRequestEpoch;
            if ((!newer && !claimingIt) || !PeerAsksFor(request.Epoch))
            {
                _smu.Journal.Write(EventCode.StaleSwitchIgnored, _smu.PeerSide, request.Epoch);
                return;
            }

            UnfitReason unfit = claimingIt ? Fitness.CheckServer(_smu) : Fitness.Check(_smu);
            if (unfit != UnfitReason.None)
            {
                _smu.Peer.Refuse(RefusalReason.WrongMode, (byte)unfit);
                return;
            }

            _smu.Journal.Write(EventCode.SwitchAccepted, _smu.PeerSide, request.Epoch);
            _smu.ChangeMode(Mode.Active, request.Epoch, SequencePhase.AwaitingGrant);
            Acknowledge(request.Epoch);
            Begin();
        }

        /// <summary>Step 3 once the grant is there; the timeout otherwise; the grant watched through the press.</summary>
        internal void Step()
        {
            if (_pressing)
            {
                StepPress();
                return;
            }

            if (!_waiting)
            {
                return;
            }

            if (_probing && !_smu.GrantLine.Proving)
            {
                // A proof ended: a line that fell is the DM's, and its next rise is pressed on (unless
                // it comes too soon: GrantTooSoon, tried again past the deadline); a line still on is not
                // believed now, and is tried again in ten grant timeouts.
                _probing = false;
                if (_smu.GrantLineOn)
                {
                    _probeMs = _smu.Now + (10 * _smu.Config.StorageGrantTimeoutMs);
                }
            }

            if (_smu.Granted && !_smu.GrantLine.Proving)
            {
                if (_smu.GrantLine.ProveBeforeActing(_smu.Now))
                {
                    _probing = true;
                    return;
                }

                _waiting = false;
                _smu.Journal.Write(EventCode.StorageGranted, _smu.Side, 0);
                if (_late)
                {
                    _smu.AlarmSet.Clear(AlarmFlags.StorageTimeout);
                }

                if (!_smu.PowerGood)
                {
                    _smu.GrantLine.ProofUsed();
                    _smu.Power.Press(_smu.Now, _smu.Config.PowerButtonPressMs, false);
                    _pressing = true;
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

            if (!_late && _smu.Now >= _deadlineMs)
            {
                // Not a whole-system failure: a DM that boots late grants late, and the alarm clears.
                _late = true;
                _smu.Journal.Write(EventCode.GrantTimeout, _smu.Side, _smu.PowerGood ? 1u : 0u);
                _smu.AlarmSet.Raise(AlarmFlags.StorageTimeout);
            }

            TryGrantLine();
        }

        /// <summary>
        /// Past the deadline with the grant line on but not believed: it is either a stuck wire or the
        /// DM's real grant that came while the wire was stuck. Prove it (the request goes until the line
        /// falls, at most the release confirmation time, then comes back); tried again every ten grant
        /// timeouts while the line stays on (a stuck wire: the alarm is up, the DM's log is not flooded).
        /// </summary>
        private void TryGrantLine()
        {
            if (!_probing && _late && _smu.GrantLineOn && !_smu.Granted && !_smu.GrantLine.Proving && _smu.Now >= _probeMs)
            {
                // The next try ten grant timeouts on whatever this one finds: a line that keeps
                // rising too soon (a DM settle shorter than ProofRegrantMinMs) must not flood the logs.
                _probing = true;
                _probeMs = _smu.Now + (10 * _smu.Config.StorageGrantTimeoutMs);
                _smu.GrantLine.BeginProof(_smu.Now);
            }
        }

        private void StepPress()
        {
            if (!_smu.Power.Pressed)
            {
                _pressing = false;
                return;
            }

            if (!_smu.Granted && _smu.Config.GuardOff != GuardOff.PressGrantRecheck
                && (_smu.Config.GuardOff != GuardOff.PressLastMillisecond || _smu.Now + 1 < _smu.Power.DueMs))
            {
                // The grant went during the press (a fence, the DM's power): let go at once and wait again.
                _pressing = false;
                _smu.Power.Release();
                _smu.Journal.Write(EventCode.PowerOnAborted, _smu.Side, 0);
                _smu.Watch.Stop();
                Begin();
            }
        }

        private bool PeerAsksFor(uint epoch)
        {
            PeerLink peer = _smu.PeerLink;
            return peer.Known && peer.PeerMode != Mode.Active && peer.PeerPhase == SequencePhase.RequestingSwitch
                && peer.PeerEpoch == epoch
                && (peer.PeerHealth & (HealthFlags.StorageRequested | HealthFlags.StorageGranted)) == 0;
        }

        private void Acknowledge(uint epoch)
        {
            SwitchAck ack = _smu.Peer.Outgoing.SwitchAck;
            ack.Epoch = epoch;
            _smu.Peer.Send(ack);
        }
    }
}
