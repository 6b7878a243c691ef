namespace ColdStandby.RecordStore.Tests;

public class PersistentCellTests
{
    private static byte[] Value(int length, int version) =>
        Enumerable.Range(0, length).Select(i => (byte)((version * 37) + (i * 11) + 1)).ToArray();

    private static SimulatedFlash NewFlash(int length) => new(PersistentCell.RegionSizeFor(length));

    [Fact]
    public void AFreshRegionHasNoValue()
    {
        var cell = new PersistentCell(NewFlash(4), 4);
        var into = new byte[] { 9, 9, 9, 9 };
        Assert.False(cell.HasValue);
        Assert.Equal(0u, cell.Generation);
        Assert.False(cell.Load(into, 0));
        Assert.Equal(new byte[] { 9, 9, 9, 9 }, into);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(PersistentCell.MaxLength)]
    public void SaveThenLoadRoundTripsAndSurvivesReopen(int length)
    {
        var flash = NewFlash(length);
        var cell = new PersistentCell(flash, length);
        for (int version = 1; version <= 5; version++)
        {
            cell.Save(Value(length, version), 0);
            Assert.Equal((uint)version, cell.Generation);

            var reopened = new PersistentCell(flash, length);
            var into = new byte[length + 3];
            Assert.True(reopened.HasValue);
            Assert.Equal((uint)version, reopened.Generation);
            Assert.True(reopened.Load(into, 2));
            Assert.Equal(Value(length, version), into.Skip(2).Take(length).ToArray());
        }
    }

    [Fact]
    public void SavesAlternateBetweenTheTwoSlots()
    {
        const int length = 4;
        int slot = PersistentCell.RegionSizeFor(length) / 2;
        var flash = NewFlash(length);
        var cell = new PersistentCell(flash, length);

        cell.Save(Value(length, 1), 0);
        Assert.Equal(RawSlot.Cell(1, Value(length, 1)), flash.Bytes.Take(slot).ToArray());
        Assert.All(flash.Bytes.Skip(slot), b => Assert.Equal(0xFF, b));

        cell.Save(Value(length, 2), 0);
        Assert.Equal(RawSlot.Cell(1, Value(length, 1)), flash.Bytes.Take(slot).ToArray());
        Assert.Equal(RawSlot.Cell(2, Value(length, 2)), flash.Bytes.Skip(slot).ToArray());

        cell.Save(Value(length, 3), 0);
        Assert.Equal(RawSlot.Cell(3, Value(length, 3)), flash.Bytes.Take(slot).ToArray());
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(8, 0)]
    [InlineData(8, 1)]
    [InlineData(8, 2)]
    [InlineData(8, 3)]
    [InlineData(PersistentCell.MaxLength, 2)]
    [InlineData(PersistentCell.MaxLength, 5)]
    public void ACutAtAnyByteOfASaveLeavesTheOldValueOrTheNew(int length, int priorSaves)
    {
        int slotSize = PersistentCell.RegionSizeFor(length) / 2;
        for (int cut = 0; cut <= slotSize; cut++)
        {
            var flash = NewFlash(length);
            var cell = new PersistentCell(flash, length);
            for (int version = 1; version <= priorSaves; version++)
            {
                cell.Save(Value(length, version), 0);
            }

            byte[] oldValue = Value(length, priorSaves);
            byte[] newValue = Value(length, 100 + cut);
            flash.CutPowerAfter(cut);
            cell.Save(newValue, 0);
            flash.RestorePower();

            var reopened = new PersistentCell(flash, length);
            var into = new byte[length];
            bool loaded = reopened.Load(into, 0);
            if (cut == slotSize)
            {
                Assert.True(loaded);
                Assert.Equal(newValue, into);
                Assert.Equal((uint)priorSaves + 1, reopened.Generation);
            }
            else if (priorSaves == 0)
            {
                Assert.False(loaded, $"cut {cut}: a torn first save produced a value");
            }
            else
            {
                Assert.True(loaded);
                Assert.True(into.SequenceEqual(oldValue) || into.SequenceEqual(newValue), $"cut {cut}: garbage value");
                Assert.Equal(into.SequenceEqual(newValue) ? (uint)priorSaves + 1 : (uint)priorSaves, reopened.Generation);
            }

            // The next save wins and sticks.
            byte[] next = Value(length, 200 + cut);
            reopened.Save(next, 0);
            var third = new PersistentCell(flash, length);
            Assert.True(third.Load(into, 0));
            Assert.Equal(next, into);
            Assert.True(third.Generation > (uint)priorSaves);
        }
    }

