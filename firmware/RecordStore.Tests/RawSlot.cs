using System.Buffers.Binary;
using ColdStandby.Protocol;

namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// Builds slots byte by byte from the layout in README.md, independently of the library's
/// encoders, so tests can plant records the library would never write (high sequence numbers,
/// wrapped generations) and so the documented layout is what is checked.
/// </summary>
internal static class RawSlot
{
    /// <summary>A 24-byte event slot.</summary>
    public static byte[] Event(uint sequence, long time, byte flags, EventCode code, Side side, uint argument)
    {
        var slot = new byte[24];
        slot[0] = 0xE1;
        slot[1] = flags;
        slot[2] = (byte)code;
        slot[3] = (byte)side;
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(4), sequence);
        BinaryPrimitives.WriteInt64LittleEndian(slot.AsSpan(8), time);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(16), argument);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(20), Crc32C.Compute(slot, 0, 20));
        return slot;
    }

    /// <summary>A cell slot of 12 + value.Length bytes.</summary>
    public static byte[] Cell(uint generation, byte[] value)
    {
        var slot = new byte[12 + value.Length];
        slot[0] = 0xC1;
        slot[1] = (byte)value.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(4), generation);
        value.CopyTo(slot, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(slot.AsSpan(8 + value.Length), Crc32C.Compute(slot, 0, 8 + value.Length));
        return slot;
    }

    /// <summary>Copies <paramref name="slot"/> into the flash at <paramref name="address"/>, bypassing any power cut.</summary>
    public static void Plant(SimulatedFlash flash, int address, byte[] slot) => slot.CopyTo(flash.Bytes, address);
}
