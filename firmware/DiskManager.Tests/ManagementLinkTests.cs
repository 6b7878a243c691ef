using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// The management link, spoken by a tool built from the real frame writer and reader: hello,
/// status, log read-out (also across the ring's wrap, and paced over a slow link), time set, fence,
/// and every way a request can be wrong, which is refused with a reason and changes nothing.
/// </summary>
public class ManagementLinkTests
{
    private const long Unix2026 = 1_795_000_000_000;

    private static Board HeldByA(DiskManagerConfig? config = null)
    {
        var board = new Board(config ?? new DiskManagerConfig { LogCapacity = 16 });
        board.Request(true, false);
        board.Step(0);
        board.Step(1000);
        Assert.Equal("A", board.Access);
        return board;
    }

    private static List<string> Ask(Board board, long ms, Func<Tool, ushort> send)
    {
        send(board.Management);
        board.Step(ms);
        return board.Management.Replies();
    }

    [Fact]
    public void Hello_is_answered_with_the_DM_s_own()
    {
        var board = new Board();
        Assert.Equal(
            new[] { "Hello ProtocolVersion=1 Node=DiskManager Side=None FirmwareMajor=0 FirmwareMinor=1 FirmwarePatch=0" },
            Ask(board, 0, t => t.Hello()));
    }

    [Fact]
    public void Status_names_the_holder_the_requests_the_epoch_and_the_log_range()
    {
        var board = HeldByA(new DiskManagerConfig { LogCapacity = 16, FenceEnabled = true });
        board.Request(true, true);
        board.Management.Hello();
        board.Step(1100);
        board.Management.Replies();

        Assert.Equal(
            new[] { "StorageStatus Holder=A Requests=3 Epoch=1 Settling=False FenceEnabled=True FirstSequence=1 NextSequence=4 Fenced=0" },
            Ask(board, 1200, t => t.Status()));

        board.Request(false, true);
        board.Step(1300);
        board.Step(4300);
        Assert.Equal(
            new[] { "StorageStatus Holder=None Requests=2 Epoch=1 Settling=True FenceEnabled=True FirstSequence=1 NextSequence=5 Fenced=0" },
            Ask(board, 4400, t => t.Status()));
    }

    [Fact]
    public void Requests_before_a_hello_are_refused_with_no_session_and_change_nothing()
    {
        var board = HeldByA(new DiskManagerConfig { LogCapacity = 16, FenceEnabled = true });
        uint next = board.Dm.Log.NextSequence;
        ushort status = board.Management.Status();
        ushort fence = board.Management.Fence(Side.A, 1);
        ushort time = board.Management.SetTime(Unix2026);
        board.Step(1100);

        Assert.Equal(
            new[]
            {
                $"Refusal RefusedType=StatusRequest RefusedSequence={status} Reason=NoSession Detail=0",
                $"Refusal RefusedType=Fence RefusedSequence={fence} Reason=NoSession Detail=0",
                $"Refusal RefusedType=TimeSet RefusedSequence={time} Reason=NoSession Detail=0",
            },
            board.Management.Replies());
        Assert.Equal("A", board.Access);
        Assert.False(board.Dm.ClockSet);
        Assert.Equal(next, board.Dm.Log.NextSequence);
    }

    [Fact]
    public void A_hello_with_another_protocol_version_is_refused_and_so_is_everything_after_it_until_a_good_hello()
    {
        var board = HeldByA();
        ushort hello = board.Management.Hello(version: 2);
        ushort status = board.Management.Status();
        board.Step(1100);
        Assert.Equal(
            new[]
            {
                $"Refusal RefusedType=Hello RefusedSequence={hello} Reason=VersionMismatch Detail=1",
                $"Refusal RefusedType=StatusRequest RefusedSequence={status} Reason=VersionMismatch Detail=1",
            },
            board.Management.Replies());

        board.Management.Hello();
        board.Management.Status();
        board.Step(1200);
        List<string> replies = board.Management.Replies();
        Assert.Equal(2, replies.Count);
        Assert.StartsWith("Hello ", replies[0]);
        Assert.StartsWith("StorageStatus Holder=A", replies[1]);
    }

