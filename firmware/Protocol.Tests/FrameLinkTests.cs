using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.Protocol.Tests;

public class FrameLinkTests
{
    /// <summary>A channel whose transmitter takes only so many bytes per call, like a full UART FIFO.</summary>
    private sealed class ThrottledChannel : IByteChannel
    {
        public readonly List<byte> Sent = new();
        public readonly Queue<byte> Incoming = new();
        public int TakePerWrite = int.MaxValue;

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && Incoming.Count > 0)
            {
                buffer[offset + n++] = Incoming.Dequeue();
            }

            return n;
        }

        public int Write(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, TakePerWrite);
            Sent.AddRange(buffer.Skip(offset).Take(n));
            return n;
        }
    }

    [Fact]
    public void A_stalled_channel_gets_whole_frames_later_and_a_frame_that_does_not_fit_is_dropped_and_counted()
    {
        var channel = new ThrottledChannel { TakePerWrite = 0 };
        var link = new FrameLink(channel, 2 * Frame.MaxWireLength, 256);
        var kick = link.Outgoing.Kick;
        int accepted = 0;
        for (uint i = 0; i < 20; i++)
        {
            kick.Counter = i;
            accepted += link.Send(kick) ? 1 : 0;
        }

        Assert.True(accepted is > 0 and < 20);
        Assert.Equal(20 - accepted, link.SendDropped);
        Assert.Empty(channel.Sent);

        // The channel frees up a few bytes per step: every queued frame arrives whole and in order.
        channel.TakePerWrite = 5;
        for (int step = 0; step < 100 && link.Pending > 0; step++)
        {
            link.BeginStep();
        }

        var reader = new FrameReader();
        var counters = new List<uint>();
        foreach (byte b in channel.Sent)
        {
            if (reader.Push(b))
            {
                counters.Add(((Kick)reader.Message).Counter);
            }
        }

        Assert.Equal(Enumerable.Range(0, accepted).Select(i => (uint)i), counters);
        Assert.Equal(0, reader.Counters.Dropped);
    }

    [Fact]
    public void Receive_stops_at_the_byte_budget_and_resumes_next_step()
    {
        var channel = new ThrottledChannel();
        var sender = new FrameWriter();
        var wire = new byte[Frame.MaxWireLength];
        for (uint i = 0; i < 10; i++)
        {
            int n = sender.Write(new Kick { Counter = i }, wire, 0);
            foreach (byte b in wire[..n])
            {
                channel.Incoming.Enqueue(b);
            }
        }

        var link = new FrameLink(channel, 4 * Frame.MaxWireLength, 30);
        var got = new List<uint>();
        int steps = 0;
        while (got.Count < 10 && steps < 100)
        {
            link.BeginStep();
            while (link.Receive())
            {
                got.Add(((Kick)link.Message).Counter);
            }

            steps++;
        }

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (uint)i), got);
        Assert.True(steps >= 4, "13-byte frames at 30 bytes a step need several steps");
    }

    [Fact]
    public void Refuse_names_the_type_and_sequence_of_the_message_it_answers()
    {
        var channel = new ThrottledChannel();
        var wire = new byte[Frame.MaxWireLength];
        var writer = new FrameWriter();
        writer.Write(new Kick(), wire, 0);
        int n = writer.Write(new OperatorCommand { Command = OperatorCommandKind.MarkRepaired, Target = Side.B, Epoch = 3 }, wire, 0);
        foreach (byte b in wire[..n])
        {
            channel.Incoming.Enqueue(b);
        }

        var link = new FrameLink(channel, 4 * Frame.MaxWireLength, 256);
        link.BeginStep();
        Assert.True(link.Receive());
        Assert.True(link.Refuse(RefusalReason.WrongMode, 1));

        var reader = new FrameReader();
        Assert.Contains(channel.Sent, b => reader.Push(b));
        var refusal = Assert.IsType<Refusal>(reader.Message);
        Assert.Equal(MessageType.OperatorCommand, refusal.RefusedType);
        Assert.Equal(1, refusal.RefusedSequence);
        Assert.Equal(RefusalReason.WrongMode, refusal.Reason);
    }
}
