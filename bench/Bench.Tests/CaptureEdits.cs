using System.Globalization;
using System.Text;
using ColdStandby.Bench.Traces;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// Edits of captures for the checker's tests: a VCD's text changed by hand (a line forced on at a
/// time), or a recording copied with one UART line changed (a bit flipped, bytes taken out) or
/// with renamed and re-levelled channels (what a logic analyzer on the real pins would record).
/// </summary>
internal static class CaptureEdits
{
    /// <summary>Gets the identifier code of <paramref name="scope"/>.<paramref name="name"/> in our VCD.</summary>
    public static string IdOf(string vcd, string scope, string name)
    {
        string? current = null;
        foreach (string line in vcd.Split('\n'))
        {
            if (line.StartsWith("$scope module ", StringComparison.Ordinal))
            {
                current = line.Split(' ')[2];
            }
            else if (line.StartsWith("$var wire 1 ", StringComparison.Ordinal) && current == scope && line.Split(' ')[4] == name)
            {
                return line.Split(' ')[3];
            }
        }

        throw new ArgumentException($"no {scope}.{name} in the VCD");
    }

    /// <summary>Puts value changes (<c>1!</c>) at time <paramref name="units"/> into our one-timestamp-a-line VCD.</summary>
    public static string Insert(string vcd, long units, params string[] changes)
    {
        var lines = vcd.Split('\n').ToList();
        int at = lines.FindIndex(l => l == "$enddefinitions $end") + 1;
        for (; at < lines.Count; at++)
        {
            if (lines[at].StartsWith('#') && long.Parse(lines[at][1..], CultureInfo.InvariantCulture) is long time && time >= units && time > 0)
            {
                if (time == units)
                {
                    lines.InsertRange(at + 1, changes);
                    return string.Join('\n', lines);
                }

                break;
            }
        }

        lines.InsertRange(at, new[] { "#" + units.ToString(CultureInfo.InvariantCulture) }.Concat(changes));
        return string.Join('\n', lines);
    }

    /// <summary>Inverts every level of one channel in our VCD (a probe on the inverted side of a transceiver).</summary>
    public static string Invert(string vcd, string id) =>
        string.Join('\n', vcd.Split('\n').Select(l => l.Length == id.Length + 1 && l[1..] == id && l[0] is '0' or '1' ? (l[0] == '0' ? "1" : "0") + id : l));

    /// <summary>Copies a recording, with <paramref name="change"/> applied to the one UART line named.</summary>
    public static TraceRecording WithUart(TraceRecording recording, string scope, string name, Func<List<(long StartNs, byte Value)>, IEnumerable<(long StartNs, byte Value)>> change)
    {
        var copy = new TraceRecording();
        copy.Lines.AddRange(recording.Lines);
        foreach (var uart in recording.Uarts)
        {
            if (uart.Scope == scope && uart.Name == name)
            {
                var changed = new UartTrace(scope, name, uart.Baud);
                changed.Bytes.AddRange(change(uart.Bytes));
                copy.Uarts.Add(changed);
            }
            else
            {
                copy.Uarts.Add(uart);
            }
        }

        return copy;
    }

    /// <summary>
    /// Copies the named lines and UARTs into channels <c>D0</c>, <c>D1</c>, … of one scope, as a
    /// logic analyzer's probes; <paramref name="activeLow"/> lines are written at the pin's level.
    /// </summary>
    public static TraceRecording Probes(TraceRecording recording, string[] signals, params string[] activeLow)
    {
        var probes = new TraceRecording();
        for (int i = 0; i < signals.Length; i++)
        {
            string[] parts = signals[i].Split('.');
            string channel = "D" + i;
            if (recording.Line(parts[0], parts[1]) is { } line)
            {
                bool invert = activeLow.Contains(signals[i]);
                var copy = new DigitalTrace("probe", channel, line.Initial ^ invert);
                copy.Changes.AddRange(line.Changes.Select(c => (c.TimeNs, c.Value ^ invert)));
                probes.Lines.Add(copy);
            }
            else
            {
                var uart = recording.Uart(parts[0], parts[1]) ?? throw new ArgumentException($"no {signals[i]} in the recording");
                var copy = new UartTrace("probe", channel, uart.Baud);
                copy.Bytes.AddRange(uart.Bytes);
                probes.Uarts.Add(copy);
            }
        }

        return probes;
    }

    /// <summary>Writes text as a capture file.</summary>
    public static string Save(string path, string text)
    {
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
