using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ColdStandby.Bench.Captures;
using ColdStandby.Bench.Traces;
using ColdStandby.Protocol;
using Xunit.Abstractions;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// The sigrok protocol decoder shipped in bench/sigrok (what PulseView users stack on 'uart'),
/// run by the real sigrok-cli: on the demo's VCD it annotates exactly the frames the checker
/// finds, at the same samples, with the same fields; on every example frame of the protocol's
/// page and on frames broken each way a receiver can drop one, it says what the checker says.
/// </summary>
public sealed class SigrokDecoderTests(DemoCapture demo, ITestOutputHelper output) : IClassFixture<DemoCapture>
{
    [SigrokFact]
    public void On_the_demo_vcd_it_annotates_exactly_the_frames_the_checker_finds_with_the_same_fields()
    {
        var result = TracedRun.Check(demo.Vcd);
        var links = result.Links.Where(l => l.Uart.ByteCount > 0).ToList();
        var annotations = Decode(demo.Vcd, result.Signals.Header, links.Select(l => l.Channel.Pin.FullName).ToList());
        Assert.True(links.Count >= 3, $"{links.Count} lines with traffic");
        for (int i = 0; i < links.Count; i++)
        {
            var link = links[i];
            var theirs = annotations[i + 1];
            output.WriteLine($"{link.Name}: {link.Frames.Count} frames, sigrok: {theirs.Count} annotations");

            // At 1 µs a sample, the frame's first start bit is its sample number.
            var expected = link.Frames.Select(f => $"{f.StartPs / 1_000_000} {f}")
                .Concat(link.Errors.Select(e => $"{e.StartPs / 1_000_000} Dropped: {e.Reason}"))
                .Order(StringComparer.Ordinal);
            var actual = theirs.Where(a => !a.Text.StartsWith("The capture started inside", StringComparison.Ordinal)).Select(a => $"{a.Start} {a.Text}").Order(StringComparer.Ordinal);
            Assert.Equal(expected, actual);
            Assert.Equal(link.BytesBeforeFirstDelimiter > 0, theirs.Any(a => a.Text.StartsWith("The capture started inside a frame", StringComparison.Ordinal)));
            foreach (var frame in link.Frames)
            {
                // sigrok ends a byte half a bit after the middle of its stop bit: the same end, within a sample.
                var annotation = theirs.First(a => a.Start == frame.StartPs / 1_000_000);
                Assert.InRange(annotation.End, (frame.EndPs / 1_000_000) - 1, (frame.EndPs / 1_000_000) + 1);
            }
        }
    }

    [SigrokFact]
    public void Every_example_frame_of_the_protocol_page_and_every_kind_of_dropped_frame_reads_as_the_checker_reads_it()
    {
        var frames = ProtocolPageExamples();
        Assert.True(frames.Count >= Enum.GetValues<MessageType>().Length, $"{frames.Count} examples for {Enum.GetValues<MessageType>().Length} message types");
        var heartbeat = frames.Single(f => f[1] == (byte)MessageType.Heartbeat);
        var messages = new MessageSet();
        messages.Heartbeat.Side = (Side)3;
        var scratch = new byte[Frame.MaxFrameLength];
        var wire = new byte[Frame.MaxWireLength];
        var broken = new List<byte[]>
        {
            Flip(heartbeat, 4),                                             // CRC mismatch
            new byte[] { 0x09, 0x11, 0x22, 0x00 },                          // not valid COBS
            new byte[] { 0x02, 0x05, 0x00 },                                // shorter than 7 bytes
            Enumerable.Repeat((byte)0x01, 60).Append((byte)0).ToArray(),    // longer than 56 bytes
            Wire(new byte[] { 0x7F, 0x10, 0x00 }),                          // unknown message type
            Wire(new byte[] { 0x10, 0x11, 0x00, 0x01, 0x02 }),              // wrong payload length
            wire[..FrameWriter.Encode(messages.Heartbeat, 0x12, scratch, wire, 0)], // a field outside its values
            frames[0],
            frames[0],                                                      // an exact repeat of the previous frame
        };

        // One line carrying every frame, a millisecond apart, bytes back to back as a UART sends them.
        var recording = new TraceRecording();
        var uart = new UartTrace("smu_a", "peer_tx", 115200);
        long at = 1_000_000;
        foreach (byte[] frame in frames.Concat(broken))
        {
            foreach (byte value in frame)
            {
                uart.Bytes.Add((at, value));
                at += (long)Math.Round(10 * uart.BitNs);
            }

            at += 1_000_000;
        }

        recording.Uarts.Add(uart);
        string vcd = demo.File("every-message.vcd");
        new VcdWriter(1, "us").Write(vcd, recording, 0, at + 1_000_000);

        var link = TracedRun.Check(vcd).Links.Single(l => l.Channel.Pin.FullName == "smu_a.peer_tx");
        var theirs = Decode(vcd, null, new List<string> { "peer_tx" })[1];
        foreach (var a in theirs)
        {
            output.WriteLine($"{a.Start}: {a.Text}");
        }

        Assert.Equal(frames.Count + 1, link.Frames.Count);
        Assert.Equal(
            new[] { "CRC mismatch", "not valid COBS", "shorter than 7 bytes (type, sequence, CRC)", "longer than 56 bytes", "unknown message type",
                "wrong payload length for its type", "a field outside its values", "an exact repeat of the previous frame" },
            link.Errors.Select(e => e.Reason));
        Assert.Equal(link.Frames.Select(f => $"{f.StartPs / 1_000_000} {f}").Concat(link.Errors.Select(e => $"{e.StartPs / 1_000_000} Dropped: {e.Reason}")).Order(StringComparer.Ordinal),
            theirs.Select(a => $"{a.Start} {a.Text}").Order(StringComparer.Ordinal));
    }

