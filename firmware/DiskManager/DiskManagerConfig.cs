namespace ColdStandby.Dm
{
    /// <summary>
    /// The Disk Manager's settings. Every value has a working default; <see cref="Validate"/> names
    /// the first bad key so a board can report it before it starts (README.md, "Configuration").
    /// </summary>
    public sealed class DiskManagerConfig
    {
        /// <summary>The key name of <see cref="SettleMilliseconds"/>.</summary>
        public const string SettleKey = "SettleMilliseconds";

        /// <summary>The key name of <see cref="ReleaseDebounceMilliseconds"/>.</summary>
        public const string ReleaseDebounceKey = "ReleaseDebounceMilliseconds";

        /// <summary>The key name of <see cref="LogCapacity"/>.</summary>
        public const string LogCapacityKey = "LogCapacity";

        /// <summary>The key name of <see cref="Simultaneous"/>.</summary>
        public const string SimultaneousKey = "Simultaneous";

        /// <summary>The key name of <see cref="LogRecordsPerStep"/>.</summary>
        public const string LogRecordsPerStepKey = "LogRecordsPerStep";

        /// <summary>The key name of <see cref="DiskErrorRepeatWindowMilliseconds"/>.</summary>
        public const string DiskErrorRepeatWindowKey = "DiskErrorRepeatWindowMilliseconds";

        /// <summary>The longest time accepted for any setting: ten minutes.</summary>
        public const int MaxMilliseconds = 600000;

        /// <summary>The smallest log accepted, in records.</summary>
        public const int MinLogCapacity = 8;

        /// <summary>The largest log accepted, in records (1.5 MB of flash).</summary>
        public const int MaxLogCapacity = 65536;

        /// <summary>The most log records sent on the management link in one step.</summary>
        public const int MaxLogRecordsPerStep = 64;

        /// <summary>Initializes a new instance of the <see cref="DiskManagerConfig"/> class with the defaults.</summary>
        public DiskManagerConfig()
        {
            SettleMilliseconds = 100;
            ReleaseDebounceMilliseconds = 10;
            FenceEnabled = false;
            LogCapacity = 1024;
            Simultaneous = SimultaneousRule.NotLastHolder;
            LogRecordsPerStep = 4;
            DiskErrorRepeatWindowMilliseconds = 60000;
        }

        /// <summary>
        /// Gets or sets how long nobody holds the grant between one holder and the next (also after
        /// a start that found nobody latched): the enclosures' own need to see one side's access
        /// gone before the other's arrives. The default assumes an enclosure acts on its access-right
        /// input within 50 ms (input filter and expander firmware) and gives it twice that
        /// (README.md, "Settle"). 1 to <see cref="MaxMilliseconds"/>; default 100.
        /// </summary>
        public int SettleMilliseconds { get; set; }

        /// <summary>
        /// Gets or sets how long a holder's request must stay absent before it counts as released:
        /// only a debounce, since the SMU's request is a latch that holds through the SMU's own reset,
        /// so an absent request always means a deliberate release, the SMU's power lost, or the
        /// cable cut (README.md, "Why a release is instant"). 0 to <see cref="MaxMilliseconds"/>;
        /// default 10.
        /// </summary>
        public int ReleaseDebounceMilliseconds { get; set; }

        /// <summary>Gets or sets whether the management link may fence a holder. Default false.</summary>
        public bool FenceEnabled { get; set; }

        /// <summary>
        /// Gets or sets how many event records the log keeps (the newest ones).
        /// <see cref="MinLogCapacity"/> to <see cref="MaxLogCapacity"/>; default 1024.
        /// </summary>
        public int LogCapacity { get; set; }

        /// <summary>Gets or sets who wins a tie of simultaneous requests. Default <see cref="SimultaneousRule.NotLastHolder"/>.</summary>
        public SimultaneousRule Simultaneous { get; set; }

        /// <summary>
        /// Gets or sets the most log records sent per step during a read-out (fewer when the link
        /// does not take them). 1 to <see cref="MaxLogRecordsPerStep"/>; default 4.
        /// </summary>
        public int LogRecordsPerStep { get; set; }

        /// <summary>
        /// Gets or sets how long repeats of a logged disk error (same side, enclosure, disk and code)
        /// are counted instead of logged one by one (up to eight different errors at once, so disks
        /// erroring in turn are counted too); each count is logged as <c>DiskErrorRepeated</c> when
        /// its window ends. 0 logs every report.
        /// 0 to <see cref="MaxMilliseconds"/>; default 60000.
        /// </summary>
        public int DiskErrorRepeatWindowMilliseconds { get; set; }

        /// <summary>Returns the key of the first setting out of range, or null when every setting is good.</summary>
        public string Validate()
        {
            if (SettleMilliseconds < 1 || SettleMilliseconds > MaxMilliseconds)
            {
                return SettleKey;
            }

            if (ReleaseDebounceMilliseconds < 0 || ReleaseDebounceMilliseconds > MaxMilliseconds)
            {
                return ReleaseDebounceKey;
            }

            if (LogCapacity < MinLogCapacity || LogCapacity > MaxLogCapacity)
            {
                return LogCapacityKey;
            }

            if (Simultaneous < SimultaneousRule.NotLastHolder || Simultaneous > SimultaneousRule.PreferB)
            {
                return SimultaneousKey;
            }

            if (LogRecordsPerStep < 1 || LogRecordsPerStep > MaxLogRecordsPerStep)
            {
                return LogRecordsPerStepKey;
            }

            if (DiskErrorRepeatWindowMilliseconds < 0 || DiskErrorRepeatWindowMilliseconds > MaxMilliseconds)
            {
                return DiskErrorRepeatWindowKey;
            }

            return null;
        }
    }
}