    [Fact]
    public void Messages_the_DM_does_not_handle_are_refused_as_not_handled_and_replies_are_not_answered()
    {
        var board = HeldByA();
        board.Management.Hello();
        board.Step(1100);
        board.Management.Replies();
        uint next = board.Dm.Log.NextSequence;

        board.Management.Out.Kick.Counter = 7;
        ushort kick = board.Management.Send(board.Management.Out.Kick);
        ushort report = board.Management.ReportDiskError(Side.A, 0, 1, 2, 3);
        board.Management.Out.Accepted.AcceptedType = MessageType.StorageStatus;
        board.Management.Send(board.Management.Out.Accepted);
        board.Management.Out.Refusal.Reason = RefusalReason.Busy;
        board.Management.Send(board.Management.Out.Refusal);
        board.Step(1200);

        Assert.Equal(
            new[]
            {
                $"Refusal RefusedType=Kick RefusedSequence={kick} Reason=NotHandled Detail=0",
                $"Refusal RefusedType=DiskErrorReport RefusedSequence={report} Reason=NotHandled Detail=0",
            },
            board.Management.Replies());
        Assert.Equal(next, board.Dm.Log.NextSequence);
    }

    [Fact]
    public void Time_set_is_accepted_logged_and_stamps_every_later_event_in_Unix_time()
    {
        var board = HeldByA();
        board.Management.Hello();
        ushort time = board.Management.SetTime(Unix2026);
        board.Step(2500);
        Assert.Equal($"Accepted AcceptedType=TimeSet AcceptedSequence={time}", board.Management.Replies()[1]);
        Assert.True(board.Dm.ClockSet);

        board.Request(false, false);
        board.Step(2600);
        board.Step(5600);

        var record = new EventRecord();
        uint timeSet = board.Dm.Log.NextSequence - 2;
        Assert.True(board.Dm.Log.TryRead(timeSet, record));
        Assert.Equal("TimeSet - 2", Board.Entry(record));
        Assert.Equal(Unix2026, record.Time);
        Assert.True(record.WallClock);
        Assert.True(board.Dm.Log.TryRead(timeSet + 1, record));
        Assert.Equal("GrantReleased A 1", Board.Entry(record));
        Assert.Equal(Unix2026 + 3100, record.Time);
        Assert.True(record.WallClock);
        Assert.True(board.Dm.Log.TryRead(1, record));
        Assert.False(record.WallClock);
        Assert.Equal(0, record.Time);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(946_684_799_999)]
    [InlineData(4_102_444_800_001)]
    public void A_time_outside_2000_to_2100_is_refused_as_out_of_range_logged_and_the_clock_is_left_alone(long unixMs)
    {
        var board = HeldByA();
        board.Management.Hello();
        ushort time = board.Management.SetTime(unixMs);
        board.Step(1100);
        Assert.Equal(
            $"Refusal RefusedType=TimeSet RefusedSequence={time} Reason=OutOfRange Detail=0",
            board.Management.Replies()[1]);
        Assert.False(board.Dm.ClockSet);
        Assert.Equal($"RequestRefused - {((int)MessageType.TimeSet << 8) | (int)RefusalReason.OutOfRange}", board.LogFrom(board.Dm.Log.NextSequence - 1).Single());
    }

