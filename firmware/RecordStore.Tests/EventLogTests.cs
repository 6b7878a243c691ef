using ColdStandby.Protocol;

namespace ColdStandby.RecordStore.Tests;

public class EventLogTests
{
    private const int Capacity = 8;

    private static SimulatedFlash NewFlash(int capacity = Capacity) => new(EventLog.RegionSizeFor(capacity));

    [Fact]
    public void AppendThenReadRoundTrips()
    {
        var log = new EventLog(NewFlash());
        var record = new EventRecord();

        Assert.Equal(0, log.Count);
        Assert.Equal(1u, log.FirstSequence);
        Assert.Equal(1u, log.NextSequence);

        uint first = log.Append(-5, EventCode.DmReset, Side.None, 0);
        uint second = log.Append(long.MaxValue, EventCode.DiskError, Side.B, uint.MaxValue);

        Assert.Equal(1u, first);
        Assert.Equal(2u, second);
        Assert.Equal(2, log.Count);
        Assert.True(log.TryRead(1, record));
        Assert.Equal((1u, -5L, EventCode.DmReset, Side.None, 0u, false), (record.Sequence, record.Time, record.Code, record.Side, record.Argument, record.WallClock));
        Assert.True(log.TryRead(2, record));
        Assert.Equal((2u, long.MaxValue, EventCode.DiskError, Side.B, uint.MaxValue), (record.Sequence, record.Time, record.Code, record.Side, record.Argument));
    }

    [Fact]
    public void WallClockFlagIsStoredPerRecord()
    {
        var flash = NewFlash();
        var log = new EventLog(flash);
        log.Append(1234, EventCode.DmReset, Side.None, 0);
        log.WallClock = true;
        log.Append(1_700_000_000_000, EventCode.TimeSet, Side.None, 1);

        var reopened = new EventLog(flash);
        var record = new EventRecord();
        Assert.False(reopened.WallClock);
        Assert.True(reopened.TryRead(1, record));
        Assert.False(record.WallClock);
        Assert.True(reopened.TryRead(2, record));
        Assert.True(record.WallClock);
    }

    [Fact]
    public void NumberingContinuesAfterReopen()
    {
        var flash = NewFlash();
        var log = TestEvents.OpenAndAppend(flash, 5);

        var reopened = new EventLog(flash);
        Assert.Equal(1u, reopened.FirstSequence);
        Assert.Equal(6u, reopened.NextSequence);
        Assert.Equal(6u, TestEvents.Append(reopened, 6));

        var record = new EventRecord();
        for (uint s = 1; s <= 6; s++)
        {
            Assert.True(reopened.TryRead(s, record));
            Assert.True(TestEvents.Matches(record, s, (int)s));
        }
    }

    [Fact]
    public void WrapAroundKeepsTheNewestCapacityRecords()
    {
        var flash = NewFlash();
        var log = new EventLog(flash);
        var record = new EventRecord();

        for (int k = 1; k <= 3 * Capacity + 3; k++)
        {
            Assert.Equal((uint)k, TestEvents.Append(log, k));
            uint expectedFirst = k > Capacity ? (uint)(k - Capacity + 1) : 1;
            Assert.Equal(expectedFirst, log.FirstSequence);
            Assert.Equal(Math.Min(k, Capacity), log.Count);
        }

        foreach (EventLog view in new[] { log, new EventLog(flash) })
        {
            Assert.Equal((uint)(2 * Capacity + 4), view.FirstSequence);
            Assert.Equal((uint)(3 * Capacity + 4), view.NextSequence);
            Assert.False(view.TryRead(view.FirstSequence - 1, record));
            for (uint s = view.FirstSequence; s < view.NextSequence; s++)
            {
                Assert.True(view.TryRead(s, record));
                Assert.True(TestEvents.Matches(record, s, (int)s));
            }
        }
    }

    [Fact]
    public void OutOfRangeAndOverwrittenSequencesReadFalseAndLeaveTheRecordAlone()
    {
        var log = new EventLog(NewFlash());
        var record = new EventRecord();
        Assert.False(log.TryRead(0, record));
        Assert.False(log.TryRead(1, record));

        for (int k = 1; k <= Capacity + 2; k++)
        {
            TestEvents.Append(log, k);
        }

        Assert.True(log.TryRead(5, record));
        foreach (uint s in new uint[] { 0, 1, 2, (uint)Capacity + 3, 1000, uint.MaxValue })
        {
            Assert.False(log.TryRead(s, record));
            Assert.True(TestEvents.Matches(record, 5, 5));
        }
    }

    [Fact]
    public void RecoveryPicksTheHeadBySequenceNotByPosition()
    {
        // After 13 appends into 8 slots the head (13) sits in slot 4 and slot 5 holds record 6,
        // valid and older: a scan that stopped at the first "gap" or took the last slot would be wrong.
        var flash = NewFlash();
        var log = TestEvents.OpenAndAppend(flash, 13);

        var reopened = new EventLog(flash);
        Assert.Equal(6u, reopened.FirstSequence);
        Assert.Equal(14u, reopened.NextSequence);

        // A write of record 14 cut after its first byte leaves record 6 intact (the format byte is
        // the same): still the oldest, and the head is still 13.
        flash.CutPowerAfter(1);
        TestEvents.Append(reopened, 14);
        flash.RestorePower();
        var again = new EventLog(flash);
        Assert.Equal(6u, again.FirstSequence);
        Assert.Equal(14u, again.NextSequence);
    }

