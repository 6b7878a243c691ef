using System;
using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// A timestamped event log in a fixed-size non-volatile region used as a ring of 24-byte slots.
    /// Record <c>s</c> always lives in slot <c>(s - 1) mod Capacity</c>, so a read is one slot read,
    /// and the log keeps the newest <see cref="Capacity"/> records.
    /// </summary>
    /// <remarks>
    /// <para>Power loss: a write cut after any byte leaves every earlier entry readable; the entry
    /// being written is either absent or complete, and during wrap-around the only entry lost is the
    /// oldest one, whose slot was being overwritten. Recovery picks the head by the highest valid
    /// sequence number, never by position (README.md, "Recovery").</para>
    /// <para>Times are whatever the owner passes: Unix milliseconds once its clock is set (set
    /// <see cref="WallClock"/> then), milliseconds since its boot before that. The log reads no clock.</para>
    /// <para>Not thread-safe: one owner calls it from its step loop. <see cref="Append"/> and
    /// <see cref="TryRead"/> allocate nothing.</para>
    /// </remarks>
    public sealed class EventLog
    {
        /// <summary>Bytes one entry takes in the region.</summary>
        public const int SlotSize = EventSlot.Size;

        /// <summary>
        /// What <see cref="Append"/> returns when it wrote nothing: the sequence numbers are used up
        /// (after 4,294,967,294 records; over a century at one a second).
        /// </summary>
        public const uint NoSequence = 0;

        private readonly INonVolatileRegion _region;
        private readonly int _capacity;
        private readonly byte[] _slot;
        private uint _first;
        private uint _next;
        private bool _wallClock;
        private long _lastWallClockTime;

        /// <summary>
        /// Opens the log kept in <paramref name="region"/>: scans every slot and continues numbering
        /// after the newest valid entry. A blank, zeroed or garbage region opens as an empty log.
        /// Bytes past the last whole slot are never touched.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="region"/> is null.</exception>
        /// <exception cref="ArgumentException">The region cannot hold even one slot.</exception>
        public EventLog(INonVolatileRegion region)
        {
            if (region == null)
            {
                throw new ArgumentNullException();
            }

            _capacity = region.Size / SlotSize;
            if (_capacity < 1)
            {
                throw new ArgumentException();
            }

            _region = region;
            _slot = new byte[SlotSize];
            Recover();
        }

        /// <summary>Gets how many records the region holds at most (the newest ones are kept).</summary>
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <summary>
        /// Gets the sequence number of the oldest entry still held; equal to
        /// <see cref="NextSequence"/> when the log is empty.
        /// </summary>
        public uint FirstSequence
        {
            get { return _first; }
        }

        /// <summary>Gets the sequence number the next <see cref="Append"/> will use.</summary>
        public uint NextSequence
        {
            get { return _next; }
        }

        /// <summary>Gets how many records the log holds (<c>NextSequence - FirstSequence</c>).</summary>
        public int Count
        {
            get { return (int)(_next - _first); }
        }

        /// <summary>
        /// Gets or sets whether the times given to <see cref="Append"/> are Unix milliseconds (the
        /// owner's clock has been set) rather than milliseconds since boot. Stored in each entry;
        /// false after every reset until the owner sets it.
        /// </summary>
        public bool WallClock
        {
            get { return _wallClock; }
            set { _wallClock = value; }
        }

        /// <summary>
        /// Gets the time of the newest entry stamped with wall-clock time (Unix ms), found at
        /// opening and followed by every append; 0 when the log holds none. After a reset, before
        /// its clock is set, the owner's clock can be no earlier than this.
        /// </summary>
        public long LastWallClockTime
        {
            get { return _lastWallClockTime; }
        }

        /// <summary>Gets the region size that holds <paramref name="capacity"/> records.</summary>
        public static int RegionSizeFor(int capacity)
        {
            return capacity * SlotSize;
        }

        /// <summary>
        /// Writes one entry and returns its sequence number, or <see cref="NoSequence"/> when the
        /// numbers are used up. When the ring is full the oldest entry is overwritten.
        /// </summary>
        public uint Append(long time, EventCode code, Side side, uint argument)
        {
            uint sequence = _next;
            if (sequence == uint.MaxValue)
            {
                return NoSequence;
            }

            // The slot about to be written holds sequence - capacity: from now on it is gone.
            if (sequence > (uint)_capacity)
            {
                uint oldestKept = sequence - (uint)_capacity + 1;
                if (_first < oldestKept)
                {
                    _first = oldestKept;
                }
            }

            EventSlot.Encode(_slot, sequence, time, _wallClock, code, side, argument);
            _region.Write(SlotAddress(sequence), _slot, 0, SlotSize);
            _next = sequence + 1;
            if (_wallClock)
            {
                _lastWallClockTime = time;
            }

            return sequence;
        }

        /// <summary>
        /// Reads entry <paramref name="sequence"/> into <paramref name="into"/>. Returns false, and
        /// leaves <paramref name="into"/> as it was, when the entry is not held: never written yet,
        /// overwritten by newer ones, or (only after media damage) unreadable.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="into"/> is null.</exception>
        public bool TryRead(uint sequence, EventRecord into)
        {
            if (into == null)
            {
                throw new ArgumentNullException();
            }

            if (sequence < _first || sequence >= _next || !ReadValid(sequence))
            {
                return false;
            }

            EventSlot.Decode(_slot, into);
            return true;
        }

        /// <summary>
        /// Finds the head as the highest valid sequence whose slot matches it (a torn write can leave
        /// an old, valid entry right after the head; position says nothing), then the oldest entry
        /// still held in the window of <see cref="Capacity"/> sequences that ends at the head.
        /// </summary>
        private void Recover()
        {
            uint head = 0;
            uint newestWallClock = 0;
            for (int index = 0; index < _capacity; index++)
            {
                _region.Read(index * SlotSize, _slot, 0, SlotSize);
                uint sequence = EventSlot.ValidSequence(_slot);
                if (sequence == 0 || SlotIndex(sequence) != index)
                {
                    continue;
                }

                if (sequence > head)
                {
                    head = sequence;
                }

                if (sequence > newestWallClock && EventSlot.IsWallClock(_slot))
                {
                    newestWallClock = sequence;
                    _lastWallClockTime = EventSlot.TimeOf(_slot);
                }
            }

            if (head == 0)
            {
                _first = 1;
                _next = 1;
                return;
            }

            uint first = head > (uint)_capacity ? head - (uint)_capacity + 1 : 1;
            while (first < head && !ReadValid(first))
            {
                first++;
            }

            _first = first;
            _next = head + 1;
        }

        private bool ReadValid(uint sequence)
        {
            _region.Read(SlotAddress(sequence), _slot, 0, SlotSize);
            return EventSlot.ValidSequence(_slot) == sequence;
        }

        private int SlotIndex(uint sequence)
        {
            return (int)((sequence - 1) % (uint)_capacity);
        }

        private int SlotAddress(uint sequence)
        {
            return SlotIndex(sequence) * SlotSize;
        }
    }
}
