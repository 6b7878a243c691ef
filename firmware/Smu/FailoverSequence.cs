using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>The steps of the Active side's failover sequence (see <see cref="FailoverSequence"/> for the table).</summary>
    internal enum FailoverStep
    {
        /// <summary>No sequence under way.</summary>
        Idle,

        /// <summary>The agent shuts the OS down; the storage is still requested.</summary>
        ShuttingDown,

        /// <summary>The graceful deadline passed: the button is held until the server is off.</summary>
        PoweringOff,

        /// <summary>The server is off: the storage request is cleared, the DM's confirmation awaited.</summary>
        Releasing,

        /// <summary>The OS cannot shut down: the request was cleared at detection, the forced off runs beside.</summary>
        Fencing,

        /// <summary>The storage is released: the standby is asked whether it is fit.</summary>
        CheckingStandby,

        /// <summary>This side stepped down with a fresh epoch: the switch request until acknowledged.</summary>
        RequestingSwitch,
    }

    /// <summary>
    /// The Active side's failover sequence (DESIGN.md §1), also run for a planned switchover. When
    /// the OS can shut down by itself (a controller fault it reported, a planned switchover) the
    /// paper's order holds: shut down, then detach the storage. When it cannot (the watchdog, power
    /// lost, a boot stage missed before the OS was up, no agent) the storage is released at detection, beside the forced
    /// power-off, so the enclosures fence the dying server before the standby is asked. Every step
    /// has a deadline; the phase is persisted so a reboot restarts the step it was in; an abandoned
    /// sequence says why with an <see cref="AbandonReason"/>.
    /// </summary>
    /// <remarks>
    /// <code>
    /// step             | event                                    | next             | persisted
    /// -----------------+------------------------------------------+------------------+-------------------------------
    /// Idle             | fault, OS can shut down; planned         | ShuttingDown     | Active, ShuttingDown
    /// Idle             | fault, OS cannot shut down               | Fencing (+forced | Failed, ReleasingStorage
    ///                  |                                          |  off if on)      |
    /// ShuttingDown     | power-good low                           | Releasing        | Failed (Active if planned),
    ///                  |                                          |                  | ReleasingStorage
    /// ShuttingDown     | graceful deadline                        | PoweringOff      | Active, ShuttingDown
    /// PoweringOff      | forced off: off                          | Releasing        | Failed (Active if planned),
    ///                  |                                          |                  | ReleasingStorage
    /// PoweringOff      | forced off: still on                     | abandoned: ServerWouldNotPowerOff
    /// Releasing/Fencing| grant gone                               | CheckingStandby  | (mode kept), CheckingStandby
    /// Releasing/Fencing| release deadline                         | abandoned: StorageNotReleased
    /// CheckingStandby  | fit                                      | RequestingSwitch | Failed (Standby if planned),
    ///                  |                                          |                  | epoch+1, RequestingSwitch
    /// CheckingStandby  | unfit / no answer after the tries        | abandoned: StandbyUnfit / StandbySilent
    /// CheckingStandby  | unfit, not Standby: its heartbeat Active | Idle: PeerAlreadyActive, no alarm | Failed, Idle
    ///                  | (a failover resumed after a reboot)      |                  |
    /// RequestingSwitch | ack, or the peer Active with that epoch  | Idle (done)      | Failed (Standby), Idle
    /// RequestingSwitch | refused / no answer after the tries      | abandoned: SwitchRefused / SwitchUnanswered
    /// </code>
    /// A failover is Failed from the moment its request goes (it can only end Failed); a planned
    /// switchover stays Active until its switch request (it may give the service back).
    /// Abandoned: the side ends Failed (or Standby, planned) in phase Abandoned with the whole-system
    /// alarm; a planned switchover the peer certainly did not take gives the service back instead.
    /// </remarks>
    internal sealed class FailoverSequence
    {
        private readonly ServerManagementUnit _smu;
        private readonly SmuConfig _config;
        private FailoverStep _step;
        private long _deadlineMs;
        private int _tries;
        private bool _shutdownRequested;
        private bool _followingForcedOff;

        /// <summary>Initializes a new instance of the <see cref="FailoverSequence"/> class.</summary>
        internal FailoverSequence(ServerManagementUnit smu)
        {
            _smu = smu;
            _config = smu.Config;
        }

        /// <summary>Gets whether a sequence is under way.</summary>
        internal bool Running
        {
            get { return _step != FailoverStep.Idle; }
        }

        /// <summary>Gets the step under way.</summary>
        internal FailoverStep Step
        {
            get { return _step; }
        }

        /// <summary>
        /// Gets when the step under way runs out of time; <see cref="long.MaxValue"/> when idle or
        /// when it waits for the forced off (which times itself).
        /// </summary>
        internal long DueMs
        {
            get { return _step == FailoverStep.Idle || _step == FailoverStep.PoweringOff ? long.MaxValue : _deadlineMs; }
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

            // A boot stage missed before the OS was up leaves no agent to ask: osAlive is false then.
            bool osAlive = _smu.Session.Open && _smu.Watch.OsUp;
            bool osHung = kind == FaultKind.Watchdog || kind == FaultKind.PowerLost;
            _smu.Watch.Stop();
            _smu.ForcedOff.Reset();
            if (osAlive && !osHung)
            {
                BeginShutdown(false);
            }
            else if (kind == FaultKind.PlannedSwitchover)
            {
                // Nothing to ask and nothing wrong: the server is forced off first, then detached.
                _smu.ChangePhase(SequencePhase.ShuttingDown);
                BeginPoweringOff();
            }
            else
            {
                BeginFencing(false);
            }
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
                // Whatever the path, the request stays cleared; a server still on is forced off.
                BeginFencing(true);
            }
            else if (phase == SequencePhase.CheckingStandby)
            {
                BeginChecking();
            }
            else
            {
                ResumeRequesting();
            }
        }

        /// <summary>The agent opened its session: ask it for the shutdown if that is still due.</summary>
        internal void SessionOpened()
        {
            if (_step == FailoverStep.ShuttingDown && !_shutdownRequested)
            {
                RequestShutdown();
            }
        }

        /// <summary>The standby answered a fitness query.</summary>
        internal void FitnessReplied(FitnessReply reply)
        {
            if (_step != FailoverStep.CheckingStandby || reply.Epoch != _smu.State.Epoch)
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
                PeerLink peer = _smu.PeerLink;
                bool notStandby = !Planned && reply.Reason == UnfitReason.NotStandby;
                if (notStandby && !peer.Known)
                {
                    // Whether the peer serves is in its heartbeat, not heard yet (just back from a
                    // reboot): the query is asked again at its deadline.
                    return;
                }

                _smu.Journal.Write(EventCode.FitnessChecked, _smu.PeerSide, (uint)reply.Reason << 8);
                if (notStandby && peer.PeerMode == Mode.Active)
                {
                    // Back from a reboot in this step, the peer is Active already (an operator's repair
                    // claim made it so meanwhile): the service is its, nothing is broken, no alarm.
                    _step = FailoverStep.Idle;
                    _smu.Journal.Write(EventCode.SwitchAbandoned, _smu.Side, (uint)AbandonReason.PeerAlreadyActive);
                    _smu.ChangeMode(Mode.Failed, _smu.State.Epoch, SequencePhase.Idle);
                    return;
                }

                Abandon(AbandonReason.StandbyUnfit);
            }
        }

        /// <summary>The standby acknowledged the switch request, or its heartbeat shows it took it.</summary>
        internal void SwitchTaken(uint epoch)
        {
            if (_step != FailoverStep.RequestingSwitch || epoch != _smu.State.Epoch)
            {
                return;
            }

            _smu.Journal.Write(EventCode.SwitchAcknowledged, _smu.PeerSide, epoch);
            _step = FailoverStep.Idle;
            if (Planned)
            {
                _smu.State.Fault = FaultKind.None;
            }

            _smu.ChangeMode(_smu.State.Mode, epoch, SequencePhase.Idle);
        }

        /// <summary>The standby refused the switch request: it did not take over.</summary>
        internal void SwitchRefused()
        {
            if (_step == FailoverStep.RequestingSwitch)
            {
                Abandon(AbandonReason.SwitchRefused);
            }
        }

        /// <summary>Advances the step under way, and follows a forced off running beside it.</summary>
        internal void Advance()
        {
            FollowForcedOff();
            switch (_step)
            {
                case FailoverStep.ShuttingDown:
                    if (!_smu.PowerGood)
                    {
                        ServerWentOff();
                        BeginReleasing();
                    }
                    else if (_smu.Now >= _deadlineMs)
                    {
                        BeginPoweringOff();
                    }

                    break;
                case FailoverStep.Releasing:
                case FailoverStep.Fencing:
                    // The line itself must fall: a grant no longer believed (GrantLine) is no release.
                    if (!_smu.GrantLineOn)
                    {
                        _smu.Journal.Write(EventCode.StorageReleased, _smu.Side, 0);
                        BeginChecking();
                    }
                    else if (_smu.Now >= _deadlineMs)
                    {
                        _smu.AlarmSet.Raise(AlarmFlags.StorageTimeout);
                        Abandon(AbandonReason.StorageNotReleased);
                    }

                    break;
                case FailoverStep.CheckingStandby:
                    if (_smu.Now >= _deadlineMs)
                    {
                        if (_tries < _config.FitnessTries)
                        {
                            SendFitnessQuery();
                        }
                        else
                        {
                            Abandon(AbandonReason.StandbySilent);
                        }
                    }

                    break;
                case FailoverStep.RequestingSwitch:
                    if (_smu.Now >= _deadlineMs)
                    {
                        if (_tries < _config.SwitchTries)
                        {
                            SendSwitchRequest();
                        }
                        else
                        {
                            Abandon(AbandonReason.SwitchUnanswered);
                        }
                    }

                    break;
            }
        }

        /// <summary>
        /// The forced off reports its outcome here whichever step the sequence is in (on the fatal
        /// path the switch is usually done long before the hold is over).
        /// </summary>
        private void FollowForcedOff()
        {
            if (!_followingForcedOff)
            {
                return;
            }

            ForcedOffState state = _smu.ForcedOff.State;
            if (state == ForcedOffState.Off)
            {
                _followingForcedOff = false;
                ServerWentOff();
                if (_step == FailoverStep.PoweringOff)
                {
                    BeginReleasing();
                }
            }
            else if (state == ForcedOffState.StillOn)
            {
                _followingForcedOff = false;
                if (_step == FailoverStep.PoweringOff)
                {
                    // No switch: a server that would not go off is broken beyond what the SMU can do.
                    Abandon(AbandonReason.ServerWouldNotPowerOff);
                }
                else
                {
                    // Fenced already: its disks are gone, and the peer's agent keeps the business
                    // address off its NIC while this server is on (it sees this side's heartbeat).
                    _smu.Journal.Write(EventCode.ServerStillOn, _smu.Side, 0);
                    _smu.AlarmSet.Raise(AlarmFlags.WholeSystemFailure);
                }
            }
        }

        /// <summary>
        /// The graceful path: the agent is asked to shut the OS down (after a reboot the window is
        /// given again and the request goes out when the agent re-opens its session).
        /// </summary>
        private void BeginShutdown(bool resuming)
        {
            _smu.ChangePhase(SequencePhase.ShuttingDown);
            if (!_smu.PowerGood)
            {
                ServerWentOff();
                BeginReleasing();
                return;
            }

            _step = FailoverStep.ShuttingDown;
            _deadlineMs = _smu.Now + _config.GracefulShutdownMs;
            _shutdownRequested = false;
            if (_smu.Session.Open)
            {
                RequestShutdown();
            }
        }

        private void BeginPoweringOff()
        {
            if (!_smu.PowerGood)
            {
                ServerWentOff();
                BeginReleasing();
                return;
            }

            _step = FailoverStep.PoweringOff;
            _smu.ForcedOff.Start();
            _followingForcedOff = true;
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

        private void ServerWentOff()
        {
            _smu.Journal.Write(EventCode.ShutdownDone, _smu.Side, 0);
            _smu.Watch.ServerOff();
            _smu.Session.Close();
        }

        /// <summary>The server is off: the request output follows the phase, so it is cleared at the end of this step.</summary>
        private void BeginReleasing()
        {
            EnterReleasing();
            _step = FailoverStep.Releasing;
            _deadlineMs = _smu.Now + _config.StorageReleaseConfirmMs;
        }

        /// <summary>
        /// The fatal path: the request is cleared now (the output follows the phase) and a server
        /// still on is forced off beside the rest of the sequence.
        /// </summary>
        private void BeginFencing(bool resuming)
        {
            EnterReleasing();
            _step = FailoverStep.Fencing;
            _deadlineMs = _smu.Now + _config.StorageReleaseConfirmMs;
            if (_smu.PowerGood)
            {
                _smu.ForcedOff.Start();
                _followingForcedOff = true;
            }
            else if (!resuming)
            {
                ServerWentOff();
            }
        }

        /// <summary>
        /// The request goes (the output follows the phase). A failover steps down to Failed here, not
        /// at the switch request: from now on it can only end Failed (switched or abandoned), and a
        /// side that still says Active while its disks are gone could stand beside a peer made Active
        /// meanwhile (an operator's REPAIR on a claim while this SMU reboots: both Active by name). A
        /// planned switchover stays Active until its request: it may still give the service back.
        /// </summary>
        private void EnterReleasing()
        {
            if (Planned || _smu.State.Mode != Mode.Active)
            {
                _smu.ChangePhase(SequencePhase.ReleasingStorage);
                return;
            }

            _smu.ChangeMode(Mode.Failed, _smu.State.Epoch, SequencePhase.ReleasingStorage);
        }

        private void BeginChecking()
        {
            _smu.ChangePhase(SequencePhase.CheckingStandby);
            _step = FailoverStep.CheckingStandby;
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
        /// Step 5 with step 6's mode change made first, under a fresh epoch: this side stops being
        /// Active before the standby can become Active on the request, so the two are never Active
        /// at the same instant (DESIGN.md §2.2), and every attempt names itself with its own epoch,
        /// so a request left over from an earlier attempt can never be taken for this one. The
        /// heartbeat that shows the step-down and the epoch goes out before the request: the standby
        /// takes a request only while the sender's own heartbeat says it is asking for exactly it.
        /// </summary>
        private void BeginRequesting()
        {
            uint attempt = Epochs.Next(_smu.State.Epoch);
            _smu.ChangeMode(Planned ? Mode.Standby : Mode.Failed, attempt, SequencePhase.RequestingSwitch);
            _smu.Journal.Write(EventCode.SwitchRequested, _smu.PeerSide, attempt);
            ResumeRequesting();
        }

        private void ResumeRequesting()
        {
            _step = FailoverStep.RequestingSwitch;
            _tries = 0;
            _smu.PeerLink.SendHeartbeat();
            SendSwitchRequest();
        }

        private void SendSwitchRequest()
        {
            _tries++;
            SwitchRequest request = _smu.Peer.Outgoing.SwitchRequest;
            request.Epoch = _smu.State.Epoch;
            request.Kind = Planned ? SwitchKind.Planned : SwitchKind.Failover;
            request.From = _smu.Side;
            _smu.Peer.Send(request);
            _deadlineMs = _smu.Now + _config.SwitchAckTimeoutMs;
        }

        /// <summary>
        /// No switch. After a fault the side ends Failed with the whole-system alarm. A planned
        /// switchover that stopped before the standby could have taken over gives the service back
        /// to this side (it requests its storage and powers on again); one whose switch request went
        /// unanswered ends Standby with the alarm, since the peer may be Active.
        /// </summary>
        private void Abandon(AbandonReason reason)
        {
            _step = FailoverStep.Idle;
            _smu.Journal.Write(EventCode.SwitchAbandoned, _smu.Side, (uint)reason);
            uint epoch = _smu.State.Epoch;
            bool peerDidNotTakeOver = reason != AbandonReason.SwitchUnanswered;
            bool broken = reason == AbandonReason.ServerWouldNotPowerOff;
            if (Planned && peerDidNotTakeOver && !broken)
            {
                // The standby refused or never heard: the service comes back here.
                _smu.State.Fault = FaultKind.None;
                _smu.ChangeMode(Mode.Active, epoch, SequencePhase.AwaitingGrant);
                _smu.Takeover.Begin();
                return;
            }

            _smu.AlarmSet.Raise(AlarmFlags.WholeSystemFailure);
            _smu.ChangeMode(Planned && !broken ? Mode.Standby : Mode.Failed, epoch, SequencePhase.Abandoned);
        }
    }
}