    [Fact]
    public void A_time_set_back_from_2099_to_2001_is_refused_unless_meant_then_logged_from_what_to_what()
    {
        const long Year2099 = 4_070_908_800_000;
        const long Year2001 = 978_307_200_000;
        var board = HeldByA();
        board.Management.Hello();
        board.Management.SetTime(Year2099);
        board.Step(1100);
        ushort back = board.Management.SetTime(Year2001);
        board.Step(1200);
        ushort meant = board.Management.SetTime(Year2001, stepBack: true);
        board.Step(1300);
        board.Request(false, false);
        board.Step(1400);
        board.Step(4400);

        var replies = board.Management.Replies();
        Assert.Equal($"Refusal RefusedType=TimeSet RefusedSequence={back} Reason=ClockAhead Detail=255", replies[2]);
        Assert.Equal($"Accepted AcceptedType=TimeSet AcceptedSequence={meant}", replies[3]);

        // In sequence order: the refusal changed nothing (still 2099), the step back says from when to when.
        var record = new EventRecord();
        var entries = new List<(string, long)>();
        for (uint s = board.Dm.Log.NextSequence - 4; s < board.Dm.Log.NextSequence; s++)
        {
            Assert.True(board.Dm.Log.TryRead(s, record));
            entries.Add((Board.Entry(record), record.Time));
        }

        Assert.Equal(
            new[]
            {
                ("TimeSet - 1", Year2099),
                ($"RequestRefused - {((int)MessageType.TimeSet << 8) | (int)RefusalReason.ClockAhead}", Year2099 + 100),
                ($"ClockStepBack - {(Year2099 + 200) / 1000}", Year2001),
                ("GrantReleased A 1", Year2001 + 3100),
            },
            entries);
    }

    [Fact]
    public void A_fence_is_answered_and_logged_and_a_refused_fence_changes_nothing()
    {
        var board = HeldByA(new DiskManagerConfig { LogCapacity = 16, FenceEnabled = true });
        board.Management.Hello();
        board.Step(1050);
        board.Management.Replies();

        ushort stale = board.Management.Fence(Side.A, 2);
        board.Step(1100);
        Assert.Equal(new[] { $"Refusal RefusedType=Fence RefusedSequence={stale} Reason=StaleEpoch Detail=1" }, board.Management.Replies());
        Assert.Equal("A", board.Access);

        ushort fence = board.Management.Fence(Side.A, 1);
        board.Step(1200);
        Assert.Equal(new[] { $"Accepted AcceptedType=Fence AcceptedSequence={fence}" }, board.Management.Replies());
        Assert.Equal("-", board.Access);
        Assert.Equal(1, board.Dm.FencedSides);
        Assert.Equal(new[] { "FenceRefused A 3", "Fenced A 1" }, board.LogFrom(3));
        Assert.EndsWith("Fenced=1", Ask(board, 1300, t => t.Status()).Single());
    }

    [Fact]
    public void Bad_frames_are_dropped_and_counted_never_answered_or_acted_on()
    {
        var board = HeldByA(new DiskManagerConfig { LogCapacity = 16, FenceEnabled = true });
        board.Management.Hello();
        board.Step(1050);
        board.Management.Replies();
        uint next = board.Dm.Log.NextSequence;

        // A fence whose CRC was hit by noise, one cut short, a garbage burst, an unknown type, a
        // log read asking for 0 records (a field out of its values), a fence naming no side.
        byte[] fence = board.Management.Encode(Fence(board, Side.A, 1));
        fence[1] ^= 0x40;
        board.Management.SendRaw(fence);
        byte[] cut = board.Management.Encode(Fence(board, Side.A, 1));
        board.Management.SendRaw(cut.AsSpan(0, cut.Length - 4).ToArray());
        board.Management.SendRaw(0x00);
        board.Management.SendRaw(Enumerable.Range(1, 200).Select(i => (byte)(i * 37)).ToArray());
        board.Management.SendRaw(0x00);
        board.Management.SendRaw(Raw(0x7E, 1, Array.Empty<byte>()));
        board.Management.SendRaw(Raw((byte)MessageType.LogReadRequest, 2, new byte[] { 1, 0, 0, 0, 0, 0 }));
        board.Management.SendRaw(Raw((byte)MessageType.Fence, 3, new byte[] { 0, 1, 0, 0, 0 }));
        board.Step(1100);

        Assert.Empty(board.Management.Replies());
        Assert.Equal("A", board.Access);
        Assert.Equal(next, board.Dm.Log.NextSequence);
        LinkCounters counters = board.Dm.ManagementCounters;
        Assert.Equal(1, counters.Delivered);
        Assert.True(counters.BadCrc >= 1, $"bad CRC {counters.BadCrc}");
        Assert.Equal(1, counters.Oversized);
        Assert.Equal(1, counters.UnknownType);
        Assert.Equal(2, counters.BadField);
        Assert.Equal(6, counters.Dropped);

        // The link is back in step at once: the next good frame is served.
        board.Management.Status();
        board.Step(1200);
        Assert.StartsWith("StorageStatus Holder=A", board.Management.Replies().Single());
    }

