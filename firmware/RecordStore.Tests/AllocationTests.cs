using ColdStandby.Protocol;

namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// The steady state allocates nothing (a GC pause on a board is milliseconds). Speed is not timed
/// here: that belongs in bench/Benchmarks.
/// </summary>
public class AllocationTests
{
    private const int Iterations = 100_000;
    [Fact]
    public void AppendAndReadAllocateNothing()
    {
        var flash = new SimulatedFlash(EventLog.RegionSizeFor(64 + 8));
        var log = new EventLog(new RegionSlice(flash, 0, EventLog.RegionSizeFor(64)), new RegionSlice(flash, EventLog.RegionSizeFor(64), EventLog.RegionSizeFor(8)));
        var record = new EventRecord();
        int failures = AppendAndRead(log, record, 1000);   // warm up: JIT, tiering, type initialisers

        long before = GC.GetAllocatedBytesForCurrentThread();
        failures += AppendAndRead(log, record, Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SaveAndLoadAllocateNothing()
    {
        var flash = new SimulatedFlash(PersistentCell.RegionSizeFor(8));
        var cell = new PersistentCell(flash, 8);
        var value = new byte[8];
        var into = new byte[8];
        int failures = SaveAndLoad(cell, value, into, 1000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        failures += SaveAndLoad(cell, value, into, Iterations);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, failures);
        Assert.Equal(0, allocated);
    }

    private static int AppendAndRead(EventLog log, EventRecord record, int count)
    {
        int failures = 0;
        for (int i = 0; i < count; i++)
        {
            uint sequence = log.Append(i, EventCode.DiskError, Side.A, (uint)i, keep: i % 10 == 0);
            if (!log.TryRead(sequence, record) || record.Argument != (uint)i)
            {
                failures++;
            }

            if (!log.TryRead(log.NextHeld(log.FirstSequence), record) || log.TryRead(log.NextSequence, record) || log.NextHeld(0) != log.FirstSequence)
            {
                failures++;
            }
        }

        return failures;
    }

    private static int SaveAndLoad(PersistentCell cell, byte[] value, byte[] into, int count)
    {
        int failures = 0;
        for (int i = 0; i < count; i++)
        {
            value[0] = (byte)i;
            value[7] = (byte)(i >> 8);
            cell.Save(value, 0);
            if (!cell.Load(into, 0) || into[0] != value[0] || into[7] != value[7])
            {
                failures++;
            }
        }

        return failures;
    }
}
