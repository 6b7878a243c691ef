using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// Watches the server of an Active side (DESIGN.md §1, "what is watched"): the boot checkpoint
    /// timers from power-on, the watchdog once the OS is up, the agent's controller health and
    /// fault reports, and an unexpected loss of power-good. Each server fault starts the failover
    /// sequence; a service failure is only logged and alarmed.
    /// </summary>
    internal sealed class ServerWatch
    {
        private const int PowerGoodStage = 0;
        private const int OsLoadedStage = 1;

        private readonly ServerManagementUnit _smu;
        private readonly BootCheckpoints _boot;
        private readonly Watchdog _watchdog;
        private bool _watching;
        private bool _powerLow;
        private long _powerLowSinceMs;
        private ControllerState _raid;
        private bool _raidFailedInOutage;
        private bool _arrayGoneBehindGrant;
        private ControllerState _lan;
        private bool _held;
        private long _heldUntilMs;

        /// <summary>Initializes a new instance of the <see cref="ServerWatch"/> class.</summary>
        internal ServerWatch(ServerManagementUnit smu)
        {
            _smu = smu;
            _boot = new BootCheckpoints(smu.Config.BootStages);
            _watchdog = new Watchdog(smu.Config.WatchdogTimeoutMs);
        }

        /// <summary>Gets whether the server is being watched (an Active side whose server is meant to run).</summary>
        internal bool Watching
        {
            get { return _watching; }
        }

        /// <summary>Gets whether power-good has come since the last power-on.</summary>
        internal bool PowerGoodReached
        {
            get { return _boot.IsReached(PowerGoodStage); }
        }

        /// <summary>Gets whether the agent said hello since the last power-on (the OS is up).</summary>
        internal bool OsUp
        {
            get { return _boot.IsReached(OsLoadedStage); }
        }

        /// <summary>
        /// Gets whether the agent's RAID probe finds the array of the running Active server gone while
        /// the grant line shows this side's grant (part of <c>StorageLost</c>'s cause, until a probe finds
        /// it again; no longer once the server is off or the side not Active: an alarm reset clears it then).
        /// </summary>
        internal bool ArrayGoneBehindGrant
        {
            get { return _arrayGoneBehindGrant && _smu.PowerGood && _smu.State.Mode == Mode.Active; }
        }

        /// <summary>Gets the health bits this part knows.</summary>
        internal HealthFlags Flags
        {
            get
            {
                HealthFlags flags = HealthFlags.None;
                if (_smu.ServerOn && OsUp)
                {
                    flags |= HealthFlags.OsUp;
                }

                if (_smu.ServerOn && _boot.AllReached)
                {
                    flags |= HealthFlags.ServicesReady;
                }

                if (_raid == ControllerState.Ok)
                {
                    flags |= HealthFlags.RaidOk;
                }

                if (_lan == ControllerState.Ok)
                {
                    flags |= HealthFlags.LanOk;
                }

                if (_watchdog.Armed)
                {
                    flags |= HealthFlags.WatchdogArmed;
                }

                if (_held)
                {
                    flags |= HealthFlags.MaintenanceHold;
                }

                return flags;
            }
        }

        /// <summary>Gets when a boot deadline, the watchdog or the power-loss debounce runs out; <see cref="long.MaxValue"/> when not watching.</summary>
        internal long DueMs
        {
            get
            {
                if (!_watching)
                {
                    return long.MaxValue;
                }

                // Every stage reached while still Booting (a watch resumed with its stages): Idle at the next step.
                long due = _smu.State.Phase == SequencePhase.Booting && _boot.AllReached ? _smu.Now + 1 : _boot.DueMs;
                long watchdog = _held ? _heldUntilMs : _watchdog.DueMs;
                if (watchdog < due)
                {
                    due = watchdog;
                }

                if (_powerLow)
                {
                    long lost = _powerLowSinceMs + _smu.Config.PowerLossDebounceMs;
                    if (lost <= _smu.Now)
                    {
                        lost = SiteOutageDecidedMs;
                    }

                    if (lost < due)
                    {
                        due = lost;
                    }
                }

                return due;
            }
        }

        /// <summary>The server was just pressed on: every checkpoint timer starts now.</summary>
        internal void PoweredOn()
        {
            _smu.State.StagesReached = 0;
            _boot.Start(_smu.Now);
            _watchdog.Disarm();
            _powerLow = false;
            _raid = ControllerState.Unknown;
            _lan = ControllerState.Unknown;
            _raidFailedInOutage = false;
            _arrayGoneBehindGrant = false;
            _watching = true;
            _smu.ChangePhase(SequencePhase.Booting);
        }

        /// <summary>
        /// Watches a server that was running (or booting) before the SMU restarted: the stages
        /// reached before are kept, those still due are timed from now, and the watchdog is armed
        /// at once when the OS was up, so a server that died during the reboot is still found.
        /// </summary>
        internal void Resume()
        {
            _boot.Resume(_smu.Now, _smu.State.StagesReached);
            _powerLow = false;
            _watching = true;
            if (_smu.PowerGood)
            {
                ReachStage(PowerGoodStage);
            }

            if (OsUp)
            {
                _watchdog.Kick(_smu.Now);
            }
        }

        /// <summary>Gets the seconds left of a maintenance hold (rounded up), 0 when none.</summary>
        internal ushort HoldSecondsLeft
        {
            get { return _held ? (ushort)((_heldUntilMs - _smu.Now + 999) / 1000) : (ushort)0; }
        }

        /// <summary>
        /// An operator's maintenance hold: the watchdog does not fire for <paramref name="seconds"/>
        /// from now (0 ends a hold), so the agent can be stopped without a failover. Only on a
        /// watched server that is up with every stage reached and the watchdog armed; bounded by
        /// <see cref="SmuConfig.MaintenanceMaxSeconds"/>. Returns why it is refused, or None.
        /// </summary>
        internal RefusalReason Hold(ushort seconds, out byte detail)
        {
            detail = 0;
            if (seconds == 0)
            {
                EndHold(0);
                return RefusalReason.None;
            }

            if (_smu.State.Mode != Mode.Active)
            {
                detail = (byte)_smu.State.Mode;
                return RefusalReason.WrongMode;
            }

            if (!_watching || !_boot.AllReached || !_watchdog.Armed)
            {
                detail = (byte)_smu.State.Phase;
                return RefusalReason.Busy;
            }

            if (seconds > _smu.Config.MaintenanceMaxSeconds)
            {
                int minutes = _smu.Config.MaintenanceMaxSeconds / 60;
                detail = minutes > 255 ? (byte)255 : (byte)minutes;
                return RefusalReason.OutOfRange;
            }

            _held = true;
            _heldUntilMs = _smu.Now + (seconds * 1000L);
            _smu.Journal.Write(EventCode.MaintenanceStarted, _smu.Side, seconds);
            return RefusalReason.None;
        }

        /// <summary>
        /// This SMU stood still for <paramref name="ms"/> (a hang, a long pause): what it did not see
        /// then is no evidence about the server. Kicks it could not read do not count against it, and
        /// the boot deadlines move on by the time lost.
        /// </summary>
        internal void Stalled(long ms)
        {
            if (!_watching)
            {
                return;
            }

            _boot.Postpone(ms);
            if (_watchdog.Armed)
            {
                _watchdog.Kick(_smu.Now);
            }
        }

        /// <summary>Stops watching: the server is being shut down.</summary>
        internal void Stop()
        {
            EndHold(2);
            _watching = false;
            _watchdog.Disarm();
            _boot.Stop();
        }

        /// <summary>Forgets the boot progress once the server is off.</summary>
        internal void ServerOff()
        {
            Stop();
            _smu.State.StagesReached = 0;
            _smu.State.Save();
        }

        /// <summary>The agent said hello: the OS is loaded.</summary>
        internal void AgentHello()
        {
            if (_watching && _smu.PowerGood)
            {
                ReachStage(OsLoadedStage);
            }
            else
            {
                NoteStage(OsLoadedStage);
            }
        }

        /// <summary>
        /// A kick from the agent. The first kick after the OS is up arms the watchdog (only with a
        /// session); an armed watchdog is fed by any kick, so an agent re-opening its session after
        /// an SMU reboot does not trip it.
        /// </summary>
        internal void Kick(bool session)
        {
            if (!_watching)
            {
                return;
            }

            if (_watchdog.Armed || (session && OsUp))
            {
                _watchdog.Kick(_smu.Now);
            }
        }

        /// <summary>A checkpoint the agent reached; false when no such stage is configured.</summary>
        internal bool Checkpoint(int stage)
        {
            if (stage >= _boot.Count)
            {
                return false;
            }

            if (_watching)
            {
                ReachStage(stage);
            }
            else
            {
                NoteStage(stage);
            }

            return true;
        }

        /// <summary>
        /// The agent's controller probe results; a failed controller is a server fault, except a RAID
        /// array that fails while this side's grant is gone or within the storage confirmation time
        /// of its return (a probe made during the outage, its report on the way): the DM took the
        /// disks (its power, a fence), which the grant watch alarms as <c>StorageLost</c>; failing
        /// over would not bring them back. So is every repeat of such a failure until a report says
        /// otherwise: the agent sends its last result again between probes.
        /// Such a failure reported while the grant line shows the grant is an outage the grant watch
        /// cannot see (a grant wire stuck high while the DM was dark; an outage while this SMU was
        /// down, the grant's return all it saw): it is alarmed as <c>StorageLost</c> all the same, so
        /// it is never silent; still no failover, which could not tell it from the DM's outage.
        /// </summary>
        internal void Health(ControllerHealth health)
        {
            _raid = health.Raid;
            _lan = health.Lan;
            bool disksThere = _smu.Granted && _smu.Now - _smu.GrantedSinceMs >= _smu.Config.StorageGrantTimeoutMs;
            if (health.Raid != ControllerState.Failed)
            {
                _raidFailedInOutage = false;
                _arrayGoneBehindGrant = false;
            }
            else if (!disksThere)
            {
                _raidFailedInOutage = true;
            }

            if (_raidFailedInOutage && _smu.Granted && !_arrayGoneBehindGrant
                && _smu.State.Mode == Mode.Active && _smu.PowerGood)
            {
                _arrayGoneBehindGrant = true;
                _smu.StorageLostBehindGrant();
            }

            if (!_watching)
            {
                return;
            }

            if (health.Raid == ControllerState.Failed && disksThere && !_raidFailedInOutage)
            {
                Fault(FaultKind.RaidController, health.RaidFailures);
            }
            else if (health.Lan == ControllerState.Failed)
            {
                Fault(FaultKind.LanController, health.LanFailures);
            }
        }

        /// <summary>A fault the agent found; returns why it is refused, or <see cref="RefusalReason.None"/>.</summary>
        internal RefusalReason Report(FaultKind kind, ushort detail)
        {
            if (kind == FaultKind.ServiceFailure)
            {
                // The agent restarts the service; it says nothing about the server. Never a failover.
                _smu.Journal.Write(EventCode.ServiceFailure, _smu.Side, detail);
                _smu.AlarmSet.Raise(AlarmFlags.ServiceFailure);
                return RefusalReason.None;
            }

            if (kind == FaultKind.PlannedSwitchover || kind == FaultKind.None)
            {
                return RefusalReason.OutOfRange;
            }

            if (_smu.State.Mode != Mode.Active)
            {
                return RefusalReason.WrongMode;
            }

            if (!_watching)
            {
                return RefusalReason.Busy;
            }

            Fault(kind, detail);
            return RefusalReason.None;
        }

        /// <summary>
        /// Gets when a power loss seen while this SMU's own supply is missing is decided: by then
        /// both SMUs' on-battery alarms (debounced) have had time to show in a heartbeat.
        /// </summary>
        private long SiteOutageDecidedMs
        {
            get
            {
                SmuConfig config = _smu.Config;
                return _powerLowSinceMs + config.PowerLossDebounceMs + config.OnBatteryDebounceMs + (2 * config.HeartbeatPeriodMs);
            }
        }

        /// <summary>Checks power-good, the checkpoint deadlines and the watchdog; waits for the mains after a site outage.</summary>
        internal void Step()
        {
            if (!_watching)
            {
                if (_smu.State.Mode == Mode.Active && _smu.State.Phase == SequencePhase.AwaitingMains)
                {
                    AwaitMains();
                }

                return;
            }

            long now = _smu.Now;
            if (_smu.PowerGood)
            {
                _powerLow = false;
                ReachStage(PowerGoodStage);
            }
            else if (PowerGoodReached)
            {
                if (!_powerLow)
                {
                    _powerLow = true;
                    _powerLowSinceMs = now;
                }

                if (now - _powerLowSinceMs >= _smu.Config.PowerLossDebounceMs)
                {
                    PowerLost(now);
                }

                // A server without power neither kicks nor reaches checkpoints: until the power loss
                // is judged (the server's, or the site's), those silences say nothing more.
                return;
            }

            int missed = _boot.Missed(now);
            if (missed >= 0)
            {
                Fault(FaultKind.BootDeadline, (ushort)missed);
                return;
            }

            if (_held && now >= _heldUntilMs)
            {
                // Bounded: the watchdog runs again from the deadline; an agent not back by then is a hung server.
                EndHold(1);
                _watchdog.Kick(now);
            }

            if (!_held && _watchdog.Expired(now))
            {
                Fault(FaultKind.Watchdog, 0);
                return;
            }

            if (_smu.State.Phase == SequencePhase.Booting && _boot.AllReached)
            {
                _smu.ChangePhase(SequencePhase.Idle);
            }
        }

        /// <summary>
        /// Power-good has been lost for its debounce time. With this SMU's own supply present it is
        /// the server's power: a fault. With the supply gone too, it may be the site's: when both
        /// SMUs run on their cells (or the peer is silent, so nobody could take over anyway) it is a
        /// site outage — no failover, the side stays Active and waits for the mains; when the peer
        /// still has power by the time that would show, it is this side's power: a fault.
        /// </summary>
        private void PowerLost(long now)
        {
            if (!_smu.OnBatteryNow && !_smu.OnBattery)
            {
                Fault(FaultKind.PowerLost, 0);
                return;
            }

            PeerLink peer = _smu.PeerLink;
            bool peerOnBattery = !peer.Known || (peer.PeerAlarms & AlarmFlags.OnBattery) != 0;
            if (_smu.OnBattery && peerOnBattery)
            {
                Stop();
                _powerLow = false;
                _smu.Journal.Write(EventCode.SiteOutage, _smu.Side, 0);
                ServerOff();
                _smu.Session.Close();
                _smu.ChangePhase(SequencePhase.AwaitingMains);
                return;
            }

            if (now >= SiteOutageDecidedMs)
            {
                Fault(FaultKind.PowerLost, 0);
            }
        }

        /// <summary>After a site outage: once the mains are back (the on-battery alarm cleared), the server is powered on again.</summary>
        private void AwaitMains()
        {
            if (_smu.OnBattery || _smu.OnBatteryNow || !_smu.Config.RestoreAfterSiteOutage)
            {
                return;
            }

            _smu.Journal.Write(EventCode.MainsRestored, _smu.Side, 0);
            _smu.Takeover.Begin();
        }

        /// <summary>
        /// A stage the agent reports while this SMU does not watch its Active side's running server
        /// (back from a restart, it waits for a grant the DM cannot give yet) is kept with the stages
        /// reached before, so that watching it once the grant comes (<see cref="Resume"/>) does not
        /// time again a stage the agent, answered, will not report again.
        /// </summary>
        private void NoteStage(int stage)
        {
            int bit = 1 << stage;
            if (_smu.State.Mode != Mode.Active || !_smu.PowerGood || (_smu.State.StagesReached & bit) != 0)
            {
                return;
            }

            _smu.State.StagesReached |= bit;
            _smu.State.Save();
            _smu.Journal.Write(EventCode.CheckpointReached, _smu.Side, (uint)stage);
        }

        private void ReachStage(int stage)
        {
            if (!_boot.Reach(stage, _smu.Now))
            {
                return;
            }

            _smu.State.StagesReached = _boot.Reached;
            _smu.State.Save();
            _smu.Journal.Write(EventCode.CheckpointReached, _smu.Side, (uint)stage);
        }

        private void EndHold(uint why)
        {
            if (_held)
            {
                _held = false;
                _smu.Journal.Write(EventCode.MaintenanceEnded, _smu.Side, why);
            }
        }

        private void Fault(FaultKind kind, ushort detail)
        {
            Stop();
            _smu.Failover.Start(kind, detail);
        }
    }
}
