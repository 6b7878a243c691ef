using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.RecordStore.Tests;

public class JournalTests
{
    [Fact]
    public void Records_are_stamped_from_the_first_step_until_the_clock_is_set_then_with_wall_time()
    {
        var journal = new Journal(new EventLog(new RamRegion(EventLog.RegionSizeFor(16))));
        journal.Advance(50_000);
        journal.Advance(51_500);
        uint before = journal.Write(EventCode.SmuReset, Side.A, 0);

        journal.SetWallClock(1_795_000_000_000);
        journal.Advance(52_500);
        uint after = journal.Write(EventCode.PowerOn, Side.A, 0);

        var record = new EventRecord();
        Assert.True(journal.Log.TryRead(before, record));
        Assert.Equal(1_500, record.Time);
        Assert.False(record.WallClock);

        Assert.True(journal.Log.TryRead(before + 1, record));
        Assert.Equal(EventCode.TimeSet, record.Code);
        Assert.Equal(1u, record.Argument);

        Assert.True(journal.Log.TryRead(after, record));
        Assert.Equal(1_795_000_001_000, record.Time);
        Assert.True(record.WallClock);
    }

    [Theory]
    [InlineData(946_684_799_999, false)]
    [InlineData(946_684_800_000, true)]
    [InlineData(1_795_000_000_000, true)]
    [InlineData(4_102_444_800_001, false)]
    public void Only_a_time_in_this_century_is_plausible(long unixMs, bool plausible) =>
        Assert.Equal(plausible, Journal.IsPlausible(unixMs));
}
