namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Simulated time. The simulation keeps nanoseconds (a UART byte at 115200 baud is 86,806 ns);
/// the firmware is stepped with whole milliseconds, as a board's 1 ms loop would be.
/// </summary>
public static class SimTime
{
    /// <summary>Nanoseconds in a millisecond.</summary>
    public const long NsPerMs = 1_000_000;

    /// <summary>The first whole millisecond at or after <paramref name="ns"/>.</summary>
    public static long CeilMs(long ns) => ns <= 0 ? 0 : (ns + NsPerMs - 1) / NsPerMs;

    /// <summary>Formats a time as <c>hh:mm:ss.fff</c>.</summary>
    public static string Format(long ns)
    {
        long ms = ns / NsPerMs;
        return $"{ms / 3_600_000:00}:{ms / 60_000 % 60:00}:{ms / 1000 % 60:00}.{ms % 1000:000}";
    }

    /// <summary>Formats a duration in milliseconds for people: <c>850 ms</c>, <c>12.3 s</c>, <c>5 min 2 s</c>.</summary>
    public static string Duration(long ms)
    {
        if (ms < 1000)
        {
            return $"{ms} ms";
        }

        if (ms < 60_000)
        {
            return $"{ms / 1000.0:0.0##} s";
        }

        return $"{ms / 60_000} min {ms / 1000 % 60} s";
    }
}
