using ColdStandby.Protocol;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// One event-log entry. The caller owns one of these and hands it to
    /// <see cref="EventLog.TryRead"/> again and again, so reading the log allocates nothing.
    /// </summary>
    public sealed class EventRecord
    {
        private uint _sequence;
        private long _time;
        private bool _wallClock;
        private EventCode _code;
        private Side _side;
        private uint _argument;

        /// <summary>
        /// Gets the entry's sequence number: 1 for the first entry a region ever held, one more for
        /// each entry after it, never reused (not across ring wrap-around, not across reboots).
        /// </summary>
        public uint Sequence
        {
            get { return _sequence; }
        }

        /// <summary>
        /// Gets the time of the event in milliseconds: Unix time (ms since 1970-01-01 UTC) when
        /// <see cref="WallClock"/> is true, else ms since the writer's last boot. Order records by
        /// <see cref="Sequence"/>, never by time: boot-relative times restart at every reset.
        /// </summary>
        public long Time
        {
            get { return _time; }
        }

        /// <summary>
        /// Gets whether <see cref="Time"/> is Unix time (the writer's clock had been set) rather than
        /// milliseconds since boot.
        /// </summary>
        public bool WallClock
        {
            get { return _wallClock; }
        }

        /// <summary>Gets what happened.</summary>
        public EventCode Code
        {
            get { return _code; }
        }

        /// <summary>Gets the side the event concerns, or <see cref="Side.None"/>.</summary>
        public Side Side
        {
            get { return _side; }
        }

        /// <summary>Gets the code-specific argument (see <see cref="EventCode"/>).</summary>
        public uint Argument
        {
            get { return _argument; }
        }

        /// <summary>Sets every field; used by the log when it decodes a slot.</summary>
        internal void Set(uint sequence, long time, bool wallClock, EventCode code, Side side, uint argument)
        {
            _sequence = sequence;
            _time = time;
            _wallClock = wallClock;
            _code = code;
            _side = side;
            _argument = argument;
        }
    }
}
