using System.Numerics;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Measures a UART line's real bit rate from its pulse widths, independently of the decoder, so a
/// sender at the wrong rate is named with its rate (9600 or 110,000 baud) rather than only as
/// garbage. Pulses are counted as they stream by into a histogram of 64 bins per octave (1.1 %
/// wide) holding each bin's exact sum, so a capture of any length is measured in 60 KB.
/// </summary>
/// <remarks>
/// The shortest pulses that occur often are one bit long (a 1 between 0s: every byte has some), which
/// gives a first estimate at any rate. Low pulses never contain idle time (the start bit and the
/// zeros after it), so each is a whole number of bits: their total length over their total bit
/// count refines the estimate to well under the capture's resolution.
/// </remarks>
public sealed class BaudMeter
{
    /// <summary>Pulses needed before a rate is claimed.</summary>
    public const int MinimumPulses = 20;

    private const int SubBins = 64;
    private const int Bins = SubBins * 60;

    private readonly long[] _counts = new long[Bins];
    private readonly double[] _sums = new double[Bins];
    private readonly long[] _lowCounts = new long[Bins];
    private readonly double[] _lowSums = new double[Bins];
    private long _pulses;

    /// <summary>Gets how many pulses were counted.</summary>
    public long Pulses => _pulses;

    /// <summary>Counts one pulse: the time between two edges, and whether the line was low meanwhile.</summary>
    public void Pulse(long widthPs, bool low)
    {
        if (widthPs <= 0)
        {
            return;
        }

        int bin = Bin(widthPs);
        _counts[bin]++;
        _sums[bin] += widthPs;
        if (low)
        {
            _lowCounts[bin]++;
            _lowSums[bin] += widthPs;
        }

        _pulses++;
    }

    /// <summary>Measures; null when there were fewer than <see cref="MinimumPulses"/> pulses.</summary>
    public BaudMeasurement? Measure(double nominalBitPs)
    {
        if (_pulses < MinimumPulses)
        {
            return null;
        }

        // Glitches are rare: the 1st percentile is a one-bit pulse, and the pulses up to half a bit
        // longer (the capture's resolution spreads them) give the first estimate.
        long rank = _pulses / 100;
        int shortest = 0;
        for (long seen = 0; shortest < Bins; shortest++)
        {
            seen += _counts[shortest];
            if (seen > rank)
            {
                break;
            }
        }

        double floor = _sums[shortest] / _counts[shortest];
        double count = 0;
        double sum = 0;
        for (int bin = shortest; bin < Bins && (_counts[bin] == 0 || _sums[bin] / _counts[bin] <= floor * 1.5); bin++)
        {
            count += _counts[bin];
            sum += _sums[bin];
        }

        double first = sum / count;
        double total = 0;
        double bits = 0;
        for (int bin = 0; bin < Bins; bin++)
        {
            if (_lowCounts[bin] == 0)
            {
                continue;
            }

            double n = Math.Round(_lowSums[bin] / _lowCounts[bin] / first);
            if (n is >= 1 and <= 9)
            {
                total += _lowSums[bin];
                bits += n * _lowCounts[bin];
            }
        }

        double bitPs = bits > 0 ? total / bits : first;
        return new BaudMeasurement(1e12 / bitPs, (1e12 / bitPs * nominalBitPs / 1e12) - 1, _pulses);
    }

    /// <summary>The histogram bin of a width: exact below 64 ps, then 64 bins per octave.</summary>
    private static int Bin(long width)
    {
        if (width < SubBins)
        {
            return (int)width;
        }

        int octave = BitOperations.Log2((ulong)width);
        return Math.Min(((octave - 5) * SubBins) + (int)((width >> (octave - 6)) & (SubBins - 1)), Bins - 1);
    }
}

/// <summary>A measured bit rate.</summary>
/// <param name="Baud">Bits per second.</param>
/// <param name="Deviation">The relative deviation from the nominal rate (+0.01 = 1 % fast).</param>
/// <param name="Pulses">How many pulses it was measured on.</param>
public readonly record struct BaudMeasurement(double Baud, double Deviation, long Pulses);
