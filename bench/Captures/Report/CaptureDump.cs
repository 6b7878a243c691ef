using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>How a dump is written.</summary>
public enum DumpFormat
{
    /// <summary>For people: one row per frame on the wire (its bytes, then what they are), all lines in time order.</summary>
    Text,

    /// <summary>For scripts: one JSON object per line, every byte with its time and every frame with its fields, in time order.</summary>
    JsonLines,
}

/// <summary>
/// Every byte the checker decoded on every UART line, with its time, and every frame with its
/// fields (or, for a frame a receiver drops, the reason): what a protocol decoder in PulseView
/// shows, as text or JSON Lines. The bytes and the frames must have been kept (<see cref="CaptureOptions.KeepBytes"/>, <see cref="CaptureOptions.KeepFrames"/>).
/// </summary>
public static class CaptureDump
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Picks the format from a file name: <c>.jsonl</c> or <c>.json</c> is JSON Lines, anything else text.</summary>
    public static DumpFormat FormatFor(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? DumpFormat.JsonLines : DumpFormat.Text;

    /// <summary>Writes the dump.</summary>
    public static void Write(CaptureResult result, TextWriter output, DumpFormat format)
    {
        if (result.Links.Any(l => !l.Uart.BytesKept || !l.AllFrames))
        {
            throw new InvalidOperationException("the bytes or frames were not kept: check with CaptureOptions.KeepBytes and KeepFrames to dump them");
        }

        if (format == DumpFormat.Text)
        {
            output.WriteLine($"# {result.Signals.Header.Source}: every frame on every UART line, in time order: time, line, what it is, its bytes (the last one its 0x00 delimiter)");
            foreach (var link in result.Links)
            {
                output.WriteLine($"#   {link.Channel.Pin.Abbreviation,-8} {link.Name} ({link.Channel.Label}): {Plural.Of(link.Uart.ByteCount, "byte")}, {Plural.Of(link.FrameCount, "frame")}, {link.Errors.Count} dropped");
            }
        }

        // Each line's runs are in time order; a merge puts all lines in time order without sorting them all.
        var queue = new PriorityQueue<IEnumerator<Run>, (long, int)>();
        for (int i = 0; i < result.Links.Count; i++)
        {
            var runs = Runs(result.Links[i]).GetEnumerator();
            if (runs.MoveNext())
            {
                queue.Enqueue(runs, (runs.Current.StartPs, i));
            }
        }

        var bytes = new StringBuilder();
        while (queue.TryDequeue(out var runs, out var key))
        {
            var run = runs.Current;
            if (format == DumpFormat.Text)
            {
                Text(output, run, bytes);
            }
            else
            {
                Json(output, run);
            }

            if (runs.MoveNext())
            {
                queue.Enqueue(runs, (runs.Current.StartPs, key.Item2));
            }
        }
    }

    /// <summary>One link's bytes cut at each delimiter, each run with what it made.</summary>
    private static IEnumerable<Run> Runs(LinkDecoding link)
    {
        var all = link.Uart.Bytes;
        int frame = 0;
        int error = 0;
        bool first = true;
        int from = 0;
        for (int i = 0; i < all.Count; i++)
        {
            if (all[i].Value != Frame.Delimiter)
            {
                continue;
            }

            var start = all[from];
            if (i == from)
            {
                // A lone delimiter: idle, or a sender opening the link.
                yield return new Run(link, all, from, 1, null, null, first ? "a lone delimiter" : "a delimiter between frames");
            }
            else if (frame < link.Frames.Count && link.Frames[frame].StartPs == start.StartPs)
            {
                yield return new Run(link, all, from, i - from + 1, link.Frames[frame++], null, null);
            }
            else if (error < link.Errors.Count && link.Errors[error].StartPs == start.StartPs)
            {
                yield return new Run(link, all, from, i - from + 1, null, link.Errors[error++], null);
            }
            else
            {
                yield return new Run(link, all, from, i - from + 1, null, null, first ? "the rest of a frame the capture started inside: skipped" : "not a frame");
            }

            first &= i == from;
            from = i + 1;
        }

        if (from < all.Count)
        {
            yield return new Run(link, all, from, all.Count - from, null, null, "cut by the capture's end (no delimiter)");
        }
    }

    private static void Text(TextWriter output, Run run, StringBuilder bytes)
    {
        bytes.Clear();
        for (int i = 0; i < run.Count; i++)
        {
            var b = run.Bytes[run.From + i];
            bytes.Append(i == 0 ? "" : " ").Append(b.Value.ToString("x2", CultureInfo.InvariantCulture));
            if (b.FramingError)
            {
                bytes.Append('!');
            }
        }

        string what = run.Frame != null ? run.Frame.ToString()
            : run.Error != null ? $"dropped: {run.Error.Reason}"
            : run.Note!;
        output.WriteLine($"{TimeText.At(run.StartPs),14}  {run.Link.Channel.Pin.Abbreviation,-8} {what}  [{bytes}]");
    }

    private static void Json(TextWriter output, Run run)
    {
        var buffer = new MemoryStream();
        string channel = run.Link.Channel.Pin.FullName;
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            if (run.Frame is { } frame)
            {
                json.WriteString("kind", "frame");
                Common(json, run, channel);
                json.WriteString("type", frame.Type.ToString());
                json.WriteNumber("sequence", frame.Sequence);
                json.WriteStartObject("fields");
                foreach (var (name, value) in MessageFields.Values(frame.Message))
                {
                    switch (value)
                    {
                        case bool flag:
                            json.WriteBoolean(name, flag);
                            break;
                        case string text:
                            json.WriteString(name, text);
                            break;
                        default:
                            json.WritePropertyName(name);
                            json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                            break;
                    }
                }

                json.WriteEndObject();
            }
            else if (run.Error is { } error)
            {
                json.WriteString("kind", "dropped");
                Common(json, run, channel);
                json.WriteString("reason", error.Reason);
            }
            else
            {
                json.WriteString("kind", "other");
                Common(json, run, channel);
                json.WriteString("note", run.Note);
            }

            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        for (int i = 0; i < run.Count; i++)
        {
            var b = run.Bytes[run.From + i];
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer, JsonOptions))
            {
                json.WriteStartObject();
                json.WriteString("kind", "byte");
                json.WriteString("channel", channel);
                json.WriteNumber("ps", b.StartPs);
                json.WriteString("t", TimeText.At(b.StartPs).TrimEnd(' ', 's'));
                json.WriteNumber("value", b.Value);
                if (b.FramingError)
                {
                    json.WriteBoolean("framing_error", true);
                }

                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
    }

    private static void Common(Utf8JsonWriter json, Run run, string channel)
    {
        json.WriteString("channel", channel);
        json.WriteString("link", run.Link.Name);
        json.WriteNumber("ps", run.StartPs);
        json.WriteNumber("end_ps", run.EndPs);
        json.WriteString("t", TimeText.At(run.StartPs).TrimEnd(' ', 's'));
        json.WriteNumber("bytes", run.Count);
    }

    /// <summary>Bytes up to and with a delimiter, and what they made.</summary>
    private readonly record struct Run(LinkDecoding Link, IReadOnlyList<UartByte> Bytes, int From, int Count, DecodedFrame? Frame, FrameError? Error, string? Note)
    {
        public long StartPs => Bytes[From].StartPs;

        public long EndPs => Bytes[From + Count - 1].EndPs;
    }
}
