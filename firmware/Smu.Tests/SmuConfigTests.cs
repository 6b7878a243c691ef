using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Rig;

namespace ColdStandby.Smu.Tests;

public class SmuConfigTests
{
    [Fact]
    public void Defaults_are_DESIGN_section_4()
    {
        var config = new SmuConfig();
        Assert.Null(config.Validate());
        Assert.Equal(2000, config.WatchdogTimeoutMs);
        Assert.Equal(200, config.HeartbeatPeriodMs);
        Assert.Equal(1000, config.PeerSilentMs);
        Assert.Equal(new long[] { 5000, 300000, 600000 }, config.BootStages.Select(s => s.DeadlineMs));
        Assert.Equal(new[] { BootStage.FromPowerOn, BootStage.FromPowerOn, 1 }, config.BootStages.Select(s => s.After));
        Assert.Equal(120000, config.GracefulShutdownMs);
        Assert.Equal(2000, config.StorageGrantTimeoutMs);
        // The DM's default settle (100 ms) less the boards' loops.
        Assert.Equal(95, config.ProofRegrantMinMs);
        Assert.Equal((300, 3), (config.FitnessReplyTimeoutMs, config.FitnessTries));
        Assert.Equal((300, 3), (config.SwitchAckTimeoutMs, config.SwitchTries));
        // DESIGN.md's 2 s: the DM releases after a 10 ms debounce (the request is a latch, no hold-off)
        Assert.Equal(2000, config.StorageReleaseConfirmMs);
        Assert.True(config.RestoreAfterSiteOutage);
        Assert.Equal(960_000, config.NoServiceAlarmMs);
        Assert.Equal(Side.A, config.PreferredSide);
    }

    public static TheoryData<string, Action<SmuConfig>> BadKeys() => new()
    {
        { "PreferredSide", c => c.PreferredSide = Side.None },
        { "WatchdogTimeoutMs", c => c.WatchdogTimeoutMs = 0 },
        { "PeerSilentMs", c => c.PeerSilentMs = 300 },
        { "BootStages", c => c.BootStages = new[] { new BootStage("power-good", 5000, -1) } },
        { "BootStages[1].DeadlineMs", c => c.BootStages = new[] { new BootStage("a", 1, -1), new BootStage("b", 0, -1) } },
        { "BootStages[1].After", c => c.BootStages = new[] { new BootStage("a", 1, -1), new BootStage("b", 1, 1) } },
        { "GracefulShutdownMs", c => c.GracefulShutdownMs = 70_000_000 },
        { "ForcedOffHoldMs", c => c.ForcedOffHoldMs = 100 },
        { "ProofRegrantMinMs", c => c.ProofRegrantMinMs = -1 },
        { "ProofRegrantMinMs", c => c.ProofRegrantMinMs = 2000 },
        { "FitnessTries", c => c.FitnessTries = 0 },
        { "SwitchTries", c => c.SwitchTries = 256 },
        { "LinkBufferBytes", c => c.LinkBufferBytes = 60 },
        { "NoServiceAlarmMs", c => c.NoServiceAlarmMs = 900_000 },
        { "MaxFailedBoots", c => c.MaxFailedBoots = 0 },
        { "HealthyRunMs", c => c.HealthyRunMs = 0 },
    };

    [Theory]
    [MemberData(nameof(BadKeys))]
    public void Validate_names_the_bad_key(string key, Action<SmuConfig> spoil)
    {
        var config = new SmuConfig();
        spoil(config);
        Assert.Equal(key, config.Validate());
    }

    [Fact]
    public void A_unit_refuses_a_bad_configuration_side_or_region()
    {
        var board = new SmuBoard(new MemoryLine("b"), new MemoryLatch("r"), new MemoryLine("a"),
            new MemoryLine("p"), new MemoryLine("g"), new MemoryLine("k"), new MemoryChannel(), new MemoryChannel());
        var region = new RamRegion(ServerManagementUnit.RegionSizeFor(16));
        Assert.Throws<ArgumentException>(() => new ServerManagementUnit(new SmuConfig { FitnessTries = 0 }, board, Side.A, region));
        Assert.Throws<ArgumentException>(() => new ServerManagementUnit(new SmuConfig(), board, Side.None, region));
        Assert.Throws<ArgumentException>(() => new ServerManagementUnit(new SmuConfig(), board, Side.A, new RamRegion(20)));
        Assert.Throws<ArgumentNullException>(() => new ServerManagementUnit(new SmuConfig(), null!, Side.A, region));
    }
}
