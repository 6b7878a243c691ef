using System.Diagnostics;
using ColdStandby.Protocol;

namespace ColdStandby.Benchmarks;

/// <summary>Frames encoded and decoded per second, and each message's size and wire time at 115200 baud 8N1.</summary>
public static class ProtocolBenchmark
{
    private const int Baud = 115200;
    private const int BitsPerByte = 10; // 8N1: start bit, 8 data bits, stop bit

    public static void Run()
    {
        var messages = new MessageSet();
        messages.Heartbeat.Side = Side.A;
        messages.Heartbeat.Mode = Mode.Active;
        messages.Heartbeat.Health = HealthFlags.ServerPowered | HealthFlags.PowerGood | HealthFlags.OsUp;
        messages.Heartbeat.Epoch = 7;

        var writer = new FrameWriter();
        var reader = new FrameReader();
        var wire = new byte[Frame.MaxWireLength];
        const int frames = 2_000_000;

        // Warm up the JIT before timing.
        Encode(writer, messages, wire, 10_000);
        var encode = Stopwatch.StartNew();
        long bytes = Encode(writer, messages, wire, frames);
        encode.Stop();

        int n = writer.Write(messages.Heartbeat, wire, 0);
        Decode(reader, wire, n, 10_000);
        var decode = Stopwatch.StartNew();
        Decode(reader, wire, n, frames);
        decode.Stop();

        Console.WriteLine("protocol: framing throughput (net10.0 build, one core, Heartbeat frames)");
        Console.WriteLine($"  encode  {frames / encode.Elapsed.TotalSeconds,14:N0} frames/s  ({bytes / encode.Elapsed.TotalSeconds / 1e6:N1} MB/s on the wire)");
        Console.WriteLine($"  decode  {frames / decode.Elapsed.TotalSeconds,14:N0} frames/s  ({reader.Counters.Delivered:N0} delivered, {reader.Counters.Dropped} dropped)");
        Console.WriteLine();
        Console.WriteLine($"protocol: message sizes and wire time at {Baud} baud 8N1 (payload = fields; wire = COBS + delimiter, all-zero fields)");
        Console.WriteLine($"  {"message",-18} {"type",5} {"payload",8} {"frame",6} {"wire",5} {"wire time",10}");
        var scratch = new byte[Frame.MaxFrameLength];
        foreach (MessageType type in Enum.GetValues<MessageType>())
        {
            var message = messages.ForType((byte)type)!;
            int wireLength = FrameWriter.Encode(message, 0x0101, scratch, wire, 0);
            int frameLength = Frame.HeaderLength + message.PayloadLength + Frame.CrcLength;
            double micros = wireLength * BitsPerByte * 1_000_000.0 / Baud;
            Console.WriteLine($"  {type,-18} 0x{(byte)type:X2} {message.PayloadLength,8} {frameLength,6} {wireLength,5} {micros,7:N0} µs");
        }

        Console.WriteLine($"  worst case: {Frame.MaxWireLength} bytes on the wire = {Frame.MaxWireLength * BitsPerByte * 1_000_000.0 / Baud:N0} µs");
        Console.WriteLine();
    }

    private static long Encode(FrameWriter writer, MessageSet messages, byte[] wire, int count)
    {
        long bytes = 0;
        for (int i = 0; i < count; i++)
        {
            messages.Heartbeat.Epoch = (uint)i;
            bytes += writer.Write(messages.Heartbeat, wire, 0);
        }

        return bytes;
    }

    private static void Decode(FrameReader reader, byte[] wire, int length, int count)
    {
        for (int i = 0; i < count; i++)
        {
            // The same bytes again would be dropped as a repeat; Reset forgets the previous frame.
            reader.Reset();
            for (int k = 0; k < length; k++)
            {
                reader.Push(wire[k]);
            }
        }
    }
}
