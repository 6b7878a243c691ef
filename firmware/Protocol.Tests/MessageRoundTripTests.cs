using ColdStandby.Protocol;

namespace ColdStandby.Protocol.Tests;

public class MessageRoundTripTests
{
    public static TheoryData<MessageType> AllTypes()
    {
        var data = new TheoryData<MessageType>();
        foreach (MessageType t in Enum.GetValues<MessageType>())
        {
            data.Add(t);
        }

        return data;
    }

    [Fact]
    public void Every_message_class_has_a_type_and_the_set_holds_one_of_each()
    {
        var set = new MessageSet();
        var classes = MessageFields.AllMessageTypes();
        Assert.Equal(Enum.GetValues<MessageType>().Length, classes.Length);
        foreach (MessageType t in Enum.GetValues<MessageType>())
        {
            var m = set.ForType((byte)t);
            Assert.NotNull(m);
            Assert.Equal(t, m!.Type);
            Assert.InRange(m.PayloadLength, 0, Frame.MaxPayloadLength);
        }

        for (int b = 0; b < 256; b++)
        {
            if (!Enum.IsDefined(typeof(MessageType), (byte)b))
            {
                Assert.Null(set.ForType((byte)b));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_message_survives_encoding_and_decoding_with_random_fields(MessageType type)
    {
        var random = new Random((int)type);
        var writer = new FrameWriter();
        var reader = new FrameReader();
        var wire = new byte[Frame.MaxWireLength];
        var sent = MessageFields.New(type);
        for (int i = 0; i < 2000; i++)
        {
            MessageFields.Randomize(sent, random);
            int n = writer.Write(sent, wire, 0);
            Assert.DoesNotContain((byte)0, wire[..(n - 1)]);
            Assert.Equal(0, wire[n - 1]);
            bool delivered = false;
            for (int k = 0; k < n; k++)
            {
                delivered = reader.Push(wire[k]);
                Assert.True(delivered == (k == n - 1));
            }

            Assert.True(MessageFields.SameFields(sent, reader.Message!), MessageFields.Describe(sent) + " came back as " + MessageFields.Describe(reader.Message!));
            Assert.Equal(writer.LastSequence, reader.Sequence);
        }

        Assert.Equal(2000, reader.Counters.Delivered);
        Assert.Equal(0, reader.Counters.Dropped);
    }

    [Fact]
    public void A_field_outside_its_values_is_dropped_and_counted_as_bad_field()
    {
        var writer = new FrameWriter();
        var reader = new FrameReader();
        var wire = new byte[Frame.MaxWireLength];
        var heartbeat = new Heartbeat { Side = Side.A, Mode = (Mode)9, Epoch = 1 };
        int n = writer.Write(heartbeat, wire, 0);
        Assert.False(Feed(reader, wire, n));
        Assert.Equal(1, reader.Counters.BadField);

        heartbeat.Mode = Mode.Active;
        n = writer.Write(heartbeat, wire, 0);
        Assert.True(Feed(reader, wire, n));
        Assert.Equal(Mode.Active, ((Heartbeat)reader.Message!).Mode);
    }

    [Fact]
    public void A_frame_with_the_wrong_payload_length_for_its_type_is_dropped()
    {
        // A Kick (4-byte payload) frame carrying 5 payload bytes, with a correct CRC.
        var frame = new byte[] { (byte)MessageType.Kick, 0, 0, 1, 2, 3, 4, 5, 0, 0, 0, 0 };
        LittleEndian.WriteUInt32(frame, 8, Crc32C.Compute(frame, 0, 8));
        var reader = new FrameReader();
        Assert.False(FeedRaw(reader, frame));
        Assert.Equal(1, reader.Counters.BadLength);
    }

    [Fact]
    public void A_frame_with_an_unknown_type_is_dropped()
    {
        var frame = new byte[] { 0x7E, 0, 0, 0, 0, 0, 0 };
        LittleEndian.WriteUInt32(frame, 3, Crc32C.Compute(frame, 0, 3));
        var reader = new FrameReader();
        Assert.False(FeedRaw(reader, frame));
        Assert.Equal(1, reader.Counters.UnknownType);
    }

    [Fact]
    public void A_repeat_of_the_previous_frame_is_dropped_as_duplicate_but_a_resend_is_delivered()
    {
        var writer = new FrameWriter();
        var reader = new FrameReader();
        var wire = new byte[Frame.MaxWireLength];
        var request = new SwitchRequest { Epoch = 4, Kind = SwitchKind.Failover, From = Side.A };
        int n = writer.Write(request, wire, 0);
        Assert.True(Feed(reader, wire, n));
        Assert.False(Feed(reader, wire, n));
        Assert.Equal(1, reader.Counters.Duplicates);

        // A retry is a new frame (new sequence number): delivered; the epoch makes it idempotent.
        n = writer.Write(request, wire, 0);
        Assert.True(Feed(reader, wire, n));
        Assert.Equal(2, reader.Counters.Delivered);
    }

    [Fact]
    public void An_oversized_run_is_counted_once_and_the_next_frame_is_delivered()
    {
        var reader = new FrameReader();
        for (int i = 0; i < 500; i++)
        {
            Assert.False(reader.Push(0x55));
        }

        Assert.False(reader.Push(0));
        var wire = new byte[Frame.MaxWireLength];
        int n = new FrameWriter().Write(new Kick { Counter = 7 }, wire, 0);
        Assert.True(Feed(reader, wire, n));
        Assert.Equal(1, reader.Counters.Oversized);
        Assert.Equal(7u, ((Kick)reader.Message!).Counter);
    }

    private static bool Feed(FrameReader reader, byte[] wire, int n)
    {
        bool delivered = false;
        for (int i = 0; i < n; i++)
        {
            delivered |= reader.Push(wire[i]);
        }

        return delivered;
    }

    private static bool FeedRaw(FrameReader reader, byte[] frame)
    {
        var wire = new byte[frame.Length + 3];
        int n = Cobs.Encode(frame, 0, frame.Length, wire, 0);
        wire[n] = 0;
        return Feed(reader, wire, n + 1);
    }
}
