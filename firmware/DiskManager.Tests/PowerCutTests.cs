using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.RecordStore.Tests;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// The DM stops after every possible number of bytes of the step that grants, releases or fences
/// (grant memory and log slot alike), with the log ring at every position before and across its
/// wrap; from that instant it moves nothing more. Then it restarts on what the flash kept, two
/// ways: a reset (a watchdog or brown-out of the microcontroller alone: the access latches hold what
/// they held at the cut) and a power cycle (the latches are cleared). Every record committed before
/// the cut reads back exactly, the torn one is never returned, and the grant decision after the
/// restart is the safe one.
/// </summary>
public class PowerCutTests
{
    private const int Capacity = 8;

    private static DiskManagerConfig Config() => new() { LogCapacity = Capacity, FenceEnabled = true };

    public static TheoryData<int> PriorRecords()
    {
        // The grant's record lands in every slot of a fresh ring, at the first wrap, and after it.
        var data = new TheoryData<int>();
        for (int prior = 0; prior <= 2 * Capacity + 1; prior++)
        {
            data.Add(prior);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PriorRecords))]
    public void A_cut_while_granting_leaves_the_latch_set_only_after_the_memory_was_saved(int prior)
    {
        int stepBytes = BytesOfStep(prior, Grant, granted: false);
        // The grant memory, then the record: to the kept ring, then to the ring.
        Assert.Equal(PersistentCellSlot + (2 * EventLog.SlotSize), stepBytes);
        foreach (bool powerCycle in new[] { false, true })
        {
            for (int cut = 0; cut <= stepBytes; cut++)
            {
                (Board board, SimulatedFlash flash, Dictionary<uint, string> before) = Prepared(prior);
                flash.CutPowerAfter(cut);
                Grant(board);
                // The memory is saved first; the latch is set only after the whole save went through.
                bool saved = cut >= PersistentCellSlot;
                bool latched = board.AccessA.Value;
                Assert.Equal(cut > PersistentCellSlot, latched);
                Restart(board, flash, powerCycle);
                board.Request(true, true);
                board.Step(3000);

                string what = $"cut {cut}{(powerCycle ? ", power cycle" : ", reset")}";
                CheckLog(board, before, (uint)before.Count + 1, Written(cut, stepBytes) ? "GrantGiven A 1" : null, what);
                if (latched && !powerCycle)
                {
                    Assert.Equal("A", board.Access);
                    Assert.Equal(new[] { "DmReset A 1", "GrantRestored A 1", "RequestWaiting B 0" }, Tail(board, 3));
                    continue;
                }

                // Nobody now, and the earlier asker after the settle time.
                Assert.Equal("-", board.Access);
                Assert.Equal(saved ? new[] { "DmReset - 0", "GrantReleased A 1" } : new[] { "DmReset - 0" }, Tail(board, saved ? 2 : 1));
                board.Step(3000 + board.Config.SettleMilliseconds);
                Assert.NotEqual("-", board.Access);
            }
        }
    }

    [Theory]
    [MemberData(nameof(PriorRecords))]
    public void A_cut_while_releasing_never_keeps_the_released_side_and_nobody_is_granted_before_the_settle_time(int prior)
    {
        int stepBytes = BytesOfStep(prior, Release, granted: true);
        foreach (bool powerCycle in new[] { false, true })
        {
            for (int cut = 0; cut <= stepBytes; cut++)
            {
                (Board board, SimulatedFlash flash, Dictionary<uint, string> before) = Prepared(prior, granted: true);
                flash.CutPowerAfter(cut);
                Release(board);
                Restart(board, flash, powerCycle);
                board.Request(false, true);
                board.Step(9000);
                CheckLog(board, before, (uint)before.Count + 1, Written(cut, stepBytes) ? "GrantReleased A 1" : null, $"cut {cut}");

                // A latch the cut left set is the released side's: its absent request releases it.
                long settleFrom = 9000;
                if (board.Access == "A")
                {
                    board.Step(9000 + board.Config.ReleaseDebounceMilliseconds);
                    settleFrom = 9000 + board.Config.ReleaseDebounceMilliseconds;
                }

                Assert.Equal("-", board.Access);
                board.Step(settleFrom + board.Config.SettleMilliseconds - 1);
                Assert.Equal("-", board.Access);
                board.Step(settleFrom + board.Config.SettleMilliseconds);
                Assert.Equal("B", board.Access);
                Assert.Equal("GrantGiven B 2", Tail(board, 1).Single());
            }
        }
    }

    [Theory]
    [MemberData(nameof(PriorRecords))]
    public void A_cut_while_fencing_leaves_the_side_either_still_holding_or_fenced_never_in_between(int prior)
    {
        int stepBytes = BytesOfStep(prior, Fence, granted: true);
        foreach (bool powerCycle in new[] { false, true })
        {
            for (int cut = 0; cut <= stepBytes; cut++)
            {
                (Board board, SimulatedFlash flash, Dictionary<uint, string> before) = Prepared(prior, granted: true);
                flash.CutPowerAfter(cut);
                Fence(board);
                Restart(board, flash, powerCycle);
                board.Request(true, false);
                board.Step(9000);
                CheckLog(board, before, (uint)before.Count + 1, Written(cut, stepBytes) ? "Fenced A 1" : null, $"cut {cut}");
                if (cut >= PersistentCellSlot)
                {
                    // Fenced: not kept, and not granted again while it keeps requesting.
                    Assert.Equal("-", board.Access);
                    board.Step(20000);
                    Assert.Equal("-", board.Access);
                    Assert.Equal(1, board.Dm.FencedSides);
                }
                else
                {
                    // The fence never reached the memory; on a board no Accepted left either. After a
                    // reset the latch still holds; after a power cycle the side is granted again.
                    Assert.Equal(powerCycle ? "-" : "A", board.Access);
                    board.Step(9000 + board.Config.SettleMilliseconds);
                    Assert.Equal("A", board.Access);
                }
            }
        }
    }

    [Fact]
    public void The_grant_memory_is_saved_before_a_grant_line_rises_and_before_it_falls()
    {
        // Whatever instant the power goes, the memory never claims less than the lines showed.
        var config = Config();
        var region = new WatchedRegion(DiskManager.RegionSizeFor(config));
        var board = new Board(config, region);
        region.Watch(board, PersistentCell.RegionSizeFor(8));
        board.Management.Hello();
        board.Request(true, false);
        board.Step(0);
        Grant(board);
        Release(board);
        board.Request(true, false);
        board.Step(2250);
        board.Management.Fence(Side.A, 2);
        board.Step(2300);

        Assert.Equal(new[] { "save with -", "save with A", "save with -", "save with A" }, region.Saves);
        Assert.Equal(new[] { "GrantGiven A 1", "GrantReleased A 1", "GrantGiven A 2", "Fenced A 2" }, board.LogFrom(2));
    }

    /// <summary>A region that notes the access latches each time the grant memory is written.</summary>
    private sealed class WatchedRegion : ColdStandby.Hardware.INonVolatileRegion
    {
        private readonly ColdStandby.Hardware.RamRegion _ram;
        private Board? _board;
        private int _cellEnd;

        public WatchedRegion(int size) => _ram = new ColdStandby.Hardware.RamRegion(size);

        public List<string> Saves { get; } = new();

        public int Size => _ram.Size;

        public void Watch(Board board, int cellEnd)
        {
            _board = board;
            _cellEnd = cellEnd;
        }

        public void Read(int address, byte[] buffer, int offset, int count) => _ram.Read(address, buffer, offset, count);

        public void Write(int address, byte[] buffer, int offset, int count)
        {
            if (_board != null && address < _cellEnd)
            {
                Saves.Add($"save with {_board.Access}");
            }

            _ram.Write(address, buffer, offset, count);
        }
    }

    private static void Restart(Board board, SimulatedFlash flash, bool powerCycle)
    {
        flash.RestorePower();
        if (powerCycle)
        {
            board.PowerCycle();
        }
        else
        {
            board.Reset();
        }
    }

    /// <summary>
    /// Whether a cut after <paramref name="cut"/> of the step's bytes left its record: a grant,
    /// release or fence record is kept, so it is held once its kept copy (the first of its two
    /// slots) is complete; the restart writes its ring copy again from it.
    /// </summary>
    private static bool Written(int cut, int stepBytes) => cut >= stepBytes - EventLog.SlotSize;

    /// <summary>The bytes one save of the grant memory writes: one slot of its persistent cell.</summary>
    private static int PersistentCellSlot => PersistentCell.RegionSizeFor(8) / 2;

    private static void Grant(Board board)
    {
        board.Request(true, false);
        board.Step(2000);
    }

    private static void Release(Board board)
    {
        board.Request(false, false);
        board.Step(2100);
        board.Step(2100 + board.Config.ReleaseDebounceMilliseconds);
    }

    private static void Fence(Board board)
    {
        board.Management.Fence(Side.A, 1);
        board.Step(2100);
    }

    /// <summary>
    /// A board whose log holds its reset record and <paramref name="prior"/> disk error reports
    /// (and the grant to A when <paramref name="granted"/>), on a flash with power; returns what the
    /// log held, by sequence number.
    /// </summary>
    private static (Board, SimulatedFlash, Dictionary<uint, string>) Prepared(int prior, bool granted = false)
    {
        var config = Config();
        var flash = new SimulatedFlash(DiskManager.RegionSizeFor(config));
        var board = new Board(config, flash);
        board.Powered = () => !flash.PowerLost;
        board.Management.Hello();
        board.Step(0);
        for (int i = 0; i < prior; i++)
        {
            board.Controller.ReportDiskError(Side.B, 0, 1, (byte)i, (ushort)(0x100 + i));
        }

        board.Step(10);
        if (granted)
        {
            Grant(board);
            Assert.Equal("A", board.Access);
        }

        var before = new Dictionary<uint, string>();
        var record = new EventRecord();
        for (uint s = 1; s < board.Dm.Log.NextSequence; s++)
        {
            before[s] = board.Dm.Log.TryRead(s, record) ? Board.Entry(record) : "(overwritten)";
        }

        return (board, flash, before);
    }

    private static int BytesOfStep(int prior, Action<Board> step, bool granted)
    {
        (Board board, SimulatedFlash flash, _) = Prepared(prior, granted);
        long start = flash.BytesWritten;
        step(board);
        return (int)(flash.BytesWritten - start);
    }

    /// <summary>
    /// Every record from before the cut that the ring still holds reads back exactly; the record the
    /// cut step wrote is there, exactly, only when the whole step reached the flash.
    /// </summary>
    private static void CheckLog(Board board, Dictionary<uint, string> before, uint cutSequence, string? cutRecord, string what)
    {
        EventLog log = board.Dm.Log;
        var record = new EventRecord();
        // The restart's own records rewrote the torn slot, so the ring is whole again.
        Assert.Equal(Math.Max(1, (long)log.NextSequence - Capacity), log.RingFirstSequence);
        for (uint s = log.RingFirstSequence; s < cutSequence; s++)
        {
            Assert.True(log.TryRead(s, record), $"{what}: record {s} lost");
            Assert.Equal(before[s], Board.Entry(record));
        }

        Assert.True(log.TryRead(cutSequence, record), $"{what}: nothing at {cutSequence}");
        if (cutRecord != null)
        {
            Assert.Equal(cutRecord, Board.Entry(record));
        }
        else
        {
            Assert.StartsWith("DmReset", Board.Entry(record));
        }
    }

    private static List<string> Tail(Board board, int count) =>
        board.LogFrom(board.Dm.Log.NextSequence - (uint)count);
}