    [Fact]
    public void The_log_is_read_out_across_the_ring_s_wrap_from_the_oldest_record_held_the_kept_grant_first()
    {
        var board = HeldByA(new DiskManagerConfig { LogCapacity = 8 });
        for (int i = 0; i < 20; i++)
        {
            board.Controller.ReportDiskError(Side.A, 0, 1, (byte)i, 0x0100);
        }

        board.Step(1100);
        Assert.Equal(23u, board.Dm.Log.NextSequence);
        Assert.Equal(15u, board.Dm.Log.RingFirstSequence);
        Assert.Equal(2u, board.Dm.Log.FirstSequence);

        List<string> replies = ReadAll(board, 1, 100, 1200);
        var expected = Enumerable.Range(15, 8)
            .Select(s => $"LogRecord Sequence={s} TimeMilliseconds=1100 Code=DiskError Side=A Argument={(1 << 24) | ((s - 3) << 16) | 0x0100}")
            .Prepend("LogRecord Sequence=2 TimeMilliseconds=1000 Code=GrantGiven Side=A Argument=1")
            .Append("LogReadEnd FirstSequence=2 NextSequence=23 Count=9");
        Assert.Equal(expected, replies);
        Assert.Equal(expected.Skip(1).Take(3), ReadAll(board, 15, 3, 1300).SkipLast(1));
    }

    [Fact]
    public void A_read_from_a_sequence_number_sends_at_most_the_count_asked_and_an_empty_read_just_ends()
    {
        var board = HeldByA();
        Assert.Equal(
            new[]
            {
                "LogRecord Sequence=2 TimeMilliseconds=1000 Code=GrantGiven Side=A Argument=1",
                "LogReadEnd FirstSequence=1 NextSequence=3 Count=1",
            },
            ReadAll(board, 2, 5, 1100));
        Assert.Equal(new[] { "LogReadEnd FirstSequence=1 NextSequence=3 Count=0" }, ReadAll(board, 3, 5, 1200));
        Assert.Equal(
            new[]
            {
                "LogRecord Sequence=1 TimeMilliseconds=0 Code=DmReset Side=None Argument=0",
                "LogReadEnd FirstSequence=1 NextSequence=3 Count=1",
            },
            ReadAll(board, 0, 1, 1300));
    }

    [Fact]
    public void A_read_beyond_the_next_sequence_number_is_refused_as_out_of_range()
    {
        var board = HeldByA();
        board.Management.Hello();
        ushort read = board.Management.ReadLog(4, 1);
        board.Step(1100);
        Assert.Equal($"Refusal RefusedType=LogReadRequest RefusedSequence={read} Reason=OutOfRange Detail=0", board.Management.Replies()[1]);
    }

