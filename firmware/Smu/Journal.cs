using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu
{
    /// <summary>
    /// The SMU's timestamped event log: the shared <see cref="EventLog"/> plus the SMU's clock.
    /// Times are milliseconds since the SMU started until an agent sets the time, Unix
    /// milliseconds after (the SMU has no clock of its own that survives a reboot).
    /// </summary>
    internal sealed class Journal
    {
        private readonly EventLog _log;
        private long _startMs;
        private long _nowMs;
        private long _wallOffsetMs;

        /// <summary>Initializes a new instance of the <see cref="Journal"/> class on its log.</summary>
        internal Journal(EventLog log)
        {
            _log = log;
        }

        /// <summary>Gets the log itself (for read-out and status).</summary>
        internal EventLog Log
        {
            get { return _log; }
        }

        /// <summary>Gets the time a record written now gets.</summary>
        internal long Time
        {
            get { return _log.WallClock ? _nowMs + _wallOffsetMs : _nowMs - _startMs; }
        }

        /// <summary>Gets whether an agent or the peer has set the clock since the SMU started.</summary>
        internal bool ClockSet
        {
            get { return _log.WallClock; }
        }

        /// <summary>Starts the since-boot clock at the first step.</summary>
        internal void Start(long nowMs)
        {
            _startMs = nowMs;
            _nowMs = nowMs;
        }

        /// <summary>Moves the clock to this step's time.</summary>
        internal void Advance(long nowMs)
        {
            _nowMs = nowMs;
        }

        /// <summary>Sets the wall clock (Unix milliseconds) and logs the change with the previous time.</summary>
        internal void SetWallClock(long unixMs)
        {
            long previous = Time;
            _wallOffsetMs = unixMs - _nowMs;
            _log.WallClock = true;
            Write(EventCode.TimeSet, Side.None, (uint)(previous / 1000));
        }

        /// <summary>Appends one record stamped with the current time.</summary>
        internal void Write(EventCode code, Side side, uint argument)
        {
            _log.Append(Time, code, side, argument);
        }
    }
}
