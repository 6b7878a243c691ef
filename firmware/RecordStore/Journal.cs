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

        /// <summary>
        /// How far back a time set may move the clock without its StepBack flag: 10 minutes, more
        /// than a board's clock drifts between two sets by the agent (it sets the time at every
        /// hello), far less than a wrong date.
        /// </summary>
        public const long StepBackLimitMilliseconds = 10 * 60 * 1000;

        /// <summary>
        /// How far behind a running clock a routine time set may be and leave it as it is, with no
        /// record: 1 s, the two clocks agree within a set's own error. Every agent start (and every
        /// reconnect) sets the time, and every <see cref="EventCode.ClockStepBack"/> goes to the
        /// kept ring: steps back of a few milliseconds at each start would push the kept switches
        /// and faults out of it.
        /// </summary>
        public const long RoutineSlackMilliseconds = 1000;

        private const long MillisecondsPerDay = 24L * 60 * 60 * 1000;

        private readonly EventLog _log;
        // One bit per EventCode: the codes whose entries also go to the log's kept ring.
        private readonly uint[] _keptCodes = new uint[8];
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
            Keep(EventCode.ClockStepBack);
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

        /// <summary>
        /// Sets the wall clock, or says why not. A time outside <see cref="IsPlausible"/> is
        /// <see cref="RefusalReason.OutOfRange"/>. The time is compared with the clock, or, before
        /// the clock is set since the owner started, with the newest wall-clock entry in the log
        /// (the owner was off for a while, so its time can only be later): not earlier logs
        /// <see cref="EventCode.TimeSet"/> with the previous time in seconds; earlier logs
        /// <see cref="EventCode.ClockStepBack"/>, stamped with the new time, with the time it went
        /// back from in Unix seconds, so the log's times never go back unannounced. A step back of
        /// more than <see cref="StepBackLimitMilliseconds"/> is refused
        /// (<see cref="RefusalReason.ClockAhead"/>, nothing changed) unless
        /// <paramref name="stepBack"/> says the sender means it; one of at most
        /// <see cref="RoutineSlackMilliseconds"/> behind a running clock leaves it as it is, unlogged
        /// (taken: the clocks agree), unless <paramref name="stepBack"/> says so.
        /// </summary>
        public RefusalReason SetWallClock(long unixMs, bool stepBack)
        {
            if (!IsPlausible(unixMs))
            {
                return RefusalReason.OutOfRange;
            }

            long reference = _log.WallClock ? Time : _log.LastWallClockTime;
            long back = reference - unixMs;
            if (back > StepBackLimitMilliseconds && !stepBack)
            {
                return RefusalReason.ClockAhead;
            }

            if (back > 0 && back <= RoutineSlackMilliseconds && !stepBack && _log.WallClock)
            {
                return RefusalReason.None;
            }

            long previous = Time;
            _wallOffsetMs = unixMs - _nowMs;
            _log.WallClock = true;
            if (back > 0)
            {
                Write(EventCode.ClockStepBack, Side.None, (uint)(reference / 1000));
            }
            else
            {
                Write(EventCode.TimeSet, Side.None, (uint)(previous / 1000));
            }

            return RefusalReason.None;
        }

        /// <summary>
        /// Gets how many whole days the clock (or the newest wall-clock entry) is ahead of
        /// <paramref name="unixMs"/>, at most 255: the detail of a <see cref="RefusalReason.ClockAhead"/>.
        /// </summary>
        public byte DaysAhead(long unixMs)
        {
            long reference = _log.WallClock ? Time : _log.LastWallClockTime;
            long days = (reference - unixMs) / MillisecondsPerDay;
            return days <= 0 ? (byte)0 : days >= 255 ? (byte)255 : (byte)days;
        }

        /// <summary>
        /// Makes every later entry with <paramref name="code"/> go to the log's kept ring too (if it
        /// has one): the codes that must outlive a flood of others. <see cref="EventCode.ClockStepBack"/>
        /// is always kept (without it the times of the kept entries cannot be read).
        /// </summary>
        public void Keep(EventCode code)
        {
            _keptCodes[(int)code >> 5] |= 1u << ((int)code & 31);
        }

        /// <summary>Gets whether entries with <paramref name="code"/> go to the kept ring too.</summary>
        public bool IsKept(EventCode code)
        {
            return (_keptCodes[(int)code >> 5] & (1u << ((int)code & 31))) != 0;
        }

        /// <summary>Appends an entry stamped with <see cref="Time"/>, kept when its code is (<see cref="Keep"/>); returns its sequence number.</summary>
        public uint Write(EventCode code, Side side, uint argument)
        {
            return _log.Append(Time, code, side, argument, IsKept(code));
        }

        /// <summary>
        /// Appends an entry stamped with <see cref="Time"/>, kept or not as <paramref name="keep"/>
        /// says whatever its code (an alarm that latches is kept, one that follows a flapping
        /// condition is not); returns its sequence number.
        /// </summary>
        public uint Write(EventCode code, Side side, uint argument, bool keep)
        {
            return _log.Append(Time, code, side, argument, keep);
        }
    }
}