    [Fact]
    public void A_read_out_on_a_slow_link_is_paced_whole_frames_go_out_as_the_link_takes_them_and_a_second_read_meanwhile_is_busy()
    {
        var board = HeldByA(new DiskManagerConfig { LogCapacity = 64, LogRecordsPerStep = 2 });
        for (int i = 0; i < 40; i++)
        {
            board.Controller.ReportDiskError(Side.B, 1, 2, (byte)i, 7);
        }

        board.Step(1100);
        board.Management.Hello();
        board.Step(1200);
        board.Management.Replies();

        // 30 bytes a step: about one LogRecord frame (27 bytes) per step.
        board.ManagementLink.WriteBudget = 30;
        board.Management.ReadLog(1, 1000);
        board.Step(1300);
        var replies = new List<string>(board.Management.Replies());
        ushort second = board.Management.ReadLog(1, 1);
        long ms = 1300;
        int steps = 0;
        int mostBytesInAStep = 0;
        while (!replies.Any(r => r.StartsWith("LogReadEnd", StringComparison.Ordinal)) && steps < 1000)
        {
            ms += 10;
            board.Step(ms);
            mostBytesInAStep = Math.Max(mostBytesInAStep, board.ManagementLink.OutgoingPending);
            replies.AddRange(board.Management.Replies());
            steps++;
        }

        Assert.Contains($"Refusal RefusedType=LogReadRequest RefusedSequence={second} Reason=Busy Detail=0", replies);
        List<string> records = replies.Where(r => r.StartsWith("LogRecord", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, 42).Select(s => $"Sequence={s}"), records.Select(r => r.Split(' ')[1]));
        Assert.Equal("LogReadEnd FirstSequence=1 NextSequence=43 Count=42", replies.Last());
        Assert.InRange(mostBytesInAStep, 1, 30);
        Assert.True(steps > 35, $"read out in {steps} steps: not paced");
        Assert.Equal(0, board.Management.Counters.Dropped);
    }

    [Fact]
    public void The_controller_link_logs_a_disk_error_report_and_accepts_it_without_a_hello()
    {
        var board = HeldByA();
        ushort report = board.Controller.ReportDiskError(Side.B, 2, 3, 14, 0x0204);
        board.Step(1100);
        Assert.Equal(new[] { $"Accepted AcceptedType=DiskErrorReport AcceptedSequence={report}" }, board.Controller.Replies());
        Assert.Equal($"DiskError B {(3 << 24) | (14 << 16) | 0x0204}", board.LogFrom(3).Single());
    }

    [Fact]
    public void A_disk_that_keeps_failing_is_logged_once_with_a_count_of_its_repeats_not_a_flushed_ring()
    {
        var board = HeldByA(new DiskManagerConfig { LogCapacity = 16 });
        var accepted = new List<string>();
        for (int i = 0; i < 500; i++)
        {
            board.Controller.ReportDiskError(Side.B, 2, 3, 14, 0x0204);
            board.Step(1100 + (i * 20));
            accepted.AddRange(board.Controller.Replies());
        }

        uint error = (3 << 24) | (14 << 16) | 0x0204;
        Assert.Equal(500, accepted.Count(r => r.StartsWith("Accepted AcceptedType=DiskErrorReport", StringComparison.Ordinal)));
        Assert.Equal(new[] { $"DiskError B {error}" }, board.LogFrom(3));

        // Another error is logged and counted beside it; each count is logged when its window ends
        // (enclosure and disk, the count in place of the error code), at the DM's due time.
        board.Controller.ReportDiskError(Side.B, 2, 3, 15, 0x0204);
        board.Step(12_000);
        board.Controller.ReportDiskError(Side.B, 2, 3, 15, 0x0204);
        board.Step(12_100);
        Assert.Equal(new[] { $"DiskError B {error}", $"DiskError B {error + (1 << 16)}" }, board.LogFrom(3));
        Assert.Equal(1100 + 60_000, board.Dm.NextDueMs);
        board.Step(61_100);
        Assert.Equal(12_000 + 60_000, board.Dm.NextDueMs);
        board.Step(72_000);
        Assert.Equal(
            new[] { $"DiskError B {error}", $"DiskError B {error + (1 << 16)}", $"DiskErrorRepeated B {(3 << 24) | (14 << 16) | 499}", $"DiskErrorRepeated B {(3 << 24) | (15 << 16) | 1}" },
            board.LogFrom(3));
        Assert.Equal(long.MaxValue, board.Dm.NextDueMs);
        Assert.Equal(0, board.Controller.Counters.Dropped);
    }

