using System.Globalization;
using System.Text;

namespace ColdStandby.Bench.Traces;

/// <summary>
/// Writes a <see cref="TraceRecording"/> as a Value Change Dump that every viewer reads (gtkwave,
/// sigrok's VCD import, PulseView): scalar wires only (sigrok stops at the first <c>b…</c>
/// vector), one timestamp per line, strictly increasing, a <c>$dumpvars</c> block at #0, a
/// timescale with multiplier 1, 10 or 100, and a last timestamp at the window's end so a reader
/// that expands to samples gets the whole window. UART lines are written at bit level: start bit,
/// 8 data bits LSB first, stop bit.
/// </summary>
public sealed class VcdWriter
{
    /// <summary>Initializes a writer with a timescale of <paramref name="multiplier"/> × <paramref name="unit"/>.</summary>
    /// <param name="multiplier">1, 10 or 100.</param>
    /// <param name="unit">s, ms, us, ns or ps.</param>
    public VcdWriter(int multiplier = 1, string unit = "us")
    {
        if (multiplier is not (1 or 10 or 100))
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), multiplier, "a VCD timescale multiplier is 1, 10 or 100");
        }

        UnitNs = unit switch
        {
            "s" => 1e9,
            "ms" => 1e6,
            "us" => 1e3,
            "ns" => 1,
            "ps" => 1e-3,
            _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "a VCD time unit is s, ms, us, ns or ps"),
        } * multiplier;
        Timescale = $"{multiplier} {unit}";
    }

    /// <summary>Gets the timescale as written, e.g. <c>1 us</c>.</summary>
    public string Timescale { get; }

    /// <summary>Gets one time unit of the file in nanoseconds.</summary>
    public double UnitNs { get; }

    /// <summary>Gets how many time units (samples, for a reader that expands) a window of this length has.</summary>
    public long UnitsFor(long fromNs, long toNs) => ToUnits(toNs - fromNs);

    /// <summary>Writes the window [<paramref name="fromNs"/>, <paramref name="toNs"/>) of <paramref name="recording"/>; #0 is <paramref name="fromNs"/>.</summary>
    /// <remarks>
    /// A UART byte is written only when all ten of its bits lie in the window, so the window's edges
    /// never cut a frame into garbage. <paramref name="scopes"/> keeps only those boards: sigrok's
    /// VCD import drops the scopes, so a file for sigrok should hold one board (names are unique
    /// only inside a board).
    /// </remarks>
    public void Write(TextWriter output, TraceRecording recording, long fromNs, long toNs, string comment = "", IReadOnlyCollection<string>? scopes = null)
    {
        if (toNs <= fromNs)
        {
            throw new ArgumentException("the window must end after it starts");
        }

        var signals = new List<(string Scope, string Name, string Id, bool Initial, List<(long Units, bool Value)> Changes)>();
        int next = 0;
        foreach (var line in recording.Lines.Where(l => scopes == null || scopes.Contains(l.Scope)))
        {
            var changes = new List<(long, bool)>();
            foreach (var (time, value) in line.Changes)
            {
                if (time > fromNs && time < toNs)
                {
                    changes.Add((ToUnits(time - fromNs), value));
                }
            }

            signals.Add((line.Scope, line.Name, Identifier(next++), line.ValueAt(fromNs), changes));
        }

        foreach (var uart in recording.Uarts.Where(u => scopes == null || scopes.Contains(u.Scope)))
        {
            signals.Add((uart.Scope, uart.Name, Identifier(next++), true, UartEdges(uart, fromNs, toNs)));
        }

        var text = new StringBuilder();
        text.Append("$date\n  ").Append(DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)).Append("\n$end\n");
        text.Append("$version\n  ColdStandby bench\n$end\n");
        if (comment.Length > 0)
        {
            text.Append("$comment\n  ").Append(comment.Replace("$end", "(end)", StringComparison.Ordinal)).Append("\n$end\n");
        }

        text.Append("$timescale ").Append(Timescale).Append(" $end\n");
        foreach (var scope in signals.Select(s => s.Scope).Distinct())
        {
            text.Append("$scope module ").Append(scope).Append(" $end\n");
            foreach (var signal in signals.Where(s => s.Scope == scope))
            {
                text.Append("$var wire 1 ").Append(signal.Id).Append(' ').Append(signal.Name).Append(" $end\n");
            }

            text.Append("$upscope $end\n");
        }

        text.Append("$enddefinitions $end\n");
        text.Append("#0\n$dumpvars\n");
        foreach (var signal in signals)
        {
            text.Append(signal.Initial ? '1' : '0').Append(signal.Id).Append('\n');
        }

        text.Append("$end\n");
        output.Write(text);
        text.Clear();

        // Merge every signal's changes by time; a signal changing twice within one unit keeps the last value.
        var all = new List<(long Units, int Order, string Id, bool Value)>();
        int order = 0;
        foreach (var signal in signals)
        {
            foreach (var (units, value) in signal.Changes)
            {
                all.Add((units, order++, signal.Id, value));
            }
        }

        all.Sort((x, y) => x.Units != y.Units ? x.Units.CompareTo(y.Units) : x.Order.CompareTo(y.Order));
        long end = UnitsFor(fromNs, toNs);
        long current = 0;
        var pending = new Dictionary<string, bool>();
        var state = signals.ToDictionary(s => s.Id, s => s.Initial);
        void FlushGroup()
        {
            var changed = pending.Where(p => state[p.Key] != p.Value).ToList();
            if (changed.Count > 0)
            {
                text.Append('#').Append(current.ToString(CultureInfo.InvariantCulture)).Append('\n');
                foreach (var (id, value) in changed)
                {
                    text.Append(value ? '1' : '0').Append(id).Append('\n');
                    state[id] = value;
                }
            }

            pending.Clear();
            if (text.Length > 1 << 16)
            {
                output.Write(text);
                text.Clear();
            }
        }

        foreach (var change in all)
        {
            if (change.Units <= 0 || change.Units >= end)
            {
                continue;
            }

            if (change.Units != current)
            {
                FlushGroup();
                current = change.Units;
            }

            pending[change.Id] = change.Value;
        }

        FlushGroup();
        text.Append('#').Append(end.ToString(CultureInfo.InvariantCulture)).Append('\n');
        output.Write(text);
    }

    /// <summary>Writes the window to a file.</summary>
    public void Write(string path, TraceRecording recording, long fromNs, long toNs, string comment = "", IReadOnlyCollection<string>? scopes = null)
    {
        using var file = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        Write(file, recording, fromNs, toNs, comment, scopes);
    }

    private long ToUnits(long ns) => (long)Math.Round(ns / UnitNs, MidpointRounding.AwayFromZero);

    private List<(long Units, bool Value)> UartEdges(UartTrace uart, long fromNs, long toNs)
    {
        var edges = new List<(long, bool)>();
        double bit = uart.BitNs;
        bool level = true;
        foreach (var (start, value) in uart.Bytes)
        {
            if (start <= fromNs || start + (10 * bit) > toNs)
            {
                continue;
            }

            for (int i = 0; i < 10; i++)
            {
                bool bitLevel = i == 0 ? false : i == 9 || ((value >> (i - 1)) & 1) != 0;
                if (bitLevel != level)
                {
                    long at = start + (long)Math.Round(i * bit);
                    edges.Add((ToUnits(at - fromNs), bitLevel));
                    level = bitLevel;
                }
            }
        }

        return edges;
    }

    /// <summary>VCD identifier codes: printable ASCII from '!' to '~', more characters past 94 signals.</summary>
    private static string Identifier(int index)
    {
        var id = new StringBuilder();
        do
        {
            id.Append((char)('!' + (index % 94)));
            index /= 94;
        }
        while (index > 0);
        return id.ToString();
    }
}