    [Fact]
    public void AValidRecordInTheWrongSlotIsIgnored()
    {
        var flash = NewFlash();
        // Record 3 belongs in slot 2; planted in slot 5 (a stale layout, a copied block) it is not a record.
        RawSlot.Plant(flash, 5 * EventLog.SlotSize, RawSlot.Event(3, 1, 0, EventCode.GrantGiven, Side.A, 1));
        var log = new EventLog(flash);
        Assert.Equal(0, log.Count);
        Assert.Equal(1u, log.NextSequence);
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x00)]
    [InlineData(0xE1)]
    [InlineData(0xC1)]
    public void AUniformRegionOpensEmpty(byte fill)
    {
        var flash = new SimulatedFlash(4096, fill);
        var log = new EventLog(flash);
        AssertEmptyThenUsable(log, flash);
    }

    [Fact]
    public void GarbageRegionsOpenEmpty()
    {
        var random = new Random(20250101);
        for (int trial = 0; trial < 2000; trial++)
        {
            var flash = new SimulatedFlash(EventLog.RegionSizeFor(1 + random.Next(40)));
            random.NextBytes(flash.Bytes);
            var log = new EventLog(flash);
            Assert.Equal(0, log.Count);
            Assert.Equal(1u, log.NextSequence);
        }

        var big = new SimulatedFlash(64 * 1024);
        random.NextBytes(big.Bytes);
        AssertEmptyThenUsable(new EventLog(big), big);
    }

    [Fact]
    public void ACapacityOfOneKeepsTheNewestRecord()
    {
        var flash = NewFlash(1);
        var log = new EventLog(flash);
        var record = new EventRecord();
        for (int k = 1; k <= 4; k++)
        {
            TestEvents.Append(log, k);
            Assert.Equal((uint)k, log.FirstSequence);
            Assert.Equal(1, log.Count);
        }

        var reopened = new EventLog(flash);
        Assert.Equal(4u, reopened.FirstSequence);
        Assert.True(reopened.TryRead(4, record));
        Assert.False(reopened.TryRead(3, record));
    }

    [Fact]
    public void BytesPastTheLastWholeSlotAreNeverTouched()
    {
        var flash = new SimulatedFlash(EventLog.RegionSizeFor(3) + 7, 0x5A);
        var log = new EventLog(flash);
        Assert.Equal(3, log.Capacity);
        for (int k = 1; k <= 10; k++)
        {
            TestEvents.Append(log, k);
        }

        Assert.All(flash.Bytes.Skip(EventLog.RegionSizeFor(3)), b => Assert.Equal(0x5A, b));
    }

    [Fact]
    public void ADamagedMiddleRecordReadsFalseAndTheRestSurvive()
    {
        var flash = NewFlash();
        var log = TestEvents.OpenAndAppend(flash, 12);

        flash.Bytes[(9 - 1) % Capacity * EventLog.SlotSize + 10] ^= 0x01;   // one bit of record 9's time
        var reopened = new EventLog(flash);
        var record = new EventRecord();
        Assert.Equal(5u, reopened.FirstSequence);
        Assert.Equal(13u, reopened.NextSequence);
        Assert.False(reopened.TryRead(9, record));
        foreach (uint s in new uint[] { 5, 6, 7, 8, 10, 11, 12 })
        {
            Assert.True(reopened.TryRead(s, record));
            Assert.True(TestEvents.Matches(record, s, (int)s));
        }
    }

    [Fact]
    public void NumbersRunOutWithoutWrappingToZero()
    {
        var flash = NewFlash();
        const uint last = uint.MaxValue - 1;
        RawSlot.Plant(flash, (int)((last - 1) % Capacity) * EventLog.SlotSize, RawSlot.Event(last, 42, 0, EventCode.DiskError, Side.A, 7));

        var log = new EventLog(flash);
        Assert.Equal(last, log.FirstSequence);
        Assert.Equal(uint.MaxValue, log.NextSequence);

        long writes = flash.WriteCalls;
        Assert.Equal(EventLog.NoSequence, log.Append(43, EventCode.DiskError, Side.A, 8));
        Assert.Equal(writes, flash.WriteCalls);

        var record = new EventRecord();
        Assert.True(log.TryRead(last, record));
        Assert.Equal(7u, record.Argument);
    }

    [Fact]
    public void ARecordClaimingTheReservedLastNumberIsNotARecord()
    {
        var flash = NewFlash();
        RawSlot.Plant(flash, (int)((uint.MaxValue - 1) % Capacity) * EventLog.SlotSize, RawSlot.Event(uint.MaxValue, 1, 0, EventCode.DmReset, Side.None, 0));
        Assert.Equal(0, new EventLog(flash).Count);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentNullException>(() => new EventLog(null!));
        Assert.Throws<ArgumentException>(() => new EventLog(new SimulatedFlash(EventLog.SlotSize - 1)));
        Assert.Throws<ArgumentNullException>(() => new EventLog(NewFlash()).TryRead(1, null!));
    }

    private static void AssertEmptyThenUsable(EventLog log, SimulatedFlash flash)
    {
        var record = new EventRecord();
        Assert.Equal(0, log.Count);
        Assert.Equal(1u, log.FirstSequence);
        Assert.Equal(1u, log.NextSequence);
        for (uint s = 0; s < 5; s++)
        {
            Assert.False(log.TryRead(s, record));
        }

        Assert.Equal(1u, TestEvents.Append(log, 1));
        var reopened = new EventLog(flash);
        Assert.Equal(2u, reopened.NextSequence);
        Assert.True(reopened.TryRead(1, record));
        Assert.True(TestEvents.Matches(record, 1, 1));
    }
}
