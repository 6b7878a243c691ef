using ColdStandby.Protocol;

namespace ColdStandby.RecordStore.Tests;

public class RegionSliceTests
{
    [Fact]
    public void ASliceMapsAddressZeroToItsOffset()
    {
        var flash = new SimulatedFlash(100, 0);
        var slice = new RegionSlice(flash, 10, 20);
        Assert.Equal(10, slice.Offset);
        Assert.Equal(20, slice.Size);

        slice.Write(0, new byte[] { 1, 2, 3 }, 1, 2);
        Assert.Equal(new byte[] { 0, 2, 3, 0 }, flash.Bytes[9..13]);

        var back = new byte[2];
        slice.Read(0, back, 0, 2);
        Assert.Equal(new byte[] { 2, 3 }, back);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 21)]
    [InlineData(20, 1)]
    [InlineData(19, 2)]
    [InlineData(5, -1)]
    public void AccessOutsideTheSliceIsRefused(int address, int count)
    {
        var flash = new SimulatedFlash(100);
        var slice = new RegionSlice(flash, 10, 20);
        var buffer = new byte[64];
        Assert.Throws<ArgumentOutOfRangeException>(() => slice.Write(address, buffer, 0, count));
        Assert.Throws<ArgumentOutOfRangeException>(() => slice.Read(address, buffer, 0, count));
        Assert.All(flash.Bytes, b => Assert.Equal(0xFF, b));
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 101)]
    [InlineData(90, 11)]
    [InlineData(0, -1)]
    public void ASliceMustLieInsideItsParent(int offset, int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RegionSlice(new SimulatedFlash(100), offset, size));
    }

    [Fact]
    public void SlicesNest()
    {
        var flash = new SimulatedFlash(100, 0);
        var inner = new RegionSlice(new RegionSlice(flash, 10, 50), 5, 10);
        inner.Write(9, new byte[] { 7 }, 0, 1);
        Assert.Equal(7, flash.Bytes[24]);
        Assert.Throws<ArgumentOutOfRangeException>(() => inner.Write(10, new byte[1], 0, 1));
    }

    [Fact]
    public void ALayoutHandsOutConsecutiveSlices()
    {
        var layout = new RegionLayout(new SimulatedFlash(1000));
        RegionSlice cell = layout.Take(PersistentCell.RegionSizeFor(8));
        RegionSlice log = layout.TakeRest();

        Assert.Equal((0, 40), (cell.Offset, cell.Size));
        Assert.Equal((40, 960), (log.Offset, log.Size));
        Assert.Equal(0, layout.Remaining);
        Assert.Throws<ArgumentOutOfRangeException>(() => layout.Take(1));
        Assert.Equal(0, layout.TakeRest().Size);
        Assert.Throws<ArgumentNullException>(() => new RegionLayout(null!));
    }

    [Fact]
    public void ACellAndALogShareOneFlashAndSurviveACutAtEveryByte()
    {
        // SMU-style: mode and epoch in a cell, events in a log, one flash file. A script of saves and
        // appends is cut at every byte it writes; each store must keep its own contract.
        int total = (int)new SmuScript(cut: -1).Flash.BytesWritten;
        for (int cut = 0; cut <= total; cut++)
        {
            var script = new SmuScript(cut);
            var layout = new RegionLayout(script.Flash);
            var cell = new PersistentCell(layout.Take(SmuScript.CellRegionSize), SmuScript.StateLength);
            var state = new byte[SmuScript.StateLength];
            if (cell.Load(state, 0))
            {
                Assert.True(state.SequenceEqual(script.CommittedState!) || state.SequenceEqual(script.InFlightState!), $"cut {cut}: cell holds a value never completely saved");
            }
            else
            {
                Assert.Null(script.CommittedState);
            }

            script.Log.Reopen(layout.TakeRest());
        }
    }

    /// <summary>Saves a mode and epoch and logs two events per step, five steps, into one flash.</summary>
    private sealed class SmuScript
    {
        public const int StateLength = 5;
        public const int LogCapacity = 4;
        public static readonly int CellRegionSize = PersistentCell.RegionSizeFor(StateLength);

        public SmuScript(int cut)
        {
            Flash = new SimulatedFlash(CellRegionSize + EventLog.RegionSizeFor(LogCapacity));
            var layout = new RegionLayout(Flash);
            var cell = new PersistentCell(layout.Take(CellRegionSize), StateLength);
            var log = new EventLog(layout.TakeRest());
            if (cut >= 0)
            {
                Flash.CutPowerAfter(cut);
            }

            int attempt = 0;
            uint epoch = 0;
            foreach (Mode mode in new[] { Mode.Standby, Mode.Active, Mode.Failed, Mode.Standby, Mode.Active })
            {
                var state = new byte[StateLength];
                state[0] = (byte)mode;
                LittleEndian.WriteUInt32(state, 1, ++epoch);
                long before = Flash.BytesWritten;
                cell.Save(state, 0);
                if (Flash.BytesWritten - before == CellRegionSize / 2 && InFlightState == null)
                {
                    CommittedState = state;
                }
                else
                {
                    InFlightState ??= state;
                }

                Log.Append(log, Flash, ++attempt);
                Log.Append(log, Flash, ++attempt);
            }

            Flash.RestorePower();
        }

        public SimulatedFlash Flash { get; }

        public LogModel Log { get; } = new(LogCapacity);

        public byte[]? CommittedState { get; }

        public byte[]? InFlightState { get; }
    }
}
