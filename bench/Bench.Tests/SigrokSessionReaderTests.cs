using System.IO.Compression;
using System.Text;
using ColdStandby.Bench.Captures;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// The session reader on sessions written here byte by byte (the sigrok-cli tests read real ones):
/// samples that straddle its blocks and the chunks give every edge at its sample (inflated on a
/// thread of its own, or on the reader's with one thread), and a damaged or
/// cut chunk is refused by name, as the inflating runs on a thread of its own.
/// </summary>
public sealed class SigrokSessionReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Edges_are_read_at_their_samples_across_chunks_and_blocks(bool oneThread)
    {
        // 17 probes are 3 bytes a sample: the reader's 1 MB blocks end inside a sample, and so do none of the chunks.
        const int probes = 17;
        const int samples = 1_400_000;
        var random = new Random(14);
        var toggles = new SortedSet<int> { 1, 349_525, 349_526, 349_527, 699_050, 699_051, 1_000_000, samples - 1 };
        while (toggles.Count < 2_000)
        {
            toggles.Add(random.Next(1, samples));
        }

        var data = new byte[samples * 3];
        bool probe1 = false;
        bool probe17 = true;
        for (int i = 0; i < samples; i++)
        {
            if (toggles.Contains(i))
            {
                probe1 = !probe1;
                probe17 = (i % 3) == 0 ? !probe17 : probe17;
            }

            data[(i * 3) + 0] = (byte)((probe1 ? 1 : 0) | (random.Next(2) << 1));
            data[(i * 3) + 1] = (byte)random.Next(256);
            data[(i * 3) + 2] = (byte)(probe17 ? 1 : 0);
        }

        string path = Session(probes, ("logic-1-1", data[..1_500_000]), ("logic-1-2", data[1_500_000..2_100_000]), ("logic-1-3", data[2_100_000..]));
        var lines = Read(path, oneThread, 0, 16);
        Directory.Delete(Path.GetDirectoryName(path)!, true);

        Assert.False(lines[0].Initial);
        Assert.True(lines[1].Initial);
        Assert.Equal(toggles.Select(t => t * 1_000_000L), Edges(lines[0]));
        Assert.Equal(toggles.Where(t => t % 3 == 0).Select(t => t * 1_000_000L), Edges(lines[1]));
        Assert.Equal(samples * 1_000_000L, lines[0].EndPs);
    }

    [Fact]
    public void A_damaged_chunk_is_refused_by_name()
    {
        var data = new byte[300_000];
        data.AsSpan(100_000).Fill(1);
        string path = Session(8, ("logic-1-1", data), ("logic-1-2", data));

        // The second chunk's deflate stream starts with a block of the reserved type: zlib refuses it.
        var bytes = File.ReadAllBytes(path);
        int second = LocalHeader(bytes, "logic-1-2");
        int start = second + 30 + BitConverter.ToUInt16(bytes, second + 26) + BitConverter.ToUInt16(bytes, second + 28);
        bytes[start] = 0xFF;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CaptureFormatException>(() => Read(path, 0));
        Directory.Delete(Path.GetDirectoryName(path)!, true);
        Assert.StartsWith($"{Path.GetFileName(path)}: logic-1-2 cannot be decompressed (", error.Message);
        Assert.EndsWith("): the file looks damaged", error.Message);
    }

    [Fact]
    public void A_chunk_that_ends_inside_a_sample_is_refused_as_cut_off()
    {
        // 9 probes are 2 bytes a sample; the first chunk has one byte over.
        string path = Session(9, ("logic-1-1", new byte[2_000_001]), ("logic-1-2", new byte[2]));
        var error = Assert.Throws<CaptureFormatException>(() => Read(path, 0));
        Directory.Delete(Path.GetDirectoryName(path)!, true);
        Assert.Equal($"{Path.GetFileName(path)}: logic-1-1 ends inside a sample (1 of its 2 bytes): the file looks cut off", error.Message);
    }

    /// <summary>Writes a session at 1 MHz with <paramref name="probes"/> probes and the chunks given, in a temp file.</summary>
    private static string Session(int probes, params (string Name, byte[] Data)[] chunks)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("session").FullName, "written.sr");
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        using (var version = new StreamWriter(zip.CreateEntry("version").Open(), new UTF8Encoding(false)))
        {
            version.Write("2");
        }

        using (var metadata = new StreamWriter(zip.CreateEntry("metadata").Open(), new UTF8Encoding(false)))
        {
            metadata.Write($"[global]\nsigrok version=0.5.2\n\n[device 1]\ncapturefile=logic-1\ntotal probes={probes}\nsamplerate=1 MHz\ntotal analog=0\n" +
                string.Concat(Enumerable.Range(1, probes).Select(p => $"probe{p}=D{p - 1}\n")) + $"unitsize={(probes + 7) / 8}\n");
        }

        foreach (var (name, data) in chunks)
        {
            using var entry = zip.CreateEntry(name).Open();
            entry.Write(data);
        }

        return path;
    }

    /// <summary>Reads channels of a session whole (inflating on a second thread, or on this one).</summary>
    private static Waveform[] Read(string path, params int[] channels) => Read(path, false, channels);

    private static Waveform[] Read(string path, bool oneThread, params int[] channels)
    {
        using var reader = CaptureReader.Open(path);
        reader.OneThread = oneThread;
        var sinks = new ChannelSink?[reader.Header.Channels.Count];
        var recorders = channels.Select(c => new LineRecorder()).ToArray();
        for (int i = 0; i < channels.Length; i++)
        {
            sinks[channels[i]] = recorders[i];
        }

        reader.Read(sinks);
        return recorders.Select(r => r.Waveform!).ToArray();
    }

    private static IEnumerable<long> Edges(Waveform line) => Enumerable.Range(0, line.EdgeCount).Select(line.EdgeAt);

    private static int LocalHeader(byte[] zip, string name)
    {
        var pattern = Encoding.ASCII.GetBytes(name);
        for (int at = 0; at + 30 < zip.Length; at++)
        {
            if (zip[at] == 'P' && zip[at + 1] == 'K' && zip[at + 2] == 3 && zip[at + 3] == 4 && zip.AsSpan(at + 30, pattern.Length).SequenceEqual(pattern))
            {
                return at;
            }
        }

        throw new InvalidOperationException($"no local header for {name}");
    }
}
