namespace ColdStandby.Bench.Captures;

/// <summary>
/// Measures a UART line's real bit rate from its edges, independently of the decoder, so a sender
/// at the wrong rate is named with its rate (9600 or 110,000 baud) rather than only as garbage.
/// </summary>
/// <remarks>
/// The shortest pulses that occur often are one bit long (a 1 between 0s: every byte has some), which
/// gives a first estimate at any rate. Low pulses never contain idle time (the start bit and the
/// zeros after it), so each is a whole number of bits: their total length over their total bit
/// count refines the estimate to well under the capture's resolution.
/// </remarks>
public static class BaudMeter
{
    /// <summary>Pulses needed before a rate is claimed.</summary>
    public const int MinimumPulses = 20;

    /// <summary>Measures; null when the line has fewer than <see cref="MinimumPulses"/> pulses.</summary>
    public static BaudMeasurement? Measure(Waveform line, double nominalBitPs)
    {
        var widths = new List<long>();
        var lowWidths = new List<long>();
        for (int i = 1; i < line.EdgeCount; i++)
        {
            long width = line.EdgeAt(i) - line.EdgeAt(i - 1);
            widths.Add(width);
            if (!line.LevelAfter(i - 1))
            {
                lowWidths.Add(width);
            }
        }

        if (widths.Count < MinimumPulses)
        {
            return null;
        }

        // Glitches are rare: the 1st percentile is a one-bit pulse, and the pulses up to half a bit
        // longer (the capture's resolution spreads them) give the first estimate.
        widths.Sort();
        long shortest = widths[widths.Count / 100];
        double first = widths.Where(w => w >= shortest && w <= shortest * 1.5).Average();

        double total = 0;
        long bits = 0;
        foreach (long width in lowWidths)
        {
            long n = (long)Math.Round(width / first);
            if (n is >= 1 and <= 9)
            {
                total += width;
                bits += n;
            }
        }

        double bitPs = bits > 0 ? total / bits : first;
        return new BaudMeasurement(1e12 / bitPs, (1e12 / bitPs * nominalBitPs / 1e12) - 1, widths.Count);
    }
}

/// <summary>A measured bit rate.</summary>
/// <param name="Baud">Bits per second.</param>
/// <param name="Deviation">The relative deviation from the nominal rate (+0.01 = 1 % fast).</param>
/// <param name="Pulses">How many pulses it was measured on.</param>
public readonly record struct BaudMeasurement(double Baud, double Deviation, int Pulses);
