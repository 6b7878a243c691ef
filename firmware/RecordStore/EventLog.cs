using System;
using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// A timestamped event log in a fixed-size non-volatile region used as a ring of 24-byte slots.
    /// Record <c>s</c> always lives in slot <c>(s - 1) mod Capacity</c>, so a read is one slot read,
    /// and the ring keeps the newest <see cref="Capacity"/> records. Beside it, optionally, a small
    /// kept ring holds a copy of the newest <see cref="KeptCapacity"/> records appended with
    /// <c>keep</c>: the ones that matter (switches, faults, grants) outlive any flood of others.
    /// Both read as one log in sequence order: <see cref="TryRead"/> finds a record in either ring,
    /// <see cref="NextHeld"/> skips the numbers neither holds.
    /// </summary>
    /// <remarks>
    /// <para>Power loss: a write cut after any byte leaves every earlier entry readable; the entry
    /// being written is either absent or complete, and during wrap-around the only entry lost is the
    /// oldest one, whose slot was being overwritten (in the kept ring: the oldest kept one). A kept
    /// entry is written to the kept ring first, then to the ring, so once its kept copy is complete
    /// it is held. Recovery picks the head by the highest valid sequence number of either ring,
    /// never by position (README.md, "Recovery").</para>
    /// <para>Times are whatever the owner passes: Unix milliseconds once its clock is set (set
    /// <see cref="WallClock"/> then), milliseconds since its boot before that. The log reads no clock.</para>
    /// <para>Not thread-safe: one owner calls it from its step loop. <c>Append</c>,
    /// <see cref="TryRead"/> and <see cref="NextHeld"/> allocate nothing.</para>
    /// </remarks>
    public sealed class EventLog
    {
        /// <summary>Bytes one entry takes in the region.</summary>
        public const int SlotSize = EventSlot.Size;

        /// <summary>
        /// What <c>Append</c> returns when it wrote nothing: the sequence numbers are used up
        /// (after 4,294,967,294 records; over a century at one a second).
        /// </summary>
        public const uint NoSequence = 0;

        private readonly INonVolatileRegion _region;
        private readonly int _capacity;
        private readonly INonVolatileRegion _kept;
        private readonly int _keptCapacity;
        // The sequence held in each kept slot (0: none), so a kept entry is found without reading flash.
        private readonly uint[] _keptSequences;
        private readonly byte[] _slot;
        private int _keptNext;
        private uint _keptOldest;
        private uint _first;
        private uint _next;
        private bool _wallClock;
        private long _lastWallClockTime;

        /// <summary>
        /// Opens the log kept in <paramref name="region"/>, without a kept ring: scans every slot
        /// and continues numbering after the newest valid entry. A blank, zeroed or garbage region
        /// opens as an empty log. Bytes past the last whole slot are never touched.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="region"/> is null.</exception>
        /// <exception cref="ArgumentException">The region cannot hold even one slot.</exception>
        public EventLog(INonVolatileRegion region)
            : this(region, null)
        {
        }

        /// <summary>
        /// Opens the log kept in <paramref name="region"/> with its kept ring in <paramref name="kept"/>
        /// (null or smaller than a slot: none): scans every slot of both and continues numbering after
        /// the newest valid entry of either.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="region"/> is null.</exception>
        /// <exception cref="ArgumentException">The region cannot hold even one slot.</exception>
        public EventLog(INonVolatileRegion region, INonVolatileRegion kept)
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
            _kept = kept;
            _keptCapacity = kept == null ? 0 : kept.Size / SlotSize;
            _keptSequences = new uint[_keptCapacity];
            _slot = new byte[SlotSize];
            Recover();
        }

        /// <summary>Gets how many records the ring holds at most (the newest ones are kept).</summary>
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <summary>Gets how many records the kept ring holds at most (0: no kept ring).</summary>
        public int KeptCapacity
        {
            get { return _keptCapacity; }
        }

        /// <summary>
        /// Gets the sequence number of the oldest entry still held (in either ring); equal to
        /// <see cref="NextSequence"/> when the log is empty. Below <see cref="RingFirstSequence"/>
        /// only kept entries are held, with gaps between them.
        /// </summary>
        public uint FirstSequence
        {
            get { return _keptOldest != 0 && _keptOldest < _first ? _keptOldest : _first; }
        }

        /// <summary>
        /// Gets the sequence number of the oldest entry the ring holds: from here on every number
        /// up to <see cref="NextSequence"/> is held (barring damage).
        /// </summary>
        public uint RingFirstSequence
        {
            get { return _first; }
        }

        /// <summary>Gets the sequence number the next <c>Append</c> will use.</summary>
        public uint NextSequence
        {
            get { return _next; }
        }

        /// <summary>Gets how many records the log holds: the ring's, and the kept ones older than the ring's oldest.</summary>
        public int Count
        {
            get
            {
                int count = (int)(_next - _first);
                for (int i = 0; i < _keptCapacity; i++)
                {
                    if (_keptSequences[i] != 0 && _keptSequences[i] < _first)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>
        /// Gets or sets whether the times given to <c>Append</c> are Unix milliseconds (the
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
        /// Writes one entry to the ring only and returns its sequence number, or
        /// <see cref="NoSequence"/> when the numbers are used up. When the ring is full the oldest
        /// entry is overwritten.
        /// </summary>
        public uint Append(long time, EventCode code, Side side, uint argument)
        {
            return Append(time, code, side, argument, false);
        }

        /// <summary>
        /// Writes one entry and returns its sequence number, or <see cref="NoSequence"/> when the
        /// numbers are used up. With <paramref name="keep"/> (and a kept ring) a copy goes to the
        /// kept ring first, where it outlives the ring's wrap-around until
        /// <see cref="KeptCapacity"/> newer kept entries have been written.
        /// </summary>
        public uint Append(long time, EventCode code, Side side, uint argument, bool keep)
        {
            uint sequence = _next;
            if (sequence == uint.MaxValue)
            {
                return NoSequence;
            }

            if (keep && _keptCapacity > 0)
            {
                EventSlot.Encode(_slot, EventSlot.KeptMagic, sequence, time, _wallClock, code, side, argument);
                _kept.Write(_keptNext * SlotSize, _slot, 0, SlotSize);
                _keptSequences[_keptNext] = sequence;
                _keptNext = (_keptNext + 1) % _keptCapacity;
                FindKeptOldest();
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

            EventSlot.Encode(_slot, EventSlot.Magic, sequence, time, _wallClock, code, side, argument);
            _region.Write(SlotAddress(sequence), _slot, 0, SlotSize);
            _next = sequence + 1;
            if (_wallClock)
            {
                _lastWallClockTime = time;
            }

            return sequence;
        }

        /// <summary>
        /// Reads entry <paramref name="sequence"/> into <paramref name="into"/>, from the ring or
        /// the kept ring. Returns false, and leaves <paramref name="into"/> as it was, when the
        /// entry is not held: never written yet, overwritten by newer ones, or (only after media
        /// damage) unreadable.
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="into"/> is null.</exception>
        public bool TryRead(uint sequence, EventRecord into)
        {
            if (into == null)
            {
                throw new ArgumentNullException();
            }

            if (sequence == 0 || sequence >= _next)
            {
                return false;
            }

            if (sequence >= _first && ReadValid(sequence))
            {
                EventSlot.Decode(_slot, into);
                return true;
            }

            for (int i = 0; i < _keptCapacity; i++)
            {
                if (_keptSequences[i] == sequence)
                {
                    _kept.Read(i * SlotSize, _slot, 0, SlotSize);
                    if (EventSlot.ValidSequence(_slot, EventSlot.KeptMagic) == sequence)
                    {
                        EventSlot.Decode(_slot, into);
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Gets the lowest sequence number at or after <paramref name="sequence"/> that may be held:
        /// itself within the ring's range, else the next kept entry or the ring's oldest. A reader
        /// walking the log in order calls this before each <see cref="TryRead"/> to skip the gaps
        /// between kept entries; <see cref="NextSequence"/> when nothing is left.
        /// </summary>
        public uint NextHeld(uint sequence)
        {
            if (sequence >= _first)
            {
                return sequence < _next ? sequence : _next;
            }

            uint next = _first;
            for (int i = 0; i < _keptCapacity; i++)
            {
                uint kept = _keptSequences[i];
                if (kept != 0 && kept >= sequence && kept < next)
                {
                    next = kept;
                }
            }

            return next;
        }

        /// <summary>
        /// Finds the head as the highest valid sequence whose slot matches it (a torn write can leave
        /// an old, valid entry right after the head; position says nothing), or the highest kept
        /// sequence if that is higher (a kept entry whose ring copy was cut: the ring copy is written
        /// again from it); then the oldest entry still held in the window of <see cref="Capacity"/>
        /// sequences that ends at the head.
        /// </summary>
        private void Recover()
        {
            uint head = 0;
            uint newestWallClock = 0;
            for (int index = 0; index < _capacity; index++)
            {
                _region.Read(index * SlotSize, _slot, 0, SlotSize);
                uint sequence = EventSlot.ValidSequence(_slot, EventSlot.Magic);
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

            // Kept slots are written in turn, so the one after the newest is the next to write.
            uint keptHead = 0;
            int keptHeadIndex = 0;
            for (int index = 0; index < _keptCapacity; index++)
            {
                _kept.Read(index * SlotSize, _slot, 0, SlotSize);
                uint sequence = EventSlot.ValidSequence(_slot, EventSlot.KeptMagic);
                _keptSequences[index] = sequence;
                if (sequence > keptHead)
                {
                    keptHead = sequence;
                    keptHeadIndex = index;
                    _keptNext = (index + 1) % _keptCapacity;
                }

                if (sequence > newestWallClock && EventSlot.IsWallClock(_slot))
                {
                    newestWallClock = sequence;
                    _lastWallClockTime = EventSlot.TimeOf(_slot);
                }
            }

            FindKeptOldest();
            if (keptHead > head)
            {
                // A kept entry whose copy in the ring was cut: complete the ring from the kept copy,
                // so the ring has no hole (a cut during this write leaves the same state again).
                _kept.Read(keptHeadIndex * SlotSize, _slot, 0, SlotSize);
                EventSlot.Recast(_slot, EventSlot.Magic);
                _region.Write(SlotAddress(keptHead), _slot, 0, SlotSize);
                head = keptHead;
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

        private void FindKeptOldest()
        {
            uint oldest = 0;
            for (int i = 0; i < _keptCapacity; i++)
            {
                uint kept = _keptSequences[i];
                if (kept != 0 && (oldest == 0 || kept < oldest))
                {
                    oldest = kept;
                }
            }

            _keptOldest = oldest;
        }

        private bool ReadValid(uint sequence)
        {
            _region.Read(SlotAddress(sequence), _slot, 0, SlotSize);
            return EventSlot.ValidSequence(_slot, EventSlot.Magic) == sequence;
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
