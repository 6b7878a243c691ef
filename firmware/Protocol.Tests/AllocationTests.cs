using ColdStandby.Protocol;

namespace ColdStandby.Protocol.Tests;

public class AllocationTests
{
    [Fact]
    public void Encoding_and_decoding_100000_frames_in_steady_state_allocates_nothing()
    {
        var writer = new FrameWriter();
        var reader = new FrameReader();
        var messages = new MessageSet();
        var wire = new byte[Frame.MaxWireLength];
        messages.Heartbeat.Side = Side.A;
        messages.Heartbeat.Mode = Mode.Active;
        messages.Heartbeat.Health = HealthFlags.ServerPowered | HealthFlags.PowerGood | HealthFlags.OsUp;
        messages.LogRecord.Sequence = 1;
        messages.SmuStatus.Side = Side.B;
        Message[] rotation = { messages.Heartbeat, messages.Kick, messages.LogRecord, messages.SmuStatus, messages.ShutdownDone };

        int delivered = Run(writer, reader, wire, rotation, messages, 1000);
        Assert.Equal(1000, delivered);

        long before = GC.GetAllocatedBytesForCurrentThread();
        delivered = Run(writer, reader, wire, rotation, messages, 100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(100_000, delivered);
        Assert.Equal(0, allocated);
    }

    private static int Run(FrameWriter writer, FrameReader reader, byte[] wire, Message[] rotation, MessageSet messages, int count)
    {
        int delivered = 0;
        for (int i = 0; i < count; i++)
        {
            messages.Kick.Counter = (uint)i;
            messages.Heartbeat.Epoch = (uint)i;
            int n = writer.Write(rotation[i % rotation.Length], wire, 0);
            for (int k = 0; k < n; k++)
            {
                if (reader.Push(wire[k]))
                {
                    delivered++;
                }
            }
        }

        return delivered;
    }
}
