namespace ColdStandby.Bench.Captures;

/// <summary>
/// Decodes one UART transmit line at 8N1 the way a receiver's UART does, so the checker judges
/// what the other end actually gets: a falling edge after idle is a start bit; each bit is sampled
/// in its middle, timed from that edge at the nominal rate; a stop bit that is not high is a
/// framing error (the byte still goes on, as a UART hands it over with an error flag). It waits
/// for a whole character time of idle before its first start bit, so a capture that begins in the
/// middle of a byte does not turn the rest of it into garbage.
/// </summary>
public sealed class UartDecoder
{
    private readonly double _bitPs;

    public UartDecoder(int baud)
    {
        Baud = baud;
        _bitPs = 1e12 / baud;
    }

    /// <summary>Gets the nominal baud rate the line is sampled at.</summary>
    public int Baud { get; }

    /// <summary>Decodes the line (levels as on the wire: idle high).</summary>
    public UartDecoding Decode(Waveform line)
    {
        var result = new UartDecoding(Baud, BaudMeter.Measure(line, _bitPs));
        long from = IdleFor(line, (long)Math.Ceiling(10 * _bitPs));
        result.SyncedAtPs = from;
        int next = FirstFallingAtOrAfter(line, from);
        while (next < line.EdgeCount)
        {
            long start = line.EdgeAt(next);
            long stopSample = At(start, 9.5);
            if (stopSample > line.EndPs)
            {
                // Cut by the end of the capture: not a byte anyone can judge.
                break;
            }

            if (line.LevelAt(At(start, 0.5)))
            {
                // Back high before the middle of the start bit: a glitch, not a start bit.
                result.Glitches++;
                next = FirstFallingAtOrAfter(line, start + 1);
                continue;
            }

            int value = 0;
            for (int bit = 0; bit < 8; bit++)
            {
                if (line.LevelAt(At(start, 1.5 + bit)))
                {
                    value |= 1 << bit;
                }
            }

            bool framed = line.LevelAt(stopSample);
            result.Bytes.Add(new UartByte(start, At(start, 10), (byte)value, !framed));
            if (framed)
            {
                next = FirstFallingAtOrAfter(line, stopSample);
                continue;
            }

            // A stop bit that is low: the receiver waits for the line to go high before it looks for a start bit.
            result.FramingErrors++;
            int rise = line.FirstEdgeAfter(stopSample);
            next = rise < line.EdgeCount ? FirstFallingAtOrAfter(line, line.EdgeAt(rise)) : line.EdgeCount;
        }

        return result;
    }

    private long At(long start, double bits) => start + (long)Math.Round(bits * _bitPs);

    /// <summary>The first time the line has been high for <paramref name="length"/> (counting from the capture's start).</summary>
    private static long IdleFor(Waveform line, long length)
    {
        foreach (var high in line.Stretches(true))
        {
            if (high.LengthPs >= length)
            {
                return high.FromPs + length;
            }
        }

        return long.MaxValue;
    }

    private static int FirstFallingAtOrAfter(Waveform line, long timePs)
    {
        if (timePs == long.MaxValue)
        {
            return line.EdgeCount;
        }

        int index = line.FirstEdgeAfter(timePs - 1);
        while (index < line.EdgeCount && line.LevelAfter(index))
        {
            index++;
        }

        return index;
    }
}

/// <summary>What a UART line carried.</summary>
public sealed class UartDecoding
{
    internal UartDecoding(int baud, BaudMeasurement? measured)
    {
        Baud = baud;
        Measured = measured;
    }

    /// <summary>Gets the nominal baud rate it was decoded at.</summary>
    public int Baud { get; }

    /// <summary>Gets the bit rate measured from the edges, or null when there were too few.</summary>
    public BaudMeasurement? Measured { get; }

    /// <summary>Gets the bytes in time order.</summary>
    public List<UartByte> Bytes { get; } = new();

    /// <summary>Gets how many bytes had a low stop bit.</summary>
    public int FramingErrors { get; internal set; }

    /// <summary>Gets how many falling edges were too short to be a start bit.</summary>
    public int Glitches { get; internal set; }

    /// <summary>Gets when the decoder had seen a character time of idle and began to look for start bits.</summary>
    public long SyncedAtPs { get; internal set; }
}

/// <summary>One received byte.</summary>
/// <param name="StartPs">The start bit's falling edge.</param>
/// <param name="EndPs">The end of its stop bit (at the nominal rate).</param>
/// <param name="Value">The data bits, LSB first.</param>
/// <param name="FramingError">Its stop bit was low.</param>
public readonly record struct UartByte(long StartPs, long EndPs, byte Value, bool FramingError);