    [Fact]
    public void RepeatedRandomCutsNeverYieldGarbage()
    {
        const int length = 6;
        var random = new Random(99);
        var flash = NewFlash(length);
        byte[]? committed = null;
        byte[]? inFlight = null;
        int version = 0;
        var into = new byte[length];

        for (int boot = 0; boot < 5000; boot++)
        {
            var cell = new PersistentCell(flash, length);
            bool loaded = cell.Load(into, 0);
            if (loaded && inFlight != null && into.SequenceEqual(inFlight))
            {
                committed = inFlight;
            }

            Assert.Equal(committed != null, loaded);
            if (committed != null)
            {
                Assert.Equal(committed, into);
            }

            inFlight = null;
            int saves = random.Next(0, 4);
            long cutAt = random.Next(0, (saves * PersistentCell.RegionSizeFor(length) / 2) + 1);
            flash.CutPowerAfter(cutAt);
            for (int i = 0; i < saves; i++)
            {
                byte[] value = Value(length, ++version);
                long before = flash.BytesWritten;
                cell.Save(value, 0);
                if (flash.BytesWritten - before == PersistentCell.RegionSizeFor(length) / 2 && inFlight == null)
                {
                    committed = value;
                }
                else
                {
                    inFlight ??= value;
                }
            }

            flash.RestorePower();
        }
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x00)]
    [InlineData(0xC1)]
    public void AUniformRegionHasNoValue(byte fill)
    {
        var flash = new SimulatedFlash(64, fill);
        Assert.False(new PersistentCell(flash, 8).Load(new byte[8], 0));
    }

    [Fact]
    public void GarbageHasNoValue()
    {
        var random = new Random(5);
        for (int trial = 0; trial < 20000; trial++)
        {
            int length = 1 + random.Next(PersistentCell.MaxLength);
            var flash = NewFlash(length);
            random.NextBytes(flash.Bytes);
            Assert.False(new PersistentCell(flash, length).HasValue);
        }
    }

    [Fact]
    public void ACellOfAnotherLengthIsNotRead()
    {
        var flash = new SimulatedFlash(64);
        new PersistentCell(flash, 8).Save(Value(8, 1), 0);
        Assert.False(new PersistentCell(flash, 4).HasValue);
        Assert.False(new PersistentCell(flash, 9).HasValue);
    }

    [Fact]
    public void TheGenerationMayWrap()
    {
        const int length = 3;
        int slot = PersistentCell.RegionSizeFor(length) / 2;
        var flash = NewFlash(length);
        RawSlot.Plant(flash, 0, RawSlot.Cell(uint.MaxValue, Value(length, 1)));
        RawSlot.Plant(flash, slot, RawSlot.Cell(uint.MaxValue - 1, Value(length, 0)));

        var cell = new PersistentCell(flash, length);
        var into = new byte[length];
        Assert.Equal(uint.MaxValue, cell.Generation);
        Assert.True(cell.Load(into, 0));
        Assert.Equal(Value(length, 1), into);

        cell.Save(Value(length, 2), 0);     // goes to slot 1 as generation 1 (0 is never written)
        Assert.Equal(RawSlot.Cell(1, Value(length, 2)), flash.Bytes.Skip(slot).ToArray());

        var reopened = new PersistentCell(flash, length);
        Assert.Equal(1u, reopened.Generation);
        Assert.True(reopened.Load(into, 0));
        Assert.Equal(Value(length, 2), into);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentNullException>(() => new PersistentCell(null!, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersistentCell(new SimulatedFlash(100), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PersistentCell(new SimulatedFlash(100), PersistentCell.MaxLength + 1));
        Assert.Throws<ArgumentException>(() => new PersistentCell(new SimulatedFlash(PersistentCell.RegionSizeFor(4) - 1), 4));
        var cell = new PersistentCell(NewFlash(4), 4);
        Assert.Throws<ArgumentNullException>(() => cell.Save(null!, 0));
        Assert.Throws<ArgumentNullException>(() => cell.Load(null!, 0));
    }
}
