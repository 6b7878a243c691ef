using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests;

public class PartsTests
{
    [Fact]
    public void Persisted_state_round_trips_and_writes_only_on_change()
    {
        var region = new CountingRegion(PersistedState.RegionSize);
        var state = new PersistedState(region);
        Assert.False(state.Load());
        Assert.Equal(Mode.Unknown, state.Mode);
        state.Save();
        Assert.Equal(0, region.Writes);

        state.Mode = Mode.Failed;
        state.Epoch = 0xDEADBEEF;
        state.Phase = SequencePhase.Abandoned;
        state.Fault = FaultKind.LanController;
        state.FaultDetail = 0x1234;
        state.LatchedAlarms = AlarmFlags.ServerFault | AlarmFlags.WholeSystemFailure;
        state.StagesReached = 0x5;
        state.Save();
        state.Save();
        Assert.Equal(1, region.Writes);

        var again = new PersistedState(region);
        Assert.True(again.Load());
        Assert.Equal(
            (Mode.Failed, 0xDEADBEEFu, SequencePhase.Abandoned, FaultKind.LanController, (ushort)0x1234, AlarmFlags.ServerFault | AlarmFlags.WholeSystemFailure, 5),
            (again.Mode, again.Epoch, again.Phase, again.Fault, again.FaultDetail, again.LatchedAlarms, again.StagesReached));
    }

    [Fact]
    public void Boot_checkpoints_count_each_stage_from_its_reference()
    {
        var boot = new BootCheckpoints(new[]
        {
            new BootStage("power-good", 5000, BootStage.FromPowerOn),
            new BootStage("os-loaded", 300000, BootStage.FromPowerOn),
            new BootStage("services-ready", 600000, 1),
        });
        boot.Start(1000);
        Assert.Equal(-1, boot.Missed(5999));
        Assert.Equal(0, boot.Missed(6000));
        Assert.True(boot.Reach(0, 2000));
        Assert.False(boot.Reach(0, 2001));
        // services-ready has no deadline until the OS is loaded
        Assert.Equal(-1, boot.Missed(300999));
        Assert.Equal(1, boot.Missed(301000));
        boot.Reach(1, 100000);
        Assert.Equal(-1, boot.Missed(699999));
        Assert.Equal(2, boot.Missed(700000));
        boot.Reach(2, 700000);
        Assert.True(boot.AllReached);
        Assert.Equal(-1, boot.Missed(long.MaxValue - 1));
    }

    [Fact]
    public void Boot_checkpoints_resumed_after_a_reboot_time_the_stages_still_due_from_now()
    {
        var boot = new BootCheckpoints(new SmuConfig().BootStages);
        boot.Resume(50_000, 0b011);
        Assert.True(boot.IsReached(1));
        Assert.Equal(-1, boot.Missed(649_999));
        Assert.Equal(2, boot.Missed(650_000));
    }

    private sealed class CountingRegion(int size) : INonVolatileRegion
    {
        private readonly RamRegion _inner = new(size);

        public int Writes { get; private set; }

        public int Size => _inner.Size;

        public void Read(int address, byte[] buffer, int offset, int count) => _inner.Read(address, buffer, offset, count);

        public void Write(int address, byte[] buffer, int offset, int count)
        {
            Writes++;
            _inner.Write(address, buffer, offset, count);
        }
    }
}
