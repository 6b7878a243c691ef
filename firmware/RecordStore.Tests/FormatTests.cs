using ColdStandby.Protocol;

namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// The on-flash bytes are a format boards keep across firmware updates: these pin them to the
/// layout in README.md. A change here is a format change (new format byte), not a refactoring.
/// </summary>
public class FormatTests
{
    [Fact]
    public void AnEventSlotIsTheDocumentedTwentyFourBytes()
    {
        var flash = new SimulatedFlash(EventLog.RegionSizeFor(2));
        var log = new EventLog(flash) { WallClock = true };
        log.Append(0x0102030405060708, EventCode.GrantGiven, Side.B, 0xA1B2C3D4);

        // The CRC bytes were computed outside .NET (a bitwise CRC-32C in Python).
        Assert.Equal(
            "E1 01 02 02 01 00 00 00 08 07 06 05 04 03 02 01 D4 C3 B2 A1 F4 69 8B 23",
            Hex(flash.Bytes, 0, 24));
        Assert.Equal(RawSlot.Event(1, 0x0102030405060708, 0x01, EventCode.GrantGiven, Side.B, 0xA1B2C3D4), flash.Bytes[..24]);
        Assert.Equal("FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF", Hex(flash.Bytes, 24, 24));
    }

    [Fact]
    public void AKeptEntryIsTheSameSlotWithFormatByteE2InTheKeptRingThenTheRingSlot()
    {
        var flash = new SimulatedFlash(EventLog.RegionSizeFor(2 + 2));
        var log = new EventLog(new RegionSlice(flash, 0, EventLog.RegionSizeFor(2)), new RegionSlice(flash, EventLog.RegionSizeFor(2), EventLog.RegionSizeFor(2))) { WallClock = true };
        log.Append(0x0102030405060708, EventCode.GrantGiven, Side.B, 0xA1B2C3D4, keep: true);

        Assert.Equal(
            "E1 01 02 02 01 00 00 00 08 07 06 05 04 03 02 01 D4 C3 B2 A1 F4 69 8B 23",
            Hex(flash.Bytes, 0, 24));
        Assert.Equal(
            "E2 01 02 02 01 00 00 00 08 07 06 05 04 03 02 01 D4 C3 B2 A1 33 71 4F 7A",
            Hex(flash.Bytes, 48, 24));
        Assert.Equal("FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF", Hex(flash.Bytes, 72, 24));
    }

    [Fact]
    public void ACellSlotIsTheDocumentedTwelveBytesPlusTheValue()
    {
        var flash = new SimulatedFlash(PersistentCell.RegionSizeFor(3));
        var cell = new PersistentCell(flash, 3);
        cell.Save(new byte[] { 0x02, 0x2A, 0x00 }, 0);

        Assert.Equal("C1 03 00 00 01 00 00 00 02 2A 00 49 50 F3 13", Hex(flash.Bytes, 0, 15));
        Assert.Equal(RawSlot.Cell(1, new byte[] { 0x02, 0x2A, 0x00 }), flash.Bytes[..15]);
        Assert.Equal("FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF", Hex(flash.Bytes, 15, 15));
    }

    private static string Hex(byte[] bytes, int offset, int count) =>
        string.Join(' ', bytes.Skip(offset).Take(count).Select(b => b.ToString("X2")));
}
