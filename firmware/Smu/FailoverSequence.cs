using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The Active side's failover sequence (DESIGN.md §1), also run for a planned switchover:
    /// (1) alarm, (2) graceful shutdown then forced power-off, (3) release the storage and wait for
    /// the DM, (4) check that the standby is fit, (5) switch request until acknowledged, (6) mark
    /// itself Failed (Standby after a planned switchover) — done as the switch request is first sent,
    /// so that both sides are never Active at once. Every wait has a deadline; the phase is
    /// persisted at each step so an SMU reboot restarts the step it was in.
    /// </summary>
    internal sealed class FailoverSequence
    {
        private const int Idle = 0;
        private const int Graceful = 1;
        private const int Forcing = 2;
        private const int ConfirmingOff = 3;
        private const int Releasing = 4;
        private const int Checking = 5;
        private const int Requesting = 6;

        private readonly ServerManagementUnit _smu;
        private readonly SmuConfig _config;
        private int _step;
        private long _deadlineMs;
        private int _tries;
        private bool _shutdownRequested;

        /// <summary>Initializes a new instance of the <see cref="FailoverSequence"/> class.</summary>
        internal FailoverSequence(ServerManagementUnit smu)
        {
            _smu = smu;
            _config = smu.Config;
        }

        /// <summary>Gets whether a sequence is under way.</summary>
        internal bool Running
        {
            get { return _step != Idle; }
        }

        /// <summary>
        /// Gets when the step under way runs out of time; <see cref="long.MaxValue"/> when idle or
        /// when it waits for the power button (whose release <see cref="PowerControl"/> times).
        /// </summary>
        internal long DueMs
        {
            get { return _step == Idle || _step == Forcing ? long.MaxValue : _deadlineMs; }
        }

        private bool Planned
        {
            get { return _smu.State.Fault == FaultKind.PlannedSwitchover; }
        }

        /// <summary>Starts the sequence for a server fault, or for a planned switchover.</summary>
        internal void Start(FaultKind kind, ushort detail)
        {
            if (Running)
            {
                return;
            }

            _smu.State.Fault = kind;
            _smu.State.FaultDetail = detail;
            if (kind != FaultKind.PlannedSwitchover)
            {
                _smu.Journal.Write(EventCode.ServerFault, _smu.Side, (uint)kind | ((uint)detail << 16));
                _smu.AlarmSet.Raise(AlarmFlags.ServerFault);
            }

            _smu.Watch.Stop();
            BeginShutdown(false);
        }

        /// <summary>Restarts the persisted step after an SMU reboot.</summary>
        internal void Resume()
        {
            SequencePhase phase = _smu.State.Phase;
            if (phase == SequencePhase.ShuttingDown)
            {
                BeginShutdown(true);
            }
            else if (phase == SequencePhase.ReleasingStorage)
            {
                BeginReleasing();
            }
            else if (phase == SequencePhase.CheckingStandby)
            {
                BeginChecking();
            }
            else
            {
                BeginRequesting();
            }
        }

        /// <summary>The agent opened its session: ask it for the shutdown if that is still due.</summary>
        internal void SessionOpened()
        {
            if (_step == Graceful && !_shutdownRequested)
            {
                RequestShutdown();
            }
        }

        /// <summary>The standby answered a fitness query.</summary>
        internal void FitnessReplied(FitnessReply reply)
        {
            if (_step != Checking || reply.Epoch != _smu.State.Epoch)
            {
                return;
            }

            if (reply.Fit)
            {
                _smu.Journal.Write(EventCode.FitnessChecked, _smu.PeerSide, 1);
                BeginRequesting();
            }
            else
            {
                _smu.Journal.Write(EventCode.FitnessChecked, _smu.PeerSide, (uint)reply.Reason << 8);
                Abandon(RefusalReason.PeerUnavailable, true);
            }
        }

        /// <summary>The standby acknowledged a switch request, or its heartbeat shows it took it.</summary>
        internal void SwitchTaken(uint epoch)
        {
            uint requested = _smu.State.Epoch + 1;
            if (_step != Requesting || epoch < requested)
            {
                return;
            }

            _smu.Journal.Write(EventCode.SwitchAcknowledged, _smu.PeerSide, requested);
            _step = Idle;
            if (Planned)
            {
                _smu.State.Fault = FaultKind.None;
                _smu.ChangeMode(Mode.Standby, requested, SequencePhase.Idle);
            }
            else
            {
                _smu.ChangeMode(Mode.Failed, requested, SequencePhase.Idle);
            }
        }

        /// <summary>The standby refused the switch request: it did not take over.</summary>
        internal void SwitchRefused()
        {
            if (_step == Requesting)
            {
                Abandon(RefusalReason.PeerUnavailable, true);
            }
        }

        /// <summary>Advances the step under way.</summary>
        internal void Step()
        {
            if (_step == Graceful)
            {
                StepGraceful();
            }
            else if (_step == Forcing)
            {
                StepForcing();
            }
            else if (_step == ConfirmingOff)
            {
                StepConfirmingOff();
            }
            else if (_step == Releasing)
            {
                StepReleasing();
            }
            else if (_step == Checking)
            {
                StepChecking();
            }
            else if (_step == Requesting)
            {
                StepRequesting();
            }
        }

        private void StepGraceful()
        {
            if (!_smu.PowerGood)
            {
                ServerDown();
            }
            else if (_smu.Now >= _deadlineMs)
            {
                Force();
            }
        }

        private void StepForcing()
        {
            if (!_smu.PowerGood)
            {
                // Holding on would turn a server that is already off back on at release.
                _smu.Power.Release();
                ServerDown();
            }
            else if (!_smu.Power.Pressed)
            {
                _step = ConfirmingOff;
                _deadlineMs = _smu.Now + _config.PowerOffConfirmMs;
            }
        }

        private void StepConfirmingOff()
        {
            if (!_smu.PowerGood)
            {
                ServerDown();
            }
            else if (_smu.Now >= _deadlineMs)
            {
                // The server will not go off: no switch, it is broken beyond what the SMU can do.
                Abandon(RefusalReason.Busy, false);
            }
        }

        private void StepReleasing()
        {
            if (!_smu.Granted)
            {
                _smu.Journal.Write(EventCode.StorageReleased, _smu.Side, 0);
                BeginChecking();
            }
            else if (_smu.Now >= _deadlineMs)
            {
                _smu.AlarmSet.Raise(AlarmFlags.StorageTimeout);
                Abandon(RefusalReason.StorageTimeout, true);
            }
        }

        private void StepChecking()
        {
            if (_smu.Now < _deadlineMs)
            {
                return;
            }

            if (_tries < _config.FitnessTries)
            {
                SendFitnessQuery();
            }
            else
            {
                Abandon(RefusalReason.PeerUnavailable, true);
            }
        }

        private void StepRequesting()
        {
            if (_smu.Now < _deadlineMs)
            {
                return;
            }

            if (_tries < _config.SwitchTries)
            {
                SendSwitchRequest();
            }
            else
            {
                // The peer may have taken over with every ack lost: this side must not resume.
                Abandon(RefusalReason.PeerUnavailable, false);
            }
        }

        /// <summary>
        /// Step 2. A graceful shutdown is asked of the agent when the OS can do it (not after a
        /// watchdog fault: the OS is hung); after a reboot the window is given again and the
        /// request goes out as soon as the agent re-opens its session.
        /// </summary>
        private void BeginShutdown(bool resuming)
        {
            _smu.ChangePhase(SequencePhase.ShuttingDown);
            if (!_smu.PowerGood)
            {
                ServerDown();
                return;
            }

            FaultKind kind = _smu.State.Fault;
            bool osAlive = resuming || (_smu.Session.Open && _smu.Watch.OsUp);
            if (kind == FaultKind.Watchdog || !osAlive)
            {
                Force();
                return;
            }

            _step = Graceful;
            _deadlineMs = _smu.Now + _config.GracefulShutdownMs;
            _shutdownRequested = false;
            if (_smu.Session.Open)
            {
                RequestShutdown();
            }
        }

        private void RequestShutdown()
        {
            long left = _deadlineMs - _smu.Now;
            ushort seconds = (ushort)((left + 999) / 1000);
            ShutdownRequest request = _smu.Host.Outgoing.ShutdownRequest;
            request.Reason = _smu.State.Fault;
            request.DeadlineSeconds = seconds;
            _smu.Host.Send(request);
            _shutdownRequested = true;
            _smu.Journal.Write(EventCode.ShutdownRequested, _smu.Side, seconds);
        }

        private void Force()
        {
            _step = Forcing;
            _smu.Power.Press(_smu.Now, _config.ForcedOffHoldMs, true);
            _smu.Journal.Write(EventCode.ForcedPowerOff, _smu.Side, 0);
            _smu.AlarmSet.Raise(AlarmFlags.ForcedPowerOff);
        }

        private void ServerDown()
        {
            _smu.Journal.Write(EventCode.ShutdownDone, _smu.Side, 0);
            _smu.Watch.ServerOff();
            _smu.Session.Close();
            BeginReleasing();
        }

        /// <summary>Step 3: the request output follows the phase, so it drops at the end of this step.</summary>
        private void BeginReleasing()
        {
            _smu.ChangePhase(SequencePhase.ReleasingStorage);
            _step = Releasing;
            _deadlineMs = _smu.Now + _config.StorageReleaseConfirmMs;
        }

        private void BeginChecking()
        {
            _smu.ChangePhase(SequencePhase.CheckingStandby);
            _step = Checking;
            _tries = 0;
            SendFitnessQuery();
        }

        private void SendFitnessQuery()
        {
            _tries++;
            FitnessQuery query = _smu.Peer.Outgoing.FitnessQuery;
            query.Epoch = _smu.State.Epoch;
            _smu.Peer.Send(query);
            _deadlineMs = _smu.Now + _config.FitnessReplyTimeoutMs;
        }

        /// <summary>
        /// Step 5, with step 6's mode change made first: this side stops being Active before the
        /// standby can become Active on the request, so the two are never Active at the same
        /// instant (DESIGN.md §2.2), even while an acknowledgement is lost or this SMU reboots.
        /// </summary>
        private void BeginRequesting()
        {
            _smu.ChangeMode(Planned ? Mode.Standby : Mode.Failed, _smu.State.Epoch, SequencePhase.RequestingSwitch);
            _step = Requesting;
            _tries = 0;
            _smu.Journal.Write(EventCode.SwitchRequested, _smu.PeerSide, _smu.State.Epoch + 1);
            SendSwitchRequest();
        }

        private void SendSwitchRequest()
        {
            _tries++;
            SwitchRequest request = _smu.Peer.Outgoing.SwitchRequest;
            request.Epoch = _smu.State.Epoch + 1;
            request.Kind = Planned ? SwitchKind.Planned : SwitchKind.Failover;
            request.From = _smu.Side;
            _smu.Peer.Send(request);
            _deadlineMs = _smu.Now + _config.SwitchAckTimeoutMs;
        }

        /// <summary>
        /// No switch. After a fault the side ends Failed with the whole-system alarm. A planned
        /// switchover that stopped before the standby could have taken over gives the service back
        /// to this side (it requests its storage and powers on again); one that stopped with the
        /// switch request unanswered ends Standby with the alarm, since the peer may be Active.
        /// </summary>
        private void Abandon(RefusalReason reason, bool peerDidNotTakeOver)
        {
            _step = Idle;
            _smu.Power.Release();
            _smu.Journal.Write(EventCode.SwitchAbandoned, _smu.Side, (uint)reason);
            uint epoch = _smu.State.Epoch;
            if (Planned && peerDidNotTakeOver)
            {
                // The standby refused or never heard: the service comes back here.
                _smu.State.Fault = FaultKind.None;
                _smu.ChangeMode(Mode.Active, epoch, SequencePhase.AwaitingGrant);
                _smu.Takeover.Begin();
                return;
            }

            // A server that would not power off is broken whatever the reason for the sequence.
            bool standby = Planned && reason != RefusalReason.Busy;
            _smu.AlarmSet.Raise(AlarmFlags.WholeSystemFailure);
            _smu.ChangeMode(standby ? Mode.Standby : Mode.Failed, epoch, SequencePhase.Abandoned);
        }
    }
}
