using ColdStandby.Protocol;

namespace ColdStandby.Smu
{
    /// <summary>
    /// Everything an SMU can be configured with, defaulting to DESIGN.md §4. Both SMUs of a pair
    /// must be given the same values (the startup agreement relies on both naming the same
    /// <see cref="PreferredSide"/>). Times are milliseconds.
    /// </summary>
    public sealed class SmuConfig
    {
        /// <summary>The longest boot-stage list (the persisted progress is one byte of bits).</summary>
        public const int MaxBootStages = 8;

        /// <summary>Initializes a new instance of the <see cref="SmuConfig"/> class with the defaults.</summary>
        public SmuConfig()
        {
            PreferredSide = Side.A;
            WatchdogTimeoutMs = 2000;
            MaintenanceMaxSeconds = 3600;
            HeartbeatPeriodMs = 200;
            PeerSilentMs = 1000;
            PeerFlapWindowMs = 60000;
            BootStages = new BootStage[]
            {
                new BootStage("power-good", 5000, BootStage.FromPowerOn),
                new BootStage("os-loaded", 300000, BootStage.FromPowerOn),
                new BootStage("services-ready", 600000, 1),
            };
            PowerLossDebounceMs = 100;
            GracefulShutdownMs = 120000;
            PowerButtonPressMs = 200;
            ForcedOffHoldMs = 5000;
            PowerOffConfirmMs = 2000;
            StorageReleaseConfirmMs = 2000;
            StorageGrantTimeoutMs = 2000;
            ProofRegrantMinMs = 95;
            FitnessReplyTimeoutMs = 300;
            FitnessTries = 3;
            SwitchAckTimeoutMs = 300;
            SwitchTries = 3;
            RelayTimeoutMs = 1000;
            RepairButtonDebounceMs = 50;
            OnBatteryDebounceMs = 2000;
            BatteryLowDebounceMs = 500;
            RestoreAfterSiteOutage = true;
            NoServiceAlarmMs = 960000;
            MaxFailedBoots = 10;
            HealthyRunMs = 30000;
            LinkBufferBytes = 512;
            LinkBytesPerStep = 256;
            FirmwareMajor = 0;
            FirmwareMinor = 1;
            FirmwarePatch = 0;
        }

        /// <summary>Gets or sets the safety guard turned off on purpose: test only (the explorer's planted bugs); <see cref="GuardOff.None"/> on every board.</summary>
        internal GuardOff GuardOff { get; set; }

        /// <summary>Gets or sets the side made Active when neither side is (a fresh pair, two Standbys, no grant).</summary>
        public Side PreferredSide { get; set; }

        /// <summary>Gets or sets how long after the last kick the watchdog fires (the agent kicks every 250 ms).</summary>
        public long WatchdogTimeoutMs { get; set; }

        /// <summary>
        /// Gets or sets the longest maintenance hold of the watchdog an operator may ask for, in
        /// seconds (1 to 65535): the hold is bounded, so a forgotten one still ends.
        /// </summary>
        public int MaintenanceMaxSeconds { get; set; }

        /// <summary>Gets or sets how often a heartbeat goes to the peer SMU.</summary>
        public long HeartbeatPeriodMs { get; set; }

        /// <summary>Gets or sets how long without a peer frame before the peer-silent alarm.</summary>
        public long PeerSilentMs { get; set; }

        /// <summary>
        /// Gets or sets how long after a logged peer-silent or peer-returned record a further change
        /// of the peer's state is counted rather than logged (a flapping cable must not flush the
        /// log); 0 logs every change.
        /// </summary>
        public long PeerFlapWindowMs { get; set; }

        /// <summary>Gets or sets the boot checkpoints timed from power-on (stage 0 power-good, stage 1 agent hello).</summary>
        public BootStage[] BootStages { get; set; }

        /// <summary>Gets or sets how long power-good must stay low before it counts as lost.</summary>
        public long PowerLossDebounceMs { get; set; }

        /// <summary>Gets or sets how long the agent has to shut the OS down before the power is forced off.</summary>
        public long GracefulShutdownMs { get; set; }

        /// <summary>Gets or sets the length of the short power-button press that turns a server on.</summary>
        public long PowerButtonPressMs { get; set; }

        /// <summary>Gets or sets how long the power button is held to force a running server off.</summary>
        public long ForcedOffHoldMs { get; set; }

        /// <summary>Gets or sets how long after the forced-off hold power-good may take to drop.</summary>
        public long PowerOffConfirmMs { get; set; }

