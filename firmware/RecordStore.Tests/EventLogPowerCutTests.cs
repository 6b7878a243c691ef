namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// Power cut at every byte of a record write, at every slot position, before and during
/// wrap-around; then reopen and check the recovery contract (see <see cref="LogModel"/>).
/// </summary>
public class EventLogPowerCutTests
{
    private const int Capacity = 5;

    public static TheoryData<int> PriorRecordCounts()
    {
        // 0 .. 3 × capacity: every slot position in a fresh ring, at the first wrap, and well after it.
        var data = new TheoryData<int>();
        for (int prior = 0; prior <= 3 * Capacity; prior++)
        {
            data.Add(prior);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PriorRecordCounts))]
    public void ACutAtAnyByteLosesAtMostTheRecordBeingWrittenAndTheOldest(int prior)
    {
        for (int cut = 0; cut <= EventLog.SlotSize; cut++)
        {
            (SimulatedFlash flash, LogModel model, EventLog log) = Prefilled(prior);

            flash.CutPowerAfter(cut);
            model.Append(log, flash, 1000 + cut);
            flash.RestorePower();

            EventLog reopened = model.Reopen(flash);
            uint lastBefore = model.LastCommitted;
            if (cut == EventLog.SlotSize)
            {
                Assert.Equal((uint)prior + 1, lastBefore);
            }

            // The next append gets a number above every committed one, and survives another reopen.
            model.Append(reopened, flash, 2000 + cut);
            Assert.Equal(lastBefore + 1, model.LastCommitted);
            model.Reopen(flash);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public void ACutAnywhereInARunOfAppendsKeepsEveryEarlierRecord(int prior)
    {
        const int run = 4;
        for (int cut = 0; cut <= run * EventLog.SlotSize; cut++)
        {
            (SimulatedFlash flash, LogModel model, EventLog log) = Prefilled(prior);

            flash.CutPowerAfter(cut);
            for (int k = 0; k < run; k++)
            {
                model.Append(log, flash, 100 + k);
            }

            flash.RestorePower();
            EventLog reopened = model.Reopen(flash);
            Assert.Equal((uint)(prior + (cut / EventLog.SlotSize)), model.LastCommitted);
            model.Append(reopened, flash, 500);
            model.Reopen(flash);
        }
    }

    private static (SimulatedFlash Flash, LogModel Model, EventLog Log) Prefilled(int prior)
    {
        var flash = new SimulatedFlash(EventLog.RegionSizeFor(Capacity));
        var model = new LogModel(Capacity);
        var log = new EventLog(flash);
        for (int k = 1; k <= prior; k++)
        {
            model.Append(log, flash, k);
        }

        return (flash, model, log);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void RepeatedRandomCutsAcrossManyReboots(int seed)
    {
        var random = new Random(seed);
        var flash = new SimulatedFlash(EventLog.RegionSizeFor(Capacity));
        var model = new LogModel(Capacity);
        int attempt = 0;

        for (int boot = 0; boot < 3000; boot++)
        {
            EventLog log = model.Reopen(flash);
            int appends = random.Next(0, 3 * Capacity);
            if (random.Next(4) != 0)
            {
                flash.CutPowerAfter(random.Next(0, (appends * EventLog.SlotSize) + 1));
            }

            for (int k = 0; k < appends; k++)
            {
                model.Append(log, flash, ++attempt);
            }

            flash.RestorePower();
        }

        Assert.True(model.LastCommitted > 1000, $"only {model.LastCommitted} records committed");
    }
}
