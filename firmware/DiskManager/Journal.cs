using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.DiskManager
{
    /// <summary>
    /// The DM's event log and its clock: milliseconds since boot until a management tool sets the
    /// time, then Unix milliseconds (boot time plus the offset the tool's time gave).
    /// </summary>
    internal sealed class Journal
    {
        /// <summary>The earliest time a tool may set: 2000-01-01T00:00:00Z.</summary>
        internal const long EarliestUnixMilliseconds = 946684800000;

        /// <summary>The latest time a tool may set: 2100-01-01T00:00:00Z.</summary>
        internal const long LatestUnixMilliseconds = 4102444800000;

        private readonly EventLog _log;
        private bool _clockSet;
        private long _offset;
        private long _bootMs;

        /// <summary>Keeps events in <paramref name="log"/>.</summary>
        internal Journal(EventLog log)
        {
            _log = log;
        }

        /// <summary>Gets the log.</summary>
        internal EventLog Log
        {
            get { return _log; }
        }

        /// <summary>Gets whether a tool has set the time since the DM started.</summary>
        internal bool ClockSet
        {
            get { return _clockSet; }
        }

        /// <summary>Gets the time of the step under way, in milliseconds since boot.</summary>
        internal long BootMs
        {
            get { return _bootMs; }
        }

        /// <summary>Gets the time events of this step are stamped with.</summary>
        internal long Now
        {
            get { return _clockSet ? _bootMs + _offset : _bootMs; }
        }

        /// <summary>Takes the time of the step now starting.</summary>
        internal void At(long bootMs)
        {
            _bootMs = bootMs;
        }

        /// <summary>Appends an event stamped with this step's time.</summary>
        internal void Write(EventCode code, Side side, uint argument)
        {
            _log.Append(Now, code, side, argument);
        }

        /// <summary>
        /// Sets the clock to <paramref name="unixMs"/> now and logs it, the argument being the time
        /// it showed before in seconds, so a reader can place the earlier boot-relative events.
        /// </summary>
        internal void SetClock(long unixMs)
        {
            long before = Now;
            _offset = unixMs - _bootMs;
            _clockSet = true;
            _log.WallClock = true;
            Write(EventCode.TimeSet, Side.None, (uint)(before / 1000));
        }
    }
}
