using CsCheck;
using ColdStandby.Protocol;

namespace ColdStandby.Protocol.Tests;

/// <summary>
/// Streams of good frames mixed with damaged ones (bit flips, truncation, dropped and duplicated
/// bytes, whole-frame duplicates, oversized runs, random garbage): the reader must deliver exactly
/// the good frames that start on a clean boundary, drop and count everything else, and never throw.
/// </summary>
public class NoisyStreamTests
{
    private enum Damage
    {
        None,
        BitFlip,
        Truncate,
        DropByte,
        DuplicateByte,
        RepeatFrame,
        Garbage,
        Oversized,
    }

    private sealed record Segment(Damage Damage, int MessageIndex, int Seed);

    private static readonly MessageType[] Types = Enum.GetValues<MessageType>();

    private static readonly Gen<Segment> SegmentGen =
        Gen.Select(Gen.Int[0, 13], Gen.Int[0, Types.Length - 1], Gen.Int, (d, m, s) =>
            new Segment(d <= 6 ? Damage.None : (Damage)(d - 6), m, s));

    [Fact]
    public void Good_frames_are_delivered_and_damaged_ones_dropped_in_100000_generated_streams()
    {
        long streams = 0;
        SegmentGen.Array[1, 12].Sample(plan =>
        {
            Check(plan);
            Interlocked.Increment(ref streams);
        }, iter: 100_000, threads: 1);
        Assert.Equal(100_000, streams);
    }

    private static void Check(Segment[] plan)
    {
        var stream = new List<byte>();
        var expected = new List<(ushort Sequence, Message Message)>();
        var writer = new FrameWriter();
        var wire = new byte[Frame.MaxWireLength];
        (ushort Sequence, uint Crc)? lastDelivered = null;

        foreach (var segment in plan)
        {
            var random = new Random(segment.Seed);
            var message = MessageFields.New(Types[segment.MessageIndex]);
            MessageFields.Randomize(message, random);
            int n = writer.Write(message, wire, 0);
            var frame = wire[..n];
            bool cleanStart = stream.Count == 0 || stream[^1] == 0;

            switch (segment.Damage)
            {
                case Damage.None:
                {
                    var key = (writer.LastSequence, CrcOf(frame));
                    if (cleanStart && key != lastDelivered)
                    {
                        expected.Add((writer.LastSequence, MessageFields.Copy(message)));
                        lastDelivered = key;
                    }

                    stream.AddRange(frame);
                    break;
                }

                case Damage.RepeatFrame:
                {
                    // A whole frame sent twice: the second copy is a duplicate, or, when the first
                    // was lost to a dirty boundary, the one delivered.
                    var key = (writer.LastSequence, CrcOf(frame));
                    if (key != lastDelivered)
                    {
                        expected.Add((writer.LastSequence, MessageFields.Copy(message)));
                        lastDelivered = key;
                    }

                    stream.AddRange(frame);
                    stream.AddRange(frame);
                    break;
                }

                case Damage.BitFlip:
                {
                    int at = random.Next(n - 1);
                    frame[at] ^= (byte)(1 << random.Next(8));
                    stream.AddRange(frame);
                    break;
                }

                case Damage.Truncate:
                    stream.AddRange(frame[..random.Next(1, n - 1)]);
                    stream.Add(0);
                    break;

                case Damage.DropByte:
                {
                    int at = random.Next(n - 1);
                    stream.AddRange(frame.Where((_, i) => i != at));
                    break;
                }

                case Damage.DuplicateByte:
                {
                    int at = random.Next(n - 1);
                    stream.AddRange(frame[..(at + 1)]);
                    stream.AddRange(frame[at..]);
                    break;
                }

                case Damage.Garbage:
                {
                    var garbage = new byte[random.Next(1, 80)];
                    random.NextBytes(garbage);
                    stream.AddRange(garbage);
                    if (random.Next(2) == 0)
                    {
                        stream.Add(0);
                    }

                    break;
                }

                case Damage.Oversized:
                {
                    for (int i = 0; i < Frame.MaxEncodedLength + 1 + random.Next(100); i++)
                    {
                        stream.Add((byte)random.Next(1, 256));
                    }

                    stream.Add(0);
                    break;
                }
            }
        }

        var reader = new FrameReader();
        var delivered = new List<(ushort, Message)>();
        foreach (byte b in stream)
        {
            if (reader.Push(b))
            {
                delivered.Add((reader.Sequence, MessageFields.Copy(reader.Message!)));
            }
        }

        Assert.Equal(expected.Count, delivered.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Sequence, delivered[i].Item1);
            Assert.True(MessageFields.SameFields(expected[i].Message, delivered[i].Item2));
        }

        // The same stream taken in runs of any length (as a link takes what its channel gives, up
        // to its budget) gives the same frames and the same counts as byte by byte.
        var taker = new FrameReader();
        var taken = new List<(ushort, Message)>();
        var bytes = stream.ToArray();
        var chunks = new Random(plan[0].Seed);
        for (int at = 0; at < bytes.Length;)
        {
            int count = Math.Min(chunks.Next(1, 80), bytes.Length - at);
            int took = taker.Take(bytes, at, count);
            if (took < 0)
            {
                taken.Add((taker.Sequence, MessageFields.Copy(taker.Message!)));
                Assert.Equal(0, bytes[at - took - 1]);
                at -= took;
            }
            else
            {
                Assert.Equal(count, took);
                at += took;
            }
        }

        Assert.Equal(delivered.Count, taken.Count);
        for (int i = 0; i < delivered.Count; i++)
        {
            Assert.Equal(delivered[i].Item1, taken[i].Item1);
            Assert.True(MessageFields.SameFields(delivered[i].Item2, taken[i].Item2));
        }

        Assert.Equal(Counts(reader.Counters), Counts(taker.Counters));

        // Every non-empty run between delimiters was either delivered or dropped and counted.
        int runs = 0;
        int length = 0;
        foreach (byte b in stream)
        {
            if (b != 0)
            {
                length++;
            }
            else
            {
                runs += length > 0 ? 1 : 0;
                length = 0;
            }
        }

        // An unterminated run at the end is only counted once it is already too long.
        runs += length > Frame.MaxEncodedLength ? 1 : 0;
        Assert.Equal(runs, reader.Counters.Delivered + reader.Counters.Dropped);
    }

    private static string Counts(LinkCounters c) =>
        $"{c.Delivered} {c.Oversized} {c.BadEncoding} {c.TooShort} {c.BadCrc} {c.UnknownType} {c.BadLength} {c.BadField} {c.Duplicates} {c.OutOfOrder}";

    private static uint CrcOf(byte[] wire)
    {
        var frame = new byte[Frame.MaxFrameLength];
        int n = Cobs.Decode(wire, 0, wire.Length - 1, frame, 0, frame.Length);
        return LittleEndian.ReadUInt32(frame, n - 4);
    }
}