        /// <summary>
        /// Gets or sets how long after clearing its request the SMU waits for the DM to drop the
        /// grant (the DM needs its 10 ms debounce; DESIGN.md §4 gives 2 s).
        /// </summary>
        public long StorageReleaseConfirmMs { get; set; }

        /// <summary>Gets or sets how long after requesting storage the SMU waits for the grant.</summary>
        public long StorageGrantTimeoutMs { get; set; }

        /// <summary>
        /// Gets or sets the least time the DM's grant can follow a proof's fall: the DM grants nobody
        /// for its settle time after a release (its <c>SettleMilliseconds</c>, 100 ms by default), so a
        /// line rising again sooner is a wire stuck high, not the DM's grant. The DM's settle less 5 ms
        /// (each board's 2 ms loop and a millisecond); 0 turns the check off. A value above the DM's
        /// settle fails safe and visibly: every grant is refused (<c>GrantTooSoon</c>, the storage timeout).
        /// </summary>
        public long ProofRegrantMinMs { get; set; }

        /// <summary>Gets or sets how long each fitness query waits for the standby's reply.</summary>
        public long FitnessReplyTimeoutMs { get; set; }

        /// <summary>Gets or sets how many fitness queries are sent before the standby counts as silent.</summary>
        public int FitnessTries { get; set; }

        /// <summary>Gets or sets how long each switch request waits for its acknowledgement.</summary>
        public long SwitchAckTimeoutMs { get; set; }

        /// <summary>Gets or sets how many switch requests are sent before the switch is given up.</summary>
        public int SwitchTries { get; set; }

        /// <summary>Gets or sets how long an operator command relayed to the peer SMU waits for its answer.</summary>
        public long RelayTimeoutMs { get; set; }

        /// <summary>Gets or sets how long the repair button must be held down to count as pressed.</summary>
        public long RepairButtonDebounceMs { get; set; }

        /// <summary>
        /// Gets or sets how long the external-power sense must stay lost (or back) before the
        /// on-battery alarm is raised (or cleared); a brown-out blip is not news.
        /// </summary>
        public long OnBatteryDebounceMs { get; set; }

        /// <summary>
        /// Gets or sets how long the charger's low-battery output must stay asserted, on the cell,
        /// before the battery-low alarm is raised: long enough to ride out load steps and the
        /// output's edge when the supply goes, short against the time the cell takes from the
        /// charger's threshold to the supervisor's reset.
        /// </summary>
        public long BatteryLowDebounceMs { get; set; }

        /// <summary>
        /// Gets or sets whether the side that was Active powers its server on again when the mains
        /// come back after a site outage (both SMUs on battery while the server lost power), as a
        /// BMC's "restore previous state" does; false leaves it off until the REPAIR button.
        /// </summary>
        public bool RestoreAfterSiteOutage { get; set; }

        /// <summary>
        /// Gets or sets how long nobody may serve (neither side Active with its services ready)
        /// before the <c>NoService</c> alarm is raised; at least the sum of the boot stages'
        /// deadlines, which a takeover is allowed.
        /// </summary>
        public long NoServiceAlarmMs { get; set; }

        /// <summary>Gets or sets how many boots in a row may end before a healthy run before the SMU gives up its side.</summary>
        public int MaxFailedBoots { get; set; }

        /// <summary>Gets or sets how long a boot must run to count as healthy (it ends the count of failed boots).</summary>
        public long HealthyRunMs { get; set; }

        /// <summary>Gets or sets the transmit buffer of each link in bytes (frames that do not fit are dropped and counted).</summary>
        public int LinkBufferBytes { get; set; }

        /// <summary>Gets or sets the most received bytes a link looks at per step, so a babbling line cannot stall the loop.</summary>
        public int LinkBytesPerStep { get; set; }

        /// <summary>Gets or sets the firmware major version sent in hello.</summary>
        public byte FirmwareMajor { get; set; }

        /// <summary>Gets or sets the firmware minor version sent in hello.</summary>
        public byte FirmwareMinor { get; set; }

        /// <summary>Gets or sets the firmware patch version sent in hello.</summary>
        public byte FirmwarePatch { get; set; }

