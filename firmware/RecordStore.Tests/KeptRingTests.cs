using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.RecordStore.Tests;

/// <summary>
/// The kept ring: the newest records appended with <c>keep</c> outlive any flood of others, read
/// with the ring as one log in sequence order, across reopening, and through a power cut at every
/// byte of every write (the ring and the kept ring in one flash, one cut for both).
/// </summary>
public class KeptRingTests
{
    private const int Capacity = 8;
    private const int Kept = 4;

    [Fact]
    public void Kept_records_outlive_a_flood_that_turns_the_ring_over_a_thousand_times()
    {
        var (flash, ring, kept) = NewFlash();
        var log = new EventLog(ring, kept);
        uint grant = log.Append(1, EventCode.GrantGiven, Side.A, 1, keep: true);
        uint release = log.Append(2, EventCode.GrantReleased, Side.A, 1, keep: true);
        for (int k = 0; k < 1000 * Capacity; k++)
        {
            log.Append(3 + k, EventCode.DiskError, Side.B, (uint)k);
        }

        var record = new EventRecord();
        Assert.False(log.TryRead(release + 1, record));
        Assert.Equal(grant, log.FirstSequence);
        Assert.Equal(log.NextSequence - Capacity, log.RingFirstSequence);
        Assert.Equal(2 + Capacity, log.Count);
        Assert.Equal(
            new[] { "1 GrantGiven A 1", "2 GrantReleased A 1" }.Concat(Enumerable.Range(8000 - Capacity, Capacity).Select(k => $"{k + 3} DiskError B {k}")),
            Walk(log));

        // Reopened, the same log, and numbering goes on.
        var reopened = new EventLog(ring, kept);
        Assert.Equal(Walk(log), Walk(reopened));
        Assert.Equal(log.NextSequence, reopened.NextSequence);
        Assert.Equal(0, flash.WriteCalls - ((2 * 2) + (1000 * Capacity)));
    }

    [Fact]
    public void Only_the_newest_kept_records_are_kept_and_a_reopened_log_goes_on_overwriting_the_oldest()
    {
        var (_, ring, kept) = NewFlash();
        var log = new EventLog(ring, kept);
        for (int k = 1; k <= 6; k++)
        {
            log.Append(k, EventCode.ModeChanged, Side.A, (uint)k, keep: true);
            for (int flood = 0; flood < 2 * Capacity; flood++)
            {
                log.Append(k, EventCode.PeerSilent, Side.B, 0);
            }
        }

        Assert.Equal(new uint[] { 3, 4, 5, 6 }, KeptArguments(log));

        log = new EventLog(ring, kept);
        log.Append(7, EventCode.ModeChanged, Side.A, 7, keep: true);
        Assert.Equal(new uint[] { 4, 5, 6, 7 }, KeptArguments(log));
        log = new EventLog(ring, kept);
        log.Append(8, EventCode.ModeChanged, Side.A, 8, keep: true);
        Assert.Equal(new uint[] { 5, 6, 7, 8 }, KeptArguments(log));
    }

    [Fact]
    public void NextHeld_skips_the_gaps_between_kept_records_to_the_ring()
    {
        var (_, ring, kept) = NewFlash();
        var log = new EventLog(ring, kept);
        Assert.Equal(1u, log.NextHeld(0));
        Assert.Equal(1u, log.NextHeld(5));
        log.Append(0, EventCode.GrantGiven, Side.A, 1, keep: true);                  // 1
        for (int k = 0; k < 20; k++)
        {
            log.Append(0, EventCode.DiskError, Side.A, 0);                           // 2 … 21
        }

        log.Append(0, EventCode.GrantGiven, Side.B, 2, keep: true);                  // 22
        for (int k = 0; k < 20; k++)
        {
            log.Append(0, EventCode.DiskError, Side.A, 0);                           // 23 … 42; ring holds 35 … 42
        }

        Assert.Equal(35u, log.RingFirstSequence);
        Assert.Equal(1u, log.NextHeld(0));
        Assert.Equal(1u, log.NextHeld(1));
        Assert.Equal(22u, log.NextHeld(2));
        Assert.Equal(35u, log.NextHeld(23));
        Assert.Equal(40u, log.NextHeld(40));
        Assert.Equal(43u, log.NextHeld(43));
        Assert.Equal(43u, log.NextHeld(1000));
    }

