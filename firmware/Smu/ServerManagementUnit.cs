using System;
using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu
{
    /// <summary>
    /// One Server Management Unit: watches its server, runs the failover sequence on the Active
    /// side and the takeover on the Standby side, talks to the peer SMU and the host agent, and
    /// keeps its mode and event log in non-volatile storage. Deterministic: it reads no clock and
    /// starts no thread; the board loop, the bench or a test calls <see cref="Step"/> every
    /// millisecond or so with the current time. Everything is allocated in the constructor.
    /// </summary>
    /// <remarks>
    /// Named ServerManagementUnit, not Smu, so that code in other ColdStandby namespaces can name
    /// it without colliding with the namespace ColdStandby.Smu.
    /// </remarks>
    public sealed class ServerManagementUnit
    {
        private readonly SmuBoard _board;
        private readonly RepairButton _repairButton;
        private readonly ExternalPower _externalPower;
        private bool _started;
        private long _startedAtMs;
        private bool _awaitingAgreement;
        private bool _requestWritten;
        private bool _alarmWritten;

        /// <summary>
        /// Initializes a new instance of the <see cref="ServerManagementUnit"/> class and reads its
        /// persisted state. Nothing is driven until the first <see cref="Step"/>.
        /// </summary>
        /// <param name="config">The configuration; must pass <see cref="SmuConfig.Validate"/>.</param>
        /// <param name="board">The lines and channels.</param>
        /// <param name="side">This SMU's side (A or B, from its strap).</param>
        /// <param name="region">Non-volatile storage for the state and the event log, at least <see cref="RegionSizeFor"/>(1) bytes.</param>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The configuration is invalid, the side is not A or B, or the region is too small.</exception>
        public ServerManagementUnit(SmuConfig config, SmuBoard board, Side side, INonVolatileRegion region)
        {
            if (config == null || board == null || region == null)
            {
                throw new ArgumentNullException();
            }

            if (config.Validate() != null || (side != Side.A && side != Side.B) || region.Size < RegionSizeFor(1))
            {
                throw new ArgumentException();
            }

            Config = config;
            _board = board;
            Side = side;
            PeerSide = side == Side.A ? Side.B : Side.A;

            RegionLayout layout = new RegionLayout(region);
            State = new PersistedState(layout.Take(PersistedState.RegionSize));
            // The ring takes what the kept ring, at the end, leaves: its bytes stay where they were.
            RegionSlice ring = layout.Take(layout.Remaining - EventLog.RegionSizeFor(KeptRecords.Capacity));
            Journal = new Journal(new EventLog(ring, layout.TakeRest()));
            KeptRecords.Choose(Journal);
            State.Load();

            AlarmSet = new Alarms(State, Journal, side);
            // Both links share one set to decode into and one to send from: each step handles every peer
            // message, then every host message, as it arrives, and every sender fills its message first.
            MessageSet incoming = new MessageSet();
            MessageSet outgoing = new MessageSet();
            Host = new FrameLink(board.HostLink, config.LinkBufferBytes, config.LinkBytesPerStep, incoming, outgoing);
            Peer = new FrameLink(board.PeerLink, config.LinkBufferBytes, config.LinkBytesPerStep, incoming, outgoing);
            Power = new PowerControl(board.PowerButton);
            _repairButton = new RepairButton(board.RepairButton, config.RepairButtonDebounceMs);
            _externalPower = new ExternalPower(board.ExternalPower, AlarmSet, config.OnBatteryDebounceMs);
            Watch = new ServerWatch(this);
            Failover = new FailoverSequence(this);
            Takeover = new Takeover(this);
            PeerLink = new PeerLink(this);
            Session = new HostSession(this);
            Commands = new OperatorCommands(this);
        }

        /// <summary>Gets this SMU's side.</summary>
        public Side Side { get; }

        /// <summary>Gets the persisted mode.</summary>
        public Mode Mode
        {
            get { return State.Mode; }
        }

        /// <summary>Gets where this SMU is in a switch sequence.</summary>
        public SequencePhase Phase
        {
            get { return State.Phase; }
        }

        /// <summary>Gets the switch epoch.</summary>
        public uint Epoch
        {
            get { return State.Epoch; }
        }

        /// <summary>Gets the fault the current or last sequence ran for.</summary>
        public FaultKind Fault
        {
            get { return State.Fault; }
        }

        /// <summary>Gets the raised alarms.</summary>
        public AlarmFlags Alarms
        {
            get { return AlarmSet.Flags; }
        }

        /// <summary>Gets what this SMU knows of its server and storage.</summary>
        public HealthFlags Health
        {
            get
            {
                HealthFlags health = Watch.Flags;
                if (ServerOn)
                {
                    health |= HealthFlags.ServerPowered;
                }

                if (PowerGood)
                {
                    health |= HealthFlags.PowerGood;
                }

                if (_requestWritten)
                {
                    health |= HealthFlags.StorageRequested;
                }

                if (Granted)
                {
                    health |= HealthFlags.StorageGranted;
                }

                if (Session.Open)
                {
                    health |= HealthFlags.AgentConnected;
                }

                return health;
            }
        }

        /// <summary>Gets whether the peer SMU's heartbeat has been heard within the peer-silent limit.</summary>
        public bool PeerHeard
        {
            get { return PeerLink.Known; }
        }

        /// <summary>
        /// Gets whether the peer link flaps: its silences and returns are being counted, to be
        /// logged as one <see cref="EventCode.PeerFlapping"/> record when the flap window ends
        /// (the peer-silent alarm follows each of them meanwhile, without a record of its own).
        /// </summary>
        public bool PeerFlapping
        {
            get { return PeerLink.Flapping; }
        }

        /// <summary>Gets the peer's mode from its last heartbeat (Unknown while it is silent).</summary>
        public Mode PeerMode
        {
            get { return PeerLink.Known ? PeerLink.PeerMode : Mode.Unknown; }
        }

        /// <summary>Gets the event log.</summary>
        public EventLog Log
        {
            get { return Journal.Log; }
        }

        /// <summary>Gets the receive counters of the peer link.</summary>
        public LinkCounters PeerLinkCounters
        {
            get { return Peer.Counters; }
        }

        /// <summary>Gets the receive counters of the host link.</summary>
        public LinkCounters HostLinkCounters
        {
            get { return Host.Counters; }
        }

        /// <summary>Gets how many outgoing frames were dropped because a link's transmitter was full.</summary>
        public int FramesNotSent
        {
            get { return Peer.SendDropped + Host.SendDropped; }
        }

        internal SmuConfig Config { get; }

        internal Side PeerSide { get; }

        internal PersistedState State { get; }

        internal Journal Journal { get; }

        internal Alarms AlarmSet { get; }

        internal FrameLink Host { get; }

        internal FrameLink Peer { get; }

        internal PowerControl Power { get; }

        internal ServerWatch Watch { get; }

        internal FailoverSequence Failover { get; }

        internal Takeover Takeover { get; }

        internal PeerLink PeerLink { get; }

        internal HostSession Session { get; }

        internal OperatorCommands Commands { get; }

        /// <summary>Gets the time of the step under way.</summary>
        internal long Now { get; private set; }

        /// <summary>Gets the power-good input as sampled this step.</summary>
        internal bool PowerGood { get; private set; }

        /// <summary>Gets the grant feedback input as sampled this step.</summary>
        internal bool Granted { get; private set; }

        /// <summary>Gets whether the server is on, or was just pressed on and power-good is still due.</summary>
        internal bool ServerOn
        {
            get { return PowerGood || (State.Phase == SequencePhase.Booting && !Watch.PowerGoodReached); }
        }

        /// <summary>Gets whether the phase is one where no sequence is under way.</summary>
        internal bool Settled
        {
            get { return State.Phase == SequencePhase.Idle || State.Phase == SequencePhase.Abandoned; }
        }

        /// <summary>
        /// Gets the earliest time at which <see cref="Step"/> has something to do on time alone: a
        /// heartbeat, a press to end, a boot deadline, the watchdog, a sequence's deadline, the
        /// peer-silent limit. <see cref="long.MinValue"/> before the first step. Besides this time,
        /// only a changed input, arrived bytes or a link that can take more bytes give Step work,
        /// so a loop (or the bench) may sleep until the earliest of those; stepping earlier is
        /// always allowed.
        /// </summary>
        public long NextDueMs
        {
            get
            {
                if (!_started)
                {
                    return long.MinValue;
                }

                if (Session.Sending)
                {
                    return Now + 1;
                }

                long due = PeerLink.DueMs;
                due = Earlier(due, Power.DueMs);
                due = Earlier(due, _repairButton.DueMs);
                due = Earlier(due, _externalPower.DueMs);
                due = Earlier(due, Watch.DueMs);
                due = Earlier(due, Failover.DueMs);
                due = Earlier(due, Takeover.DueMs);
                due = Earlier(due, Commands.DueMs);
                if (_awaitingAgreement)
                {
                    due = Earlier(due, _startedAtMs + Config.StartupWaitMs);
                }

                return due;
            }
        }

        /// <summary>Gets the region size for the state, a log of <paramref name="logCapacity"/> records and the kept ring of 64.</summary>
        public static int RegionSizeFor(int logCapacity)
        {
            return PersistedState.RegionSize + EventLog.RegionSizeFor(logCapacity) + EventLog.RegionSizeFor(KeptRecords.Capacity);
        }

        /// <summary>
        /// Runs one step at <paramref name="nowMs"/> (milliseconds from any fixed origin, never going
        /// back): samples the inputs, handles what arrived on both links, advances every timer and
        /// sequence, drives the outputs and sends what is due. Never blocks.
        /// </summary>
        public void Step(long nowMs)
        {
            Now = nowMs;
            Journal.Advance(nowMs);
            PowerGood = _board.PowerGood.Value;
            Granted = _board.StorageGranted.Value;
            if (!_started)
            {
                Start(nowMs);
            }

            Power.Step(nowMs);
            Peer.BeginStep();
            Host.BeginStep();
            while (Peer.Receive())
            {
                PeerLink.Handle();
            }

            while (Host.Receive())
            {
                Session.Handle();
            }

            if (_repairButton.Pressed(nowMs))
            {
                Commands.RepairButton();
            }

            _externalPower.Step(nowMs);

            PeerLink.Step();
            Agree();
            Watch.Step();
            Failover.Step();
            Takeover.Step();
            Commands.Step();
            Session.Step();
            DriveOutputs(false);
            PeerLink.SendHeartbeatWhenDue();
            Peer.Flush();
            Host.Flush();
        }

        /// <summary>Fills a hello with this SMU's identity: node kind, side, protocol and firmware versions.</summary>
        internal void Introduce(Hello hello)
        {
            hello.Introduce(NodeKind.Smu, Side, Config.FirmwareMajor, Config.FirmwareMinor, Config.FirmwarePatch);
        }

        /// <summary>Persists a mode, epoch and phase together; logs the mode when it changed.</summary>
        internal void ChangeMode(Mode mode, uint epoch, SequencePhase phase)
        {
            bool changed = State.Mode != mode;
            if (changed || State.Epoch != epoch)
            {
                PeerLink.Outdate();
            }

            State.Mode = mode;
            State.Epoch = epoch;
            State.Phase = phase;
            State.Save();
            if (changed)
            {
                Journal.Write(EventCode.ModeChanged, Side, (uint)mode);
            }
        }

        /// <summary>Persists a new phase.</summary>
        internal void ChangePhase(SequencePhase phase)
        {
            State.Phase = phase;
            State.Save();
        }

        /// <summary>
        /// Resumes from the persisted state without touching a running server: an Active side keeps
        /// its storage request asserted from this very step, a sequence cut by the reboot restarts
        /// the step it was in, and an Active side whose server is off waits for the agreement with
        /// the peer (or <see cref="SmuConfig.StartupWaitMs"/>) before it requests and powers on.
        /// </summary>
        private void Start(long nowMs)
        {
            _started = true;
            _startedAtMs = nowMs;
            Power.Start();
            Journal.Write(EventCode.SmuReset, Side, (uint)State.Mode);
            PeerLink.Start();
            Host.SendDelimiter();
            if (State.Mode == Mode.Active)
            {
                SequencePhase phase = State.Phase;
                if ((phase == SequencePhase.Idle && PowerGood) || phase == SequencePhase.Booting)
                {
                    Watch.Resume();
                }
                else if (phase == SequencePhase.Idle || phase == SequencePhase.Abandoned)
                {
                    _awaitingAgreement = true;
                }
                else if (phase == SequencePhase.AwaitingGrant)
                {
                    Takeover.Begin();
                }
                else
                {
                    Failover.Resume();
                }
            }
            else if (State.Phase == SequencePhase.RequestingSwitch)
            {
                // Cut while handing over (this side already stepped down): ask again until answered.
                Failover.Resume();
            }
            else if (State.Phase != SequencePhase.Idle && State.Phase != SequencePhase.Abandoned)
            {
                // Only an Active side runs any other sequence; this is left over from a cut write.
                ChangePhase(SequencePhase.Idle);
            }

            DriveOutputs(true);
        }

        /// <summary>Applies the startup agreement (see <see cref="StartupAgreement"/>) with what the peer says.</summary>
        private void Agree()
        {
            if (!PeerLink.Current)
            {
                if (_awaitingAgreement && !PeerLink.Known && Now - _startedAtMs >= Config.StartupWaitMs)
                {
                    // A silent peer: a persisted Active continues alone, guarded by the DM's grant.
                    _awaitingAgreement = false;
                    Takeover.Begin();
                }

                return;
            }

            bool contending = Settled || State.Phase == SequencePhase.AwaitingGrant;
            HealthFlags peerHealth = PeerLink.PeerHealth;
            AgreementOutcome outcome = StartupAgreement.Decide(
                Side,
                Config.PreferredSide,
                State.Mode,
                State.Epoch,
                Settled,
                contending,
                ServerOn,
                Granted,
                PeerLink.PeerMode,
                PeerLink.PeerEpoch,
                PeerLink.PeerPhase == SequencePhase.Idle || PeerLink.PeerPhase == SequencePhase.Abandoned,
                (peerHealth & (HealthFlags.ServerPowered | HealthFlags.PowerGood)) != 0,
                (peerHealth & HealthFlags.StorageGranted) != 0);
            if (outcome == AgreementOutcome.BecomeActive)
            {
                _awaitingAgreement = false;
                uint epoch = State.Epoch > PeerLink.PeerEpoch ? State.Epoch : PeerLink.PeerEpoch;
                ChangeMode(Mode.Active, epoch + 1, SequencePhase.AwaitingGrant);
                Takeover.Begin();
            }
            else if (outcome == AgreementOutcome.BecomeStandby)
            {
                _awaitingAgreement = false;
                Takeover.Cancel();
                ChangeMode(Mode.Standby, State.Epoch, SequencePhase.Idle);
            }
            else if (outcome == AgreementOutcome.Conflict)
            {
                AlarmSet.Raise(AlarmFlags.WholeSystemFailure);
            }
            else if (_awaitingAgreement && State.Mode == Mode.Active)
            {
                _awaitingAgreement = false;
                Takeover.Begin();
            }
        }

        private static long Earlier(long a, long b)
        {
            return a < b ? a : b;
        }

        private void DriveOutputs(bool always)
        {
            bool request = WantsStorage();
            if (always || request != _requestWritten)
            {
                _requestWritten = request;
                _board.StorageRequest.Value = request;
            }

            bool alarm = AlarmSet.Any;
            if (always || alarm != _alarmWritten)
            {
                _alarmWritten = alarm;
                _board.Alarm.Value = alarm;
            }
        }

        private bool WantsStorage()
        {
            if (State.Mode != Mode.Active || _awaitingAgreement)
            {
                return false;
            }

            SequencePhase phase = State.Phase;
            return phase == SequencePhase.Idle || phase == SequencePhase.Booting
                || phase == SequencePhase.ShuttingDown || phase == SequencePhase.AwaitingGrant;
        }
    }
}
