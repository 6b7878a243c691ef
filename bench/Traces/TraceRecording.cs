namespace ColdStandby.Bench.Traces;

/// <summary>
/// What a simulation run recorded for traces: every digital line with its changes, and every UART
/// transmit line as the bytes put on it (the bit-level waveform is derived from them).
/// Times are nanoseconds of simulated time.
/// </summary>
public sealed class TraceRecording
{
    /// <summary>Gets the digital lines.</summary>
    public List<DigitalTrace> Lines { get; } = new();

    /// <summary>Gets the UART transmit lines.</summary>
    public List<UartTrace> Uarts { get; } = new();

    /// <summary>Gets a line or UART by scope and name, or null.</summary>
    public DigitalTrace? Line(string scope, string name) =>
        Lines.FirstOrDefault(l => l.Scope == scope && l.Name == name);

    /// <summary>Gets a UART by scope and name, or null.</summary>
    public UartTrace? Uart(string scope, string name) =>
        Uarts.FirstOrDefault(u => u.Scope == scope && u.Name == name);
}

/// <summary>One digital line: its value at time 0 and every change after.</summary>
public sealed class DigitalTrace
{
    public DigitalTrace(string scope, string name, bool initial)
    {
        Scope = scope;
        Name = name;
        Initial = initial;
    }

    /// <summary>Gets the board instance the line belongs to (e.g. <c>smu_a</c>).</summary>
    public string Scope { get; }

    /// <summary>Gets the line's name inside the scope (e.g. <c>power_button</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the value at time 0.</summary>
    public bool Initial { get; }

    /// <summary>Gets the changes, in time order; each one is a new value at a time.</summary>
    public List<(long TimeNs, bool Value)> Changes { get; } = new();

    /// <summary>Records a change (ignored when the value is the same as the last one).</summary>
    public void Record(long timeNs, bool value)
    {
        if (ValueAt(long.MaxValue) != value)
        {
            Changes.Add((timeNs, value));
        }
    }

    /// <summary>Gets the value at a time (the last change at or before it).</summary>
    public bool ValueAt(long timeNs)
    {
        bool value = Initial;
        if (Changes.Count > 0 && Changes[^1].TimeNs <= timeNs)
        {
            return Changes[^1].Value;
        }

        foreach (var (time, v) in Changes)
        {
            if (time > timeNs)
            {
                break;
            }

            value = v;
        }

        return value;
    }
}

/// <summary>One UART transmit line at 8N1: the bytes put on it, and the frames they made.</summary>
public sealed class UartTrace
{
    public UartTrace(string scope, string name, int baud)
    {
        Scope = scope;
        Name = name;
        Baud = baud;
    }

    /// <summary>Gets the board instance the line belongs to.</summary>
    public string Scope { get; }

    /// <summary>Gets the line's name inside the scope (e.g. <c>peer_tx</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the baud rate.</summary>
    public int Baud { get; }

    /// <summary>Gets one bit's duration in nanoseconds (not rounded).</summary>
    public double BitNs => 1e9 / Baud;

    /// <summary>Gets the bytes in time order: when the start bit began, and the value.</summary>
    public List<(long StartNs, byte Value)> Bytes { get; } = new();

    /// <summary>Gets the frames decoded from the bytes: first start bit, end of the delimiter's stop bit, and a label.</summary>
    public List<UartFrame> Frames { get; } = new();

    /// <summary>Gets the bytes whose start bit lies in [from, to).</summary>
    public IEnumerable<byte> BytesBetween(long fromNs, long toNs) =>
        Bytes.Where(b => b.StartNs >= fromNs && b.StartNs < toNs).Select(b => b.Value);
}

/// <summary>One protocol frame seen on a UART line.</summary>
/// <param name="StartNs">The start bit of its first byte.</param>
/// <param name="EndNs">The end of its delimiter's stop bit.</param>
/// <param name="Label">The message name, e.g. <c>SwitchRequest</c>.</param>
/// <param name="Detail">A short field summary, e.g. <c>epoch 2</c>, or empty.</param>
public sealed record UartFrame(long StartNs, long EndNs, string Label, string Detail);
