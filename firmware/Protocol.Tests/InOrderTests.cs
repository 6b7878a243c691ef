using ColdStandby.Protocol;

namespace ColdStandby.Protocol.Tests;

/// <summary>
/// A reader that takes frames in order only (the peer cable, the DM's management link): an
/// earlier frame put on the line again is never delivered, while frames lost to noise, a sender's
/// restart and the wrap of the numbering cost at most one frame.
/// </summary>
public class InOrderTests
{
    private readonly FrameReader _reader = new() { InOrderOnly = true };

    [Fact]
    public void An_earlier_frame_replayed_between_live_ones_is_dropped_and_the_live_stream_goes_on()
    {
        Assert.True(Beat(10, epoch: 1));
        Assert.True(Beat(11, epoch: 2));
        Assert.True(Beat(12, epoch: 3));

        Assert.False(Beat(10, epoch: 1));
        Assert.Equal(1, _reader.Counters.OutOfOrder);
        Assert.Equal(1, _reader.Counters.Dropped);

        Assert.True(Beat(13, epoch: 4));
        Assert.Equal(4u, ((Heartbeat)_reader.Message).Epoch);
    }

    [Fact]
    public void A_dead_senders_old_frames_replayed_one_at_a_time_are_never_delivered()
    {
        LiveFrames(100, 200);

        // The sender is gone; earlier frames come back one at a time, in any order.
        foreach (ushort old in new ushort[] { 150, 120, 190, 101, 170, 60, 130 })
        {
            Assert.False(Beat(old, epoch: 1));
        }

        Assert.Equal(7, _reader.Counters.OutOfOrder);
    }

    [Fact]
    public void A_recorded_run_of_frames_from_later_in_a_senders_life_is_never_delivered()
    {
        LiveFrames(100, 200);

        // Heartbeat, request, heartbeat, as recorded: each follows the one before it.
        Assert.False(Beat(150, epoch: 1));
        Assert.False(Beat(151, epoch: 1));
        Assert.False(Beat(152, epoch: 1));
        Assert.Equal(3, _reader.Counters.OutOfOrder);
    }

    [Fact]
    public void A_replayed_hello_is_delivered_but_does_not_cut_off_the_live_sender()
    {
        LiveFrames(500, 510);

        Assert.True(Frame(new Hello { ProtocolVersion = Protocol.Frame.ProtocolVersion, Node = NodeKind.Smu, Side = Side.A }, 0));
        Assert.True(Beat(510, epoch: 1));
        Assert.True(Beat(511, epoch: 1));
        Assert.Equal(0, _reader.Counters.OutOfOrder);
    }

    [Fact]
    public void A_frame_from_before_the_wrap_is_dropped_too()
    {
        Assert.True(Beat(5, epoch: 1));
        Assert.False(Beat(40_000, epoch: 1));
        Assert.False(Beat(6 + FrameReader.MaxSequenceGap, epoch: 1));
        Assert.Equal(2, _reader.Counters.OutOfOrder);
    }

    [Fact]
    public void Gaps_left_by_lost_frames_and_the_wrap_of_the_numbering_are_followed()
    {
        Assert.True(Beat(65_530, epoch: 1));
        Assert.True(Beat(65_535, epoch: 1));
        Assert.True(Beat(0, epoch: 1));
        Assert.True(Beat(FrameReader.MaxSequenceGap, epoch: 1));
        Assert.Equal(0, _reader.Counters.OutOfOrder);
    }

    [Fact]
    public void A_restarted_senders_hello_is_taken_at_once_and_restarts_the_numbering()
    {
        LiveFrames(500, 510);

        Assert.True(Frame(new Hello { ProtocolVersion = Protocol.Frame.ProtocolVersion, Node = NodeKind.Smu, Side = Side.A }, 0));
        Assert.True(Beat(1, epoch: 2));
        Assert.True(Beat(2, epoch: 2));
        Assert.Equal(0, _reader.Counters.OutOfOrder);
    }

    [Fact]
    public void A_restarted_sender_whose_hello_was_lost_costs_one_frame()
    {
        LiveFrames(500, 510);

        Assert.False(Beat(1, epoch: 2));
        Assert.True(Beat(2, epoch: 2));
        Assert.True(Beat(3, epoch: 2));
        Assert.Equal(1, _reader.Counters.OutOfOrder);

        // The old numbering is gone: a frame of the sender's last life is a replay now.
        Assert.False(Beat(509, epoch: 1));
    }

