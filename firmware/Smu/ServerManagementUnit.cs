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
        private readonly GrantLine _grantLine;
        private readonly AgreementView _myView = new AgreementView();
        private readonly AgreementView _peerView = new AgreementView();
        private bool _started;
        private long _startedAtMs;
        private bool _alarmWritten;
        private long _servedAtMs;
        private long _peerServingFromMs = -1;
        private bool _grantMissing;
        private long _grantMissingSinceMs;
        private bool _storageLost;
        private bool _claimingStorage;

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
            // One set of messages for both links and both ways (a set is the largest thing a link holds,
            // some 3 KB on the nanoCLR): each step handles every peer message, then every host message,
            // as it arrives; a handler takes what it needs from the delivered message before it sends
            // one of the same type, and every sender fills all of its message just before sending it.
            MessageSet messages = new MessageSet();
            Host = new FrameLink(board.HostLink, config.LinkBufferBytes, config.LinkBytesPerStep, messages, messages);
            Peer = new FrameLink(board.PeerLink, config.LinkBufferBytes, config.LinkBytesPerStep, messages, messages);
            // The peer cable runs between boxes: an earlier frame put on it again must not pass for
            // a live peer (a dead peer's old heartbeat) or be carried out twice.
            Peer.InOrderOnly = true;
            Power = new PowerControl(board.PowerButton);
            _repairButton = new RepairButton(board.RepairButton, config.RepairButtonDebounceMs);
            _externalPower = new ExternalPower(board.ExternalPower, board.BatteryLow, AlarmSet, config.OnBatteryDebounceMs, config.BatteryLowDebounceMs);
            _grantLine = new GrantLine(this);
            Watch = new ServerWatch(this);
            ForcedOff = new ForcedOff(this);
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

                if (_board.StorageRequest.Value)
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

        internal ForcedOff ForcedOff { get; }

        internal FailoverSequence Failover { get; }

        internal Takeover Takeover { get; }

        internal PeerLink PeerLink { get; }

        internal HostSession Session { get; }

        internal OperatorCommands Commands { get; }

        /// <summary>Gets the time of the step under way.</summary>
        internal long Now { get; private set; }

        /// <summary>Gets the power-good input as sampled this step.</summary>
        internal bool PowerGood { get; private set; }

        /// <summary>Gets the grant feedback input as sampled this step, when believed (<see cref="GrantLine"/>).</summary>
        internal bool Granted { get; private set; }

        /// <summary>Gets the grant feedback input as sampled this step, believed or not.</summary>
        internal bool GrantLineOn { get; private set; }

        /// <summary>Gets since when <see cref="Granted"/> has been true (meaningless while it is false).</summary>
        internal long GrantedSinceMs
        {
            get { return _grantLine.HeldSinceMs; }
        }

        /// <summary>Gets the judge of the grant line: whether it is believed, and its proofs.</summary>
        internal GrantLine GrantLine
        {
            get { return _grantLine; }
        }

        /// <summary>Gets whether the SMU's own external supply is missing right now (the raw sense, not debounced).</summary>
        internal bool OnBatteryNow
        {
            get { return _board.ExternalPower != null && !_board.ExternalPower.Value; }
        }

        /// <summary>Gets whether the on-battery alarm is raised (the sense has been lost for its debounce time).</summary>
        internal bool OnBattery
        {
            get { return (AlarmSet.Flags & AlarmFlags.OnBattery) != 0; }
        }

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
                due = Earlier(due, _grantLine.DueMs);
                due = Earlier(due, Watch.DueMs);
                due = Earlier(due, ForcedOff.DueMs);
                due = Earlier(due, Failover.DueMs);
                due = Earlier(due, Takeover.DueMs);
                due = Earlier(due, Commands.DueMs);
                if (State.BootsWithoutHealthyRun != 0)
                {
                    due = Earlier(due, _startedAtMs + Config.HealthyRunMs);
                }

                if (_grantMissing && !_storageLost)
                {
                    due = Earlier(due, _grantMissingSinceMs + Config.PowerLossDebounceMs);
                }

                if ((AlarmSet.Flags & AlarmFlags.NoService) == 0)
                {
                    due = Earlier(due, _servedAtMs + Config.NoServiceAlarmMs);
                }

                return due;
            }
        }

        /// <summary>
        /// Reads the mode a board that is rebooting on <paramref name="region"/> will resume as, without
        /// starting an SMU on it (a bench or a monitor counts it as that board's mode): the persisted
        /// mode, except that a persisted Active that is not backed resumes only claiming, as Standby
        /// (see <c>Start</c>).
        /// </summary>
        /// <param name="region">The board's region.</param>
        /// <param name="requestLatched">Whether the board's storage-request latch is set.</param>
        /// <param name="granted">Whether the storage-granted input is high.</param>
        /// <param name="serverOn">Whether the server's power-good input is high.</param>
        public static Mode ResumingMode(INonVolatileRegion region, bool requestLatched, bool granted, bool serverOn)
        {
            if (region == null)
            {
                throw new ArgumentNullException();
            }

            PersistedState state = new PersistedState(new RegionLayout(region).Take(PersistedState.RegionSize));
            state.Load();
            return state.Mode == Mode.Active && !ResumesActive(state.Phase, requestLatched, granted, serverOn) ? Mode.Standby : state.Mode;
        }

        /// <summary>
        /// Whether a persisted Active resumes Active: this very board's request is still latched (it
        /// was Active and asking a moment ago: a reset, not a power-up), or its server runs on the
        /// grant, or it was handing over and must finish that. A grant alone, with the server off and
        /// no request of its own, is a leftover the DM has not released yet (a DM rebooting for
        /// minutes keeps its latch), not a claim to the service: a board swapped in beside it only
        /// claims, and the peer may be Active meanwhile.
        /// </summary>
        private static bool ResumesActive(SequencePhase phase, bool requestLatched, bool granted, bool serverOn)
        {
            return requestLatched || (granted && serverOn) || HandingOver(phase);
        }

        /// <summary>Whether a persisted Active was in the failover sequence's steps before the switch request.</summary>
        private static bool HandingOver(SequencePhase phase)
        {
            return phase == SequencePhase.ShuttingDown || phase == SequencePhase.ReleasingStorage || phase == SequencePhase.CheckingStandby;
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
            // Stepped at least every heartbeat period, so a longer gap means this SMU itself stood
            // still (a hang, a stall): what it missed meanwhile says nothing about the server.
            long gap = nowMs - Now;
            if (_started && gap > 2 * Config.HeartbeatPeriodMs)
            {
                Now = nowMs;
                Watch.Stalled(gap);
                PeerLink.Stalled();
            }

            Now = nowMs;
            Journal.Advance(nowMs);
            PowerGood = _board.PowerGood.Value;
            GrantLineOn = _board.StorageGranted.Value;
            Granted = _grantLine.Judge(GrantLineOn, _board.StorageRequest.Value, nowMs);
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
            ClaimGranted();
            Watch.Step();
            ForcedOff.Step();
            Failover.Advance();
            Takeover.Step();
            Commands.Step();
            Session.Step();
            WatchGrant();
            WatchService();
            CountHealthyRun();
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

        /// <summary>Persists a mode, epoch and phase together; logs the mode when it changed; the peer hears it at once.</summary>
        internal void ChangeMode(Mode mode, uint epoch, SequencePhase phase)
        {
            bool changed = State.Mode != mode;
            if (changed || State.Epoch != epoch)
            {
                PeerLink.Outdate();
            }

            if (changed || State.Epoch != epoch || State.Phase != phase)
            {
                PeerLink.Changed();
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

        /// <summary>Persists a new phase; the peer hears it at once.</summary>
        internal void ChangePhase(SequencePhase phase)
        {
            if (State.Phase != phase)
            {
                PeerLink.Changed();
            }

            State.Phase = phase;
            State.Save();
        }

        /// <summary>
        /// Resumes from the persisted state without touching a running server. The storage request
        /// is a latch that holds through a reset of this board but not through a power-up; the grant
        /// is the DM's latch. So a persisted Active is backed when its own request is still latched
        /// (this very board was Active and asking a moment ago), or when its server runs on the grant:
        /// it carries on (watching its server, waiting for its grant, or powering it on). One in a failover
        /// sequence restarts the step it was in. A persisted Active with neither (a board restored
        /// from elsewhere, both boards restored from one backup, a power-up after a long outage) is
        /// only claiming: it becomes Standby in phase Claiming and is Active again only when the
        /// agreement with the peer says so.
        /// Too many boots in a row without a healthy run release the storage (a boot loop must not
        /// hold it forever).
        /// </summary>
        private void Start(long nowMs)
        {
            _started = true;
            _startedAtMs = nowMs;
            _servedAtMs = nowMs;
            _peerServingFromMs = -1;
            Power.Start();
            Journal.Write(EventCode.SmuReset, Side, (uint)State.Mode);
            PeerLink.Start();
            Host.SendDelimiter();
            State.BootsWithoutHealthyRun++;
            State.Save();
            if (State.BootsWithoutHealthyRun > Config.MaxFailedBoots)
            {
                BootLoop();
            }
            else if (State.Mode == Mode.Active)
            {
                ResumeActive();
            }
            else if (State.Phase == SequencePhase.RequestingSwitch || (State.Mode == Mode.Failed && HandingOver(State.Phase)))
            {
                // Cut while handing over (this side already stepped down): finish the step it was in.
                Failover.Resume();
            }
            else if (State.Phase != SequencePhase.Idle && State.Phase != SequencePhase.Abandoned && State.Phase != SequencePhase.Claiming)
            {
                // Only an Active side runs any other sequence; this is left over from a cut write.
                ChangePhase(SequencePhase.Idle);
            }

            DriveOutputs(true);
        }

        private void ResumeActive()
        {
            SequencePhase phase = State.Phase;
            if (!ResumesActive(phase, _board.StorageRequest.Value, Granted, PowerGood) && Config.GuardOff != GuardOff.ActiveUntilAgreed)
            {
                Journal.Write(EventCode.ActiveNotBacked, Side, State.Epoch);
                ChangeMode(Mode.Standby, State.Epoch, SequencePhase.Claiming);
            }
            else if (HandingOver(phase))
            {
                Failover.Resume();
            }
            else if (phase == SequencePhase.AwaitingMains)
            {
                Watch.ServerOff();
            }
            else if (Granted && ((phase == SequencePhase.Idle && PowerGood) || phase == SequencePhase.Booting))
            {
                Watch.Resume();
            }
            else
            {
                // Server off, or the grant still to come: wait for it (at once when it is there), then power on.
                Takeover.Begin();
            }
        }

        /// <summary>
        /// This firmware has failed to run healthily too many times in a row: it gives up its side
        /// (request released, Failed, whole-system alarm) rather than hold the storage for a server
        /// nobody watches.
        /// </summary>
        private void BootLoop()
        {
            Journal.Write(EventCode.BootLoop, Side, (uint)State.BootsWithoutHealthyRun);
            AlarmSet.Raise(AlarmFlags.WholeSystemFailure);
            if (State.Mode == Mode.Active || State.Phase != SequencePhase.Idle)
            {
                State.Fault = FaultKind.None;
                ChangeMode(State.Mode == Mode.Active ? Mode.Failed : State.Mode, State.Epoch, SequencePhase.Abandoned);
            }
        }

        /// <summary>A run that lasted the healthy-run time ends the count of failed boots.</summary>
        private void CountHealthyRun()
        {
            if (State.BootsWithoutHealthyRun != 0 && Now - _startedAtMs >= Config.HealthyRunMs)
            {
                State.BootsWithoutHealthyRun = 0;
                State.Save();
            }
        }

        /// <summary>
        /// Gets whether the running Active server is still without its grant, or its agent still finds
        /// the array gone behind the grant (the causes of <c>StorageLost</c>).
        /// </summary>
        internal bool StorageStillLost
        {
            get { return _storageLost || Watch.ArrayGoneBehindGrant; }
        }

        /// <summary>
        /// The agent's RAID probe finds the array gone while the grant line shows the grant: an outage
        /// the grant watch cannot see. Logged (<c>StorageLost</c>, argument 1) and alarmed unless it already is.
        /// </summary>
        internal void StorageLostBehindGrant()
        {
            if ((AlarmSet.Flags & AlarmFlags.StorageLost) == 0)
            {
                Journal.Write(EventCode.StorageLost, Side, 1);
                AlarmSet.Raise(AlarmFlags.StorageLost);
            }
        }

        /// <summary>
        /// A running Active server whose grant disappears without a release (the DM lost its power, a
        /// fence) has lost its disks: logged and alarmed, so the outage is never silent.
        /// </summary>
        private void WatchGrant()
        {
            bool running = State.Mode == Mode.Active && PowerGood
                && (State.Phase == SequencePhase.Idle || State.Phase == SequencePhase.Booting);
            if (!running || Granted)
            {
                _grantMissing = false;
                _storageLost = false;
                return;
            }

            if (!_grantMissing)
            {
                _grantMissing = true;
                _grantMissingSinceMs = Now;
            }

            if (!_storageLost && Now - _grantMissingSinceMs >= Config.PowerLossDebounceMs)
            {
                _storageLost = true;
                Journal.Write(EventCode.StorageLost, Side, 0);
                AlarmSet.Raise(AlarmFlags.StorageLost);
            }
        }

        /// <summary>
        /// Nobody serving for longer than the boot deadlines allow (neither this side nor, by its
        /// heartbeat, the peer is Active and at rest with its services ready and its agent connected) raises
        /// <c>NoService</c>, cleared as soon as a side serves again: a state where nothing moves never
        /// stays silent. The agent must be connected: an SMU that just restarted beside a server whose
        /// OS hung meanwhile still has its services-ready checkpoint from before, which is no news.
        /// </summary>
        private void WatchService()
        {
            bool mine = State.Mode == Mode.Active && State.Phase == SequencePhase.Idle && PowerGood && Session.Open;
            HealthFlags serving = HealthFlags.ServicesReady | HealthFlags.AgentConnected;
            bool peerSays = PeerLink.Known && PeerLink.PeerMode == Mode.Active && PeerLink.PeerPhase == SequencePhase.Idle
                && (PeerLink.PeerHealth & serving) == serving;
            if (!peerSays)
            {
                _peerServingFromMs = -1;
            }
            else if (_peerServingFromMs < 0)
            {
                _peerServingFromMs = PeerLink.HeartbeatAtMs;
            }

            // The peer's word counts once a later heartbeat, half a period on at least, says it again:
            // one stale heartbeat among live ones (replayed, or forged in the peer's numbering, which
            // the in-order check cannot drop) must not hold the alarm off.
            bool peers = peerSays && PeerLink.HeartbeatAtMs - _peerServingFromMs >= Config.HeartbeatPeriodMs / 2;
            if (mine || peers)
            {
                // The peer served when its heartbeat said so, not at every step while that heartbeat
                // is still within the silence limit (the alarm's time must not depend on how often
                // this SMU is stepped).
                _servedAtMs = mine ? Now : PeerLink.HeartbeatAtMs;
                AlarmSet.Clear(AlarmFlags.NoService);
            }
            else if (Now - _servedAtMs >= Config.NoServiceAlarmMs)
            {
                AlarmSet.Raise(AlarmFlags.NoService);
            }
        }

        /// <summary>
        /// The operator's REPAIR on a claim whose peer is silent: the request goes out while this side
        /// stays Standby in its claim; it becomes Active when the DM grants (nobody else holds the
        /// disks), and the agreement can still step it down meanwhile. Not persisted: after a reboot
        /// the operator presses again.
        /// </summary>
        internal void ClaimStorage()
        {
            _claimingStorage = true;
        }

        private void ClaimGranted()
        {
            if (!_claimingStorage)
            {
                return;
            }

            if (State.Mode != Mode.Standby || State.Phase != SequencePhase.Claiming)
            {
                _claimingStorage = false;
                return;
            }

            if (Granted && !_grantLine.Proving)
            {
                if (_grantLine.ProveBeforeActing(Now))
                {
                    return;
                }

                _claimingStorage = false;
                ChangeMode(Mode.Active, Epochs.Next(State.Epoch), SequencePhase.AwaitingGrant);
                Takeover.Begin();
            }
        }

        /// <summary>Applies the startup agreement (see <see cref="StartupAgreement"/>) with what the peer says.</summary>
        private void Agree()
        {
            if (!PeerLink.Current)
            {
                return;
            }

            HealthFlags peerHealth = PeerLink.PeerHealth;
            _myView.Set(Side, State.Mode, State.Epoch, State.Phase, ServerOn, Granted);
            _peerView.Set(
                PeerSide,
                PeerLink.PeerMode,
                PeerLink.PeerEpoch,
                PeerLink.PeerPhase,
                (peerHealth & (HealthFlags.ServerPowered | HealthFlags.PowerGood)) != 0,
                (peerHealth & HealthFlags.StorageGranted) != 0);
            AgreementOutcome outcome = StartupAgreement.Decide(_myView, _peerView, Config.PreferredSide);
            if (outcome == AgreementOutcome.BecomeActive)
            {
                ChangeMode(Mode.Active, Epochs.Next(Epochs.Newest(State.Epoch, PeerLink.PeerEpoch)), SequencePhase.AwaitingGrant);
                Takeover.Begin();
            }
            else if (outcome == AgreementOutcome.BecomeStandby)
            {
                Takeover.Cancel();
                ChangeMode(Mode.Standby, State.Epoch, SequencePhase.Idle);
            }
            else if (outcome == AgreementOutcome.Conflict)
            {
                AlarmSet.Raise(AlarmFlags.WholeSystemFailure);
            }
        }

        private static long Earlier(long a, long b)
        {
            return a < b ? a : b;
        }

        /// <summary>
        /// Brings the request latch to what the mode and phase want (read back, so a latch that held
        /// through a reboot is neither pulsed again nor cleared when it should stay), and the alarm
        /// relay to the alarms.
        /// </summary>
        private void DriveOutputs(bool always)
        {
            bool request = WantsStorage();
            ILatch latch = _board.StorageRequest;
            if (request && !latch.Value)
            {
                latch.Set();
                _grantLine.RequestDriven(true, Now);
            }
            else if (!request && latch.Value)
            {
                latch.Clear();
                _grantLine.RequestDriven(false, Now);
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
            if (State.Mode != Mode.Active)
            {
                return _claimingStorage && State.Phase == SequencePhase.Claiming && !_grantLine.Proving;
            }

            SequencePhase phase = State.Phase;
            return phase == SequencePhase.Idle || phase == SequencePhase.Booting || phase == SequencePhase.ShuttingDown
                || (phase == SequencePhase.AwaitingGrant && !_grantLine.Proving) || phase == SequencePhase.AwaitingMains;
        }
    }
}
