using ColdStandby.Hardware;
using ColdStandby.RecordStore;
using ColdStandby.Scenarios.Rig;

namespace ColdStandby.Dm.Tests;

/// <summary>A bad setting is named by its key, and the DM refuses to be built with it.</summary>
public class ConfigTests
{
    [Fact]
    public void The_defaults_are_valid_and_are_the_documented_ones()
    {
        var config = new DiskManagerConfig();
        Assert.Null(config.Validate());
        Assert.Equal(100, config.SettleMilliseconds);
        Assert.Equal(10, config.ReleaseDebounceMilliseconds);
        Assert.False(config.FenceEnabled);
        Assert.Equal(1024, config.LogCapacity);
        Assert.Equal(SimultaneousRule.NotLastHolder, config.Simultaneous);
        Assert.Equal(4, config.LogRecordsPerStep);
    }

    public static TheoryData<string, Action<DiskManagerConfig>> BadSettings() => new()
    {
        { "SettleMilliseconds", c => c.SettleMilliseconds = 0 },
        { "SettleMilliseconds", c => c.SettleMilliseconds = 600_001 },
        { "ReleaseDebounceMilliseconds", c => c.ReleaseDebounceMilliseconds = -1 },
        { "ReleaseDebounceMilliseconds", c => c.ReleaseDebounceMilliseconds = 600_001 },
        { "LogCapacity", c => c.LogCapacity = 7 },
        { "LogCapacity", c => c.LogCapacity = 65_537 },
        { "Simultaneous", c => c.Simultaneous = 0 },
        { "Simultaneous", c => c.Simultaneous = (SimultaneousRule)4 },
        { "LogRecordsPerStep", c => c.LogRecordsPerStep = 0 },
        { "LogRecordsPerStep", c => c.LogRecordsPerStep = 65 },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void A_setting_out_of_range_is_named_and_the_DM_is_not_built(string key, Action<DiskManagerConfig> spoil)
    {
        var config = new DiskManagerConfig();
        spoil(config);
        Assert.Equal(key, config.Validate());
        Assert.Throws<ArgumentException>(() => new Board(config, new RamRegion(1 << 20)));
    }

    [Fact]
    public void The_region_holds_the_grant_memory_then_the_log_then_its_kept_ring_and_a_smaller_one_is_refused()
    {
        var config = new DiskManagerConfig { LogCapacity = 100 };
        Assert.Equal(PersistentCell.RegionSizeFor(8) + EventLog.RegionSizeFor(100) + EventLog.RegionSizeFor(64), DiskManager.RegionSizeFor(config));
        Assert.Equal(40 + 2400 + 1536, DiskManager.RegionSizeFor(config));
        Assert.Throws<ArgumentException>(() => new Board(config, new RamRegion(DiskManager.RegionSizeFor(config) - 1)));
        Assert.Equal(100, new Board(config, new RamRegion(DiskManager.RegionSizeFor(config) + 23)).Dm.Log.Capacity);
    }

    [Fact]
    public void Missing_parts_are_refused()
    {
        var line = new MemoryLine("Request");
        var latch = new MemoryLatch("Access");
        var channel = new MemoryChannel(64);
        Assert.Throws<ArgumentNullException>(() => new DiskManagerIo(line, line, latch, null!, channel, channel));
        var io = new DiskManagerIo(line, line, latch, latch, channel, channel);
        Assert.Throws<ArgumentNullException>(() => new DiskManager(null!, io, new RamRegion(1 << 16)));
        Assert.Throws<ArgumentNullException>(() => new DiskManager(new DiskManagerConfig(), null!, new RamRegion(1 << 16)));
        Assert.Throws<ArgumentNullException>(() => new DiskManager(new DiskManagerConfig(), io, null!));
    }
}
