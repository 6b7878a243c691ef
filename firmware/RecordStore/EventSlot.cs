using ColdStandby.Protocol;

namespace ColdStandby.RecordStore
{
    /// <summary>
    /// The on-flash form of one event entry: a fixed 24-byte slot (README.md, "Event log slot").
    /// Multi-byte fields are little-endian; the CRC comes last so that a write cut after any prefix
    /// leaves a slot whose CRC fails unless every byte is already the new one.
    /// </summary>
    internal static class EventSlot
    {
        /// <summary>The slot size in bytes.</summary>
        internal const int Size = 24;

        /// <summary>Format byte of an event slot of the log's ring, format 1 ('E', 1). Never 0x00 or 0xFF.</summary>
        internal const byte Magic = 0xE1;

        /// <summary>
        /// Format byte of an event slot of the kept ring, format 1 ('E', 2): the same fields, but the
        /// slot says nothing about the sequence number (kept entries are not consecutive), so a ring
        /// slot is never taken for a kept one or the other way round.
        /// </summary>
        internal const byte KeptMagic = 0xE2;

        /// <summary>Flags bit: the time is Unix milliseconds, not milliseconds since boot.</summary>
        internal const byte FlagWallClock = 0x01;

        private const int MagicAt = 0;
        private const int FlagsAt = 1;
        private const int CodeAt = 2;
        private const int SideAt = 3;
        private const int SequenceAt = 4;
        private const int TimeAt = 8;
        private const int ArgumentAt = 16;
        private const int CrcAt = 20;

        /// <summary>Fills <see cref="Size"/> bytes of <paramref name="slot"/> from offset 0.</summary>
        internal static void Encode(byte[] slot, byte magic, uint sequence, long time, bool wallClock, EventCode code, Side side, uint argument)
        {
            slot[MagicAt] = magic;
            slot[FlagsAt] = wallClock ? FlagWallClock : (byte)0;
            slot[CodeAt] = (byte)code;
            slot[SideAt] = (byte)side;
            LittleEndian.WriteUInt32(slot, SequenceAt, sequence);
            LittleEndian.WriteInt64(slot, TimeAt, time);
            LittleEndian.WriteUInt32(slot, ArgumentAt, argument);
            LittleEndian.WriteUInt32(slot, CrcAt, Crc32C.Compute(slot, 0, CrcAt));
        }

        /// <summary>Gives a valid slot another format byte (and so a new CRC), the rest unchanged.</summary>
        internal static void Recast(byte[] slot, byte magic)
        {
            slot[MagicAt] = magic;
            LittleEndian.WriteUInt32(slot, CrcAt, Crc32C.Compute(slot, 0, CrcAt));
        }

        /// <summary>
        /// Returns the sequence number of the entry in <paramref name="slot"/>, or 0 when the slot
        /// holds no valid entry (not format <paramref name="magic"/>, CRC mismatch, or a sequence never written).
        /// </summary>
        internal static uint ValidSequence(byte[] slot, byte magic)
        {
            if (slot[MagicAt] != magic)
            {
                return 0;
            }

            if (LittleEndian.ReadUInt32(slot, CrcAt) != Crc32C.Compute(slot, 0, CrcAt))
            {
                return 0;
            }

            uint sequence = LittleEndian.ReadUInt32(slot, SequenceAt);
            return sequence == uint.MaxValue ? 0 : sequence;
        }

        /// <summary>Gets whether a slot already checked by <see cref="ValidSequence"/> is stamped with wall-clock time.</summary>
        internal static bool IsWallClock(byte[] slot)
        {
            return (slot[FlagsAt] & FlagWallClock) != 0;
        }

        /// <summary>Gets the time of a slot already checked by <see cref="ValidSequence"/>.</summary>
        internal static long TimeOf(byte[] slot)
        {
            return LittleEndian.ReadInt64(slot, TimeAt);
        }

        /// <summary>Copies the fields of a slot already checked by <see cref="ValidSequence"/> into <paramref name="into"/>.</summary>
        internal static void Decode(byte[] slot, EventRecord into)
        {
            into.Set(
                LittleEndian.ReadUInt32(slot, SequenceAt),
                LittleEndian.ReadInt64(slot, TimeAt),
                (slot[FlagsAt] & FlagWallClock) != 0,
                (EventCode)slot[CodeAt],
                (Side)slot[SideAt],
                LittleEndian.ReadUInt32(slot, ArgumentAt));
        }
    }
}
