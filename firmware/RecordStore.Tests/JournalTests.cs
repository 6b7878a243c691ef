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

        Assert.Equal(RefusalReason.None, journal.SetWallClock(1_795_000_000_000, false));
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

    private const long Year2099 = 4_070_908_800_000;
    private const long Year2001 = 978_307_200_000;
    private const long Minute = 60_000;

    [Fact]
    public void A_far_step_back_is_refused_and_changes_nothing_unless_meant_then_it_is_logged_from_and_to()
    {
        var (journal, records) = Started();
        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2099, false));
        journal.Advance(2_000);
        journal.Write(EventCode.PowerOn, Side.A, 0);

        uint next = journal.Log.NextSequence;
        Assert.Equal(RefusalReason.ClockAhead, journal.SetWallClock(Year2001, false));
        Assert.Equal(next, journal.Log.NextSequence);
        Assert.Equal(Year2099 + 1_000, journal.Time);
        Assert.Equal(255, journal.DaysAhead(Year2001));

        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2001, true));
        journal.Advance(3_000);
        journal.Write(EventCode.PowerOn, Side.A, 1);

        Assert.Equal(
            new[]
            {
                (EventCode.SmuReset, 0L, false, 0u),
                (EventCode.TimeSet, Year2099, true, 0u),
                (EventCode.PowerOn, Year2099 + 1_000, true, 0u),
                (EventCode.ClockStepBack, Year2001, true, (uint)((Year2099 + 1_000) / 1000)),
                (EventCode.PowerOn, Year2001 + 1_000, true, 1u),
            },
            records());
    }

    [Fact]
    public void A_routine_set_a_moment_behind_a_running_clock_leaves_it_and_logs_nothing_but_a_meant_one_steps_back()
    {
        // Every agent start sets the time; a few milliseconds back each time, each a kept
        // ClockStepBack, would push the kept switches out of the kept ring.
        var (journal, records) = Started();
        journal.SetWallClock(Year2001, false);

        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2001 - 3, false));
        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2001 - Journal.RoutineSlackMilliseconds, false));
        Assert.Equal(Year2001, journal.Time);
        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2001 - Journal.RoutineSlackMilliseconds - 1, false));
        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2001 - Journal.RoutineSlackMilliseconds - 3, true));

        Assert.Equal(
            new[]
            {
                (EventCode.SmuReset, 0L, false, 0u),
                (EventCode.TimeSet, Year2001, true, 0u),
                (EventCode.ClockStepBack, Year2001 - Journal.RoutineSlackMilliseconds - 1, true, (uint)(Year2001 / 1000)),
                (EventCode.ClockStepBack, Year2001 - Journal.RoutineSlackMilliseconds - 3, true, (uint)((Year2001 - 1001) / 1000)),
            },
            records());
    }

    [Fact]
    public void A_short_step_back_a_drifting_clock_needs_is_taken_without_the_flag_and_logged()
    {
        var (journal, records) = Started();
        journal.SetWallClock(Year2001, false);

        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2001 - (10 * Minute), false));
        Assert.Equal(RefusalReason.ClockAhead, journal.SetWallClock(Year2001 - (20 * Minute) - 1, false));
        Assert.Equal(0, journal.DaysAhead(Year2001 - (20 * Minute) - 1));
        Assert.Equal(RefusalReason.OutOfRange, journal.SetWallClock(1_000, true));
        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2001, false));

        Assert.Equal(
            new[]
            {
                (EventCode.SmuReset, 0L, false, 0u),
                (EventCode.TimeSet, Year2001, true, 0u),
                (EventCode.ClockStepBack, Year2001 - (10 * Minute), true, (uint)(Year2001 / 1000)),
                (EventCode.TimeSet, Year2001, true, (uint)((Year2001 - (10 * Minute)) / 1000)),
            },
            records());
    }

    [Fact]
    public void After_a_restart_the_newest_wall_clock_entry_is_the_time_a_set_may_not_go_back_from()
    {
        var region = new RamRegion(EventLog.RegionSizeFor(16));
        var first = new Journal(new EventLog(region));
        first.Advance(0);
        first.SetWallClock(Year2099, false);
        first.Advance(5_000);
        first.Write(EventCode.PowerOn, Side.A, 0);

        // The board restarts: its clock is not set, but the log says it was 2099.
        var journal = new Journal(new EventLog(region));
        journal.Advance(100);
        journal.Write(EventCode.SmuReset, Side.A, 0);
        Assert.False(journal.ClockSet);
        Assert.Equal(Year2099 + 5_000, journal.Log.LastWallClockTime);
        Assert.Equal(RefusalReason.ClockAhead, journal.SetWallClock(Year2001, false));
        Assert.False(journal.ClockSet);

        // A time after the newest entry is a plain set (the board was off meanwhile).
        Assert.Equal(RefusalReason.None, journal.SetWallClock(Year2099 + (60 * Minute), false));
        var record = new EventRecord();
        Assert.True(journal.Log.TryRead(journal.Log.NextSequence - 1, record));
        Assert.Equal((EventCode.TimeSet, Year2099 + (60 * Minute), 0u), (record.Code, record.Time, record.Argument));

        // A restart whose clock is set back a little: recorded from the newest entry's time.
        var third = new Journal(new EventLog(region));
        third.Advance(0);
        Assert.Equal(RefusalReason.None, third.SetWallClock(Year2099 + (59 * Minute), false));
        Assert.True(third.Log.TryRead(third.Log.NextSequence - 1, record));
        Assert.Equal((EventCode.ClockStepBack, Year2099 + (59 * Minute), (uint)((Year2099 + (60 * Minute)) / 1000)), (record.Code, record.Time, record.Argument));
    }

    [Fact]
    public void Codes_marked_kept_and_step_backs_outlive_a_flood_and_an_entry_can_be_kept_by_its_writer()
    {
        var flash = new RamRegion(EventLog.RegionSizeFor(16 + 4));
        var journal = new Journal(new EventLog(new RegionSlice(flash, 0, EventLog.RegionSizeFor(16)), new RegionSlice(flash, EventLog.RegionSizeFor(16), EventLog.RegionSizeFor(4))));
        journal.Keep(EventCode.ModeChanged);
        Assert.True(journal.IsKept(EventCode.ModeChanged));
        Assert.True(journal.IsKept(EventCode.ClockStepBack));
        Assert.False(journal.IsKept(EventCode.AlarmRaised));
        journal.Advance(0);
        journal.SetWallClock(Year2001, false);
        journal.Write(EventCode.ModeChanged, Side.A, 2);
        journal.SetWallClock(Year2001 - Minute, false);
        journal.Write(EventCode.AlarmRaised, Side.A, 1, keep: true);
        journal.Write(EventCode.AlarmRaised, Side.A, 2);
        journal.Write(EventCode.ModeChanged, Side.A, 3, keep: false);
        for (int k = 0; k < 1000; k++)
        {
            journal.Write(EventCode.PeerSilent, Side.B, 0);
        }

        var kept = new List<string>();
        var record = new EventRecord();
        for (uint s = journal.Log.NextHeld(journal.Log.FirstSequence); s < journal.Log.RingFirstSequence; s = journal.Log.NextHeld(s + 1))
        {
            Assert.True(journal.Log.TryRead(s, record));
            kept.Add($"{s} {record.Code} {record.Argument}");
        }

        Assert.Equal(new[] { "2 ModeChanged 2", "3 ClockStepBack 978307200", "4 AlarmRaised 1" }, kept);
    }

    private static (Journal Journal, Func<(EventCode, long, bool, uint)[]> Records) Started()
    {
        var journal = new Journal(new EventLog(new RamRegion(EventLog.RegionSizeFor(64))));
        journal.Advance(1_000);
        journal.Write(EventCode.SmuReset, Side.A, 0);
        return (journal, () =>
        {
            var list = new List<(EventCode, long, bool, uint)>();
            var record = new EventRecord();
            for (uint s = journal.Log.FirstSequence; s < journal.Log.NextSequence; s++)
            {
                Assert.True(journal.Log.TryRead(s, record));
                list.Add((record.Code, record.Time, record.WallClock, record.Argument));
            }

            return list.ToArray();
        });
    }
}