    [Fact]
    public void After_a_resync_the_next_frame_in_order_is_only_an_anchor_so_a_frame_sent_before_a_silence_is_never_delivered()
    {
        // The sender's frame 510 was sent as it lost its power and never arrived; the receiver saw
        // the sender fall silent (a resync). 510 arriving now, late or replayed, follows 509 but is
        // no news: held as the anchor, counted out of order.
        LiveFrames(500, 510);
        _reader.Resync();
        Assert.False(Beat(510, epoch: 1));
        Assert.Equal(1, _reader.Counters.OutOfOrder);

        // The sender starts again: its hello is taken and the frame after it is the new life's.
        Assert.True(Frame(new Hello { ProtocolVersion = Protocol.Frame.ProtocolVersion, Node = NodeKind.Smu, Side = Side.A }, 0));
        Assert.True(Beat(1, epoch: 2));
        Assert.Equal(2u, ((Heartbeat)_reader.Message).Epoch);
        Assert.Equal(1, _reader.Counters.OutOfOrder);
    }

    [Fact]
    public void A_receiver_that_just_started_delivers_no_lone_frame_only_one_that_follows_another()
    {
        // Nothing heard yet: an old frame of the sender's earlier life, replayed, is not taken on trust.
        _reader.Resync();
        Assert.False(Beat(1, epoch: 1));

        // The live sender's next frame does not follow it: it becomes the anchor, and its successor is delivered.
        Assert.False(Beat(300, epoch: 5));
        Assert.True(Beat(301, epoch: 5));
        Assert.Equal(5u, ((Heartbeat)_reader.Message).Epoch);

        // The replayed frame stays counted; the live anchor, followed, is not.
        Assert.Equal(1, _reader.Counters.OutOfOrder);
        Assert.Equal(1, _reader.Counters.Delivered);
    }

    [Fact]
    public void A_sender_whose_numbering_ran_far_ahead_while_the_line_was_dead_is_heard_again_after_a_resync()
    {
        // A cable cut for a minute: 300 frames lost, far more than a gap left by noise.
        LiveFrames(100, 110);
        Assert.False(Beat(410, epoch: 1));
        Assert.False(Beat(411, epoch: 1));

        // Without a resync the reader would wait for ever; the receiver saw the silence and resyncs.
        _reader.Resync();
        Assert.False(Beat(412, epoch: 1));
        Assert.True(Beat(413, epoch: 1));
        Assert.True(Beat(414, epoch: 1));

        // An old frame replayed after that is dropped as before.
        Assert.False(Beat(109, epoch: 1));
    }

    [Fact]
    public void Off_by_default_so_a_reader_inside_one_box_or_a_capture_takes_every_intact_frame()
    {
        var reader = new FrameReader();
        Assert.False(reader.InOrderOnly);
        Assert.True(Feed(reader, Encode(Heartbeat(1), 10)));
        Assert.True(Feed(reader, Encode(Heartbeat(1), 3)));
        Assert.Equal(0, reader.Counters.OutOfOrder);
    }

    private void LiveFrames(int from, int to)
    {
        for (int s = from; s < to; s++)
        {
            Assert.True(Beat(s, epoch: 1));
        }
    }

    private bool Beat(int sequence, uint epoch) => Frame(Heartbeat(epoch), (ushort)sequence);

    private bool Frame(Message message, ushort sequence) => Feed(_reader, Encode(message, sequence));

    private static Heartbeat Heartbeat(uint epoch) => new() { Side = Side.A, Mode = Mode.Active, Epoch = epoch };

    private static byte[] Encode(Message message, ushort sequence)
    {
        var wire = new byte[Protocol.Frame.MaxWireLength + 1];
        wire[0] = Protocol.Frame.Delimiter;
        int n = FrameWriter.Encode(message, sequence, new byte[Protocol.Frame.MaxFrameLength], wire, 1);
        return wire[..(n + 1)];
    }

    private static bool Feed(FrameReader reader, byte[] wire)
    {
        bool delivered = false;
        foreach (byte b in wire)
        {
            delivered |= reader.Push(b);
        }

        return delivered;
    }
}
