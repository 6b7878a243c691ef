using ColdStandby.Protocol;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// A board's event log with its clock: records are stamped with milliseconds since the owner's
    /// first step until the clock is set, and with Unix milliseconds after (the log marks which).
    /// The SMU and the DM each keep one.
    /// </summary>
    public sealed class Journal
    {
        /// <summary>The earliest wall-clock time accepted by a time set: 2000-01-01T00:00:00Z.</summary>
        public const long EarliestUnixMilliseconds = 946684800000;

        /// <summary>The latest wall-clock time accepted by a time set: 2100-01-01T00:00:00Z.</summary>
        public const long LatestUnixMilliseconds = 4102444800000;

        private readonly EventLog _log;
        private bool _started;
        private long _startMs;
        private long _nowMs;
        private long _wallOffsetMs;

        /// <summary>Initializes a new instance of the <see cref="Journal"/> class over a log.</summary>
        public Journal(EventLog log)
        {
            if (log == null)
            {
                throw new System.ArgumentNullException();
            }

            _log = log;
        }

        /// <summary>Gets the log.</summary>
        public EventLog Log
        {
            get { return _log; }
        }

        /// <summary>Gets whether the wall clock has been set since the owner started.</summary>
        public bool ClockSet
        {
            get { return _log.WallClock; }
        }

        /// <summary>Gets the owner's step time last given to <see cref="Advance"/>.</summary>
        public long NowMs
        {
            get { return _nowMs; }
        }

        /// <summary>Gets the time an entry written now is stamped with.</summary>
        public long Time
        {
            get { return _log.WallClock ? _nowMs + _wallOffsetMs : _nowMs - _startMs; }
        }

        /// <summary>Whether a time set to <paramref name="unixMs"/> is plausible (this century).</summary>
        public static bool IsPlausible(long unixMs)
        {
            return unixMs >= EarliestUnixMilliseconds && unixMs <= LatestUnixMilliseconds;
        }

        /// <summary>Follows the owner's step time; the first call is the owner's start.</summary>
        public void Advance(long nowMs)
        {
            if (!_started)
            {
                _started = true;
                _startMs = nowMs;
            }

            _nowMs = nowMs;
        }

        /// <summary>Sets the wall clock and logs <see cref="EventCode.TimeSet"/> with the previous time in seconds.</summary>
        public void SetWallClock(long unixMs)
        {
            long previous = Time;
            _wallOffsetMs = unixMs - _nowMs;
            _log.WallClock = true;
            Write(EventCode.TimeSet, Side.None, (uint)(previous / 1000));
        }

        /// <summary>Appends an entry stamped with <see cref="Time"/>; returns its sequence number.</summary>
        public uint Write(EventCode code, Side side, uint argument)
        {
            return _log.Append(Time, code, side, argument);
        }
    }
}