        /// <summary>
        /// Checks every key and returns the name of the first bad one (e.g. <c>"PeerSilentMs"</c>,
        /// <c>"BootStages[2].After"</c>), or null when the configuration is usable.
        /// </summary>
        public string Validate()
        {
            if (PreferredSide != Side.A && PreferredSide != Side.B)
            {
                return "PreferredSide";
            }

            if (WatchdogTimeoutMs <= 0)
            {
                return "WatchdogTimeoutMs";
            }

            if (HeartbeatPeriodMs <= 0)
            {
                return "HeartbeatPeriodMs";
            }

            // A silence limit shorter than two heartbeats would raise the alarm on one lost frame.
            if (PeerSilentMs < 2 * HeartbeatPeriodMs)
            {
                return "PeerSilentMs";
            }

            if (PeerFlapWindowMs < 0)
            {
                return "PeerFlapWindowMs";
            }

            string stages = ValidateStages();
            if (stages != null)
            {
                return stages;
            }

            if (PowerLossDebounceMs < 0)
            {
                return "PowerLossDebounceMs";
            }

            // The deadline travels to the agent in whole seconds in a 16-bit field.
            if (GracefulShutdownMs <= 0 || GracefulShutdownMs / 1000 > 65535)
            {
                return "GracefulShutdownMs";
            }

            if (PowerButtonPressMs <= 0)
            {
                return "PowerButtonPressMs";
            }

            // A press as long as the forced-off hold would turn a running server off.
            if (ForcedOffHoldMs <= PowerButtonPressMs)
            {
                return "ForcedOffHoldMs";
            }

            if (PowerOffConfirmMs <= 0)
            {
                return "PowerOffConfirmMs";
            }

            if (StorageReleaseConfirmMs <= 0)
            {
                return "StorageReleaseConfirmMs";
            }

            if (StorageGrantTimeoutMs <= 0)
            {
                return "StorageGrantTimeoutMs";
            }

            // The proof's re-grant must be able to come within the grant timeout of the fall.
            if (ProofRegrantMinMs < 0 || ProofRegrantMinMs >= StorageGrantTimeoutMs)
            {
                return "ProofRegrantMinMs";
            }

            if (FitnessReplyTimeoutMs <= 0)
            {
                return "FitnessReplyTimeoutMs";
            }

            if (FitnessTries < 1 || FitnessTries > 255)
            {
                return "FitnessTries";
            }

            if (SwitchAckTimeoutMs <= 0)
            {
                return "SwitchAckTimeoutMs";
            }

            if (SwitchTries < 1 || SwitchTries > 255)
            {
                return "SwitchTries";
            }

            if (RelayTimeoutMs <= 0)
            {
                return "RelayTimeoutMs";
            }

            if (MaintenanceMaxSeconds < 1 || MaintenanceMaxSeconds > 65535)
            {
                return "MaintenanceMaxSeconds";
            }

            if (RepairButtonDebounceMs < 0)
            {
                return "RepairButtonDebounceMs";
            }

            if (OnBatteryDebounceMs < 0)
            {
                return "OnBatteryDebounceMs";
            }

            if (BatteryLowDebounceMs < 0)
            {
                return "BatteryLowDebounceMs";
            }

            long bootDeadlines = 0;
            for (int i = 0; i < BootStages.Length; i++)
            {
                bootDeadlines += BootStages[i].DeadlineMs;
            }

            if (NoServiceAlarmMs < bootDeadlines)
            {
                return "NoServiceAlarmMs";
            }

            if (MaxFailedBoots < 1 || MaxFailedBoots > 254)
            {
                return "MaxFailedBoots";
            }

            if (HealthyRunMs <= 0)
            {
                return "HealthyRunMs";
            }

            // Room for a log read-out frame next to a heartbeat or reply.
            if (LinkBufferBytes < 2 * Frame.MaxWireLength)
            {
                return "LinkBufferBytes";
            }

            if (LinkBytesPerStep < 1)
            {
                return "LinkBytesPerStep";
            }

            return null;
        }

        private string ValidateStages()
        {
            BootStage[] stages = BootStages;
            if (stages == null || stages.Length < 2 || stages.Length > MaxBootStages)
            {
                return "BootStages";
            }

            for (int i = 0; i < stages.Length; i++)
            {
                BootStage stage = stages[i];
                if (stage == null)
                {
                    return "BootStages[" + i + "]";
                }

                if (stage.DeadlineMs <= 0)
                {
                    return "BootStages[" + i + "].DeadlineMs";
                }

                if (stage.After < BootStage.FromPowerOn || stage.After >= i)
                {
                    return "BootStages[" + i + "].After";
                }
            }

            return null;
        }
    }
}