    [Fact]
    public void Two_disks_erroring_in_turn_for_an_hour_leave_the_grants_and_a_few_records_not_a_flushed_ring()
    {
        // A hands over to B; then two of B's disks report errors in turn, ten a second, for an hour.
        var board = HeldByA(new DiskManagerConfig { LogCapacity = 64 });
        board.Request(false, true);
        board.Step(1100);
        board.Step(4100);
        board.Step(5100);
        Assert.Equal("B", board.Access);
        uint flood = board.Dm.Log.NextSequence;
        long ms = 5100;
        for (int i = 0; i < 36_000; i++)
        {
            ms += 100;
            board.Controller.ReportDiskError(Side.B, 0, 1, (byte)(3 + (i % 2)), 0x0311);
            board.Step(ms);
            board.Controller.Replies();
        }

        // Two records a disk a minute: the ring holds the last half hour of them.
        long written = board.Dm.Log.NextSequence - flood;
        Assert.InRange(written, 230, 250);

        // And whatever the flood, the grants are read out first, in order, then the ring.
        board.Step(ms + 60_000);
        List<string> records = ReadAll(board, 0, 1000, ms + 60_100).Where(r => r.StartsWith("LogRecord", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            new[] { "Sequence=2 Code=GrantGiven Side=A Argument=1", "Sequence=4 Code=GrantReleased Side=A Argument=1", "Sequence=5 Code=GrantGiven Side=B Argument=2" },
            records.Take(3).Select(r => string.Join(' ', r.Split(' ').Where((_, i) => i is 1 or 3 or 4 or 5))));
        Assert.Equal(3 + 64, records.Count);
        Assert.Contains(records, r => r.Contains("Code=DiskErrorRepeated Side=B Argument=" + ((1 << 24) | (3 << 16) | 299), StringComparison.Ordinal));
    }

    [Fact]
    public void The_controller_link_answers_hello_refuses_other_requests_and_refuses_a_controller_of_another_version()
    {
        var board = HeldByA();
        board.Controller.Hello(node: NodeKind.DiskController);
        ushort status = board.Controller.Status();
        board.Step(1100);
        List<string> replies = board.Controller.Replies();
        Assert.StartsWith("Hello ProtocolVersion=1 Node=DiskManager", replies[0]);
        Assert.Equal($"Refusal RefusedType=StatusRequest RefusedSequence={status} Reason=NotHandled Detail=0", replies[1]);

        board.Controller.Hello(version: 9, node: NodeKind.DiskController);
        ushort report = board.Controller.ReportDiskError(Side.A, 0, 0, 0, 1);
        board.Step(1200);
        Assert.Equal($"Refusal RefusedType=DiskErrorReport RefusedSequence={report} Reason=VersionMismatch Detail=1", board.Controller.Replies()[1]);
        Assert.Empty(board.LogFrom(3));
    }

    private static List<string> ReadAll(Board board, uint from, ushort count, long ms)
    {
        board.Management.Hello();
        board.Management.ReadLog(from, count);
        var replies = new List<string>();
        for (int i = 0; i < 100 && !replies.Any(r => r.StartsWith("LogReadEnd", StringComparison.Ordinal)); i++)
        {
            board.Step(ms + i);
            replies.AddRange(board.Management.Replies());
        }

        return replies.Where(r => !r.StartsWith("Hello", StringComparison.Ordinal)).ToList();
    }

    private static Fence Fence(Board board, Side side, uint epoch)
    {
        Fence fence = board.Management.Out.Fence;
        fence.Side = side;
        fence.Epoch = epoch;
        return fence;
    }

    /// <summary>A frame with a correct CRC and encoding around any type byte and payload.</summary>
    private static byte[] Raw(byte type, ushort sequence, byte[] payload)
    {
        var frame = new byte[Frame.HeaderLength + payload.Length + Frame.CrcLength];
        frame[0] = type;
        LittleEndian.WriteUInt16(frame, 1, sequence);
        payload.CopyTo(frame, Frame.HeaderLength);
        LittleEndian.WriteUInt32(frame, frame.Length - 4, Crc32C.Compute(frame, 0, frame.Length - 4));
        var wire = new byte[frame.Length + 2];
        int n = Cobs.Encode(frame, 0, frame.Length, wire, 0);
        wire[n] = 0;
        return wire.AsSpan(0, n + 1).ToArray();
    }
}