    /// <summary>Each example row's wire bytes on firmware/Protocol/README.md: every message type, as the code encodes it.</summary>
    private static List<byte[]> ProtocolPageExamples()
    {
        string page = File.ReadAllText(Path.Combine(Repository.Root, "firmware", "Protocol", "README.md"));
        string examples = page[page.IndexOf("## Examples", StringComparison.Ordinal)..];
        return Regex.Matches(examples, @"^\|[^|\n]+\|[^|\n]*\|[^|\n]+\|[^|\n]+\| `([0-9a-f ]+)` \|$", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value.Split(' ').Select(h => byte.Parse(h, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray())
            .ToList();
    }

    private static byte[] Flip(byte[] wire, int index)
    {
        var copy = (byte[])wire.Clone();
        copy[index] ^= copy[index] == 1 ? (byte)3 : (byte)1;
        return copy;
    }

    /// <summary>A frame's bytes with their CRC, COBS-encoded, with the delimiter.</summary>
    private static byte[] Wire(byte[] frame)
    {
        var withCrc = new byte[frame.Length + 4];
        frame.CopyTo(withCrc, 0);
        BitConverter.TryWriteBytes(withCrc.AsSpan(frame.Length), Crc32C.Compute(frame, 0, frame.Length));
        var output = new byte[withCrc.Length + 2];
        int n = Cobs.Encode(withCrc, 0, withCrc.Length, output, 0);
        return output[..(n + 1)];
    }

    /// <summary>
    /// Runs sigrok-cli with one uart + coldstandby stack per line named, the decoder loaded from
    /// the repository; returns each stack's frame and warning annotations (1-based, as sigrok numbers them).
    /// </summary>
    internal static Dictionary<int, List<(long Start, long End, string Text)>> Decode(string vcd, CaptureHeader? header, List<string> lines)
    {
        var args = new List<string> { "-I", "vcd", "-i", vcd };
        if (header != null)
        {
            // sigrok's VCD import drops the scopes, so names repeat per board: -C renames every channel, in order, to its scope-qualified name.
            args.AddRange(new[] { "-C", string.Join(',', header.Channels.Select(c => $"{c.Name}={c.FullName}")) });
        }

        foreach (string line in lines)
        {
            args.AddRange(new[] { "-P", $"uart:tx={line}:baudrate=115200,coldstandby" });
        }

        args.AddRange(new[] { "-A", "coldstandby=fields:warnings", "--protocol-decoder-samplenum" });
        string text = Sigrok.RunWith(new Dictionary<string, string> { ["SIGROKDECODE_DIR"] = Path.Combine(Repository.Root, "bench", "sigrok") }, args.ToArray());
        var result = Enumerable.Range(1, lines.Count).ToDictionary(i => i, _ => new List<(long, long, string)>());
        foreach (Match m in Regex.Matches(text, @"^(\d+)-(\d+) coldstandby-(\d+): (.*)$", RegexOptions.Multiline))
        {
            result[int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)].Add((long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[4].Value));
        }

        return result;
    }
}

/// <summary>The repository's folder, found above the test's.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "nf.sln")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("nf.sln not found above " + AppContext.BaseDirectory);
    }
}