    [Fact]
    public void A_kept_ring_region_holding_ring_slots_or_garbage_opens_empty()
    {
        var flash = new SimulatedFlash(EventLog.RegionSizeFor(Capacity + Kept), fill: 0x00);
        var ring = new RegionSlice(flash, 0, EventLog.RegionSizeFor(Capacity));
        var kept = new RegionSlice(flash, ring.Size, EventLog.RegionSizeFor(Kept));

        // A firmware without a kept ring used the whole flash for its ring: those slots are not kept records.
        TestEvents.OpenAndAppend(flash, Capacity + Kept);
        var log = new EventLog(ring, kept);
        Assert.Equal(0, log.Count - (int)(log.NextSequence - log.RingFirstSequence));
        Assert.Equal(log.RingFirstSequence, log.FirstSequence);

        new Random(3).NextBytes(flash.Bytes);
        log = new EventLog(ring, kept);
        Assert.Equal(0, log.Count);
        Assert.Equal(1u, log.NextSequence);
    }

    [Fact]
    public void The_newest_wall_clock_time_is_found_in_the_kept_ring_when_the_ring_holds_none()
    {
        var (_, ring, kept) = NewFlash();
        var log = new EventLog(ring, kept) { WallClock = true };
        log.Append(1_795_000_000_000, EventCode.ModeChanged, Side.A, 2, keep: true);
        log.WallClock = false;
        for (int k = 0; k < 3 * Capacity; k++)
        {
            log.Append(k, EventCode.PeerSilent, Side.B, 0);
        }

        Assert.Equal(1_795_000_000_000, new EventLog(ring, kept).LastWallClockTime);
    }

    public static TheoryData<int> PriorRecordCounts()
    {
        var data = new TheoryData<int>();
        for (int prior = 0; prior <= 3 * Capacity; prior++)
        {
            data.Add(prior);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PriorRecordCounts))]
    public void A_cut_at_any_byte_of_a_kept_or_plain_append_loses_at_most_the_record_written_and_the_oldest_of_its_ring(int prior)
    {
        foreach (bool keep in new[] { true, false })
        {
            for (int cut = 0; cut <= 2 * EventLog.SlotSize; cut++)
            {
                var (flash, ring, kept) = NewFlash();
                var model = new LogModel(Capacity, Kept);
                var log = new EventLog(ring, kept);
                for (int k = 1; k <= prior; k++)
                {
                    model.Append(log, flash, k, keep: k % 3 != 0);
                }

                flash.CutPowerAfter(cut);
                model.Append(log, flash, 1000 + cut, keep);
                flash.RestorePower();

                EventLog reopened = model.Reopen(ring, kept);
                uint lastBefore = model.LastCommitted;
                model.Append(reopened, flash, 2000 + cut, keep: true);
                Assert.Equal(lastBefore + 1, model.LastCommitted);
                model.Reopen(ring, kept);
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Repeated_random_cuts_across_many_reboots(int seed)
    {
        var random = new Random(seed);
        var (flash, ring, kept) = NewFlash();
        var model = new LogModel(Capacity, Kept);
        int attempt = 0;

        for (int boot = 0; boot < 3000; boot++)
        {
            EventLog log = model.Reopen(ring, kept);
            int appends = random.Next(0, 3 * Capacity);
            if (random.Next(4) != 0)
            {
                flash.CutPowerAfter(random.Next(0, (appends * 2 * EventLog.SlotSize) + 1));
            }

            for (int k = 0; k < appends; k++)
            {
                model.Append(log, flash, ++attempt, keep: random.Next(3) == 0);
            }

            flash.RestorePower();
        }

        Assert.True(model.LastCommitted > 1000, $"only {model.LastCommitted} records committed");
        Assert.True(model.KeptCommitted > 300, $"only {model.KeptCommitted} kept records committed");
    }

    private static (SimulatedFlash Flash, RegionSlice Ring, RegionSlice Kept) NewFlash()
    {
        var flash = new SimulatedFlash(EventLog.RegionSizeFor(Capacity + Kept));
        var ring = new RegionSlice(flash, 0, EventLog.RegionSizeFor(Capacity));
        return (flash, ring, new RegionSlice(flash, ring.Size, EventLog.RegionSizeFor(Kept)));
    }

    private static List<string> Walk(EventLog log)
    {
        var lines = new List<string>();
        var record = new EventRecord();
        for (uint s = log.NextHeld(log.FirstSequence); s < log.NextSequence; s = log.NextHeld(s + 1))
        {
            Assert.True(log.TryRead(s, record), $"record {s} not held");
            lines.Add($"{record.Sequence} {record.Code} {record.Side} {record.Argument}");
        }

        return lines;
    }

    private static uint[] KeptArguments(EventLog log)
    {
        var record = new EventRecord();
        var arguments = new List<uint>();
        for (uint s = log.NextHeld(log.FirstSequence); s < log.NextSequence; s = log.NextHeld(s + 1))
        {
            if (log.TryRead(s, record) && record.Code == EventCode.ModeChanged)
            {
                arguments.Add(record.Argument);
            }
        }

        return arguments.ToArray();
    }
}
