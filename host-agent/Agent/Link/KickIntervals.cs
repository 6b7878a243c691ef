namespace ColdStandby.HostAgent.Link;

/// <summary>
/// Keeps the intervals between the kicks actually handed to the serial device, so the status
/// shows how late the agent ever was (what the SMU's watchdog sees).
/// </summary>
internal sealed class KickIntervals
{
    private readonly long[] _intervalsUs = new long[4096];
    private readonly object _gate = new();
    private long _lastUs = -1;
    private int _count;

    /// <summary>Raised on the kicking thread with each interval in seconds (the metrics' histogram).</summary>
    public event Action<double>? Interval;

    public long Kicks { get; private set; }

    public long MaxIntervalUs { get; private set; }

    /// <summary>Notes a kick at a monotonic time in microseconds.</summary>
    public void Kick(long nowUs)
    {
        lock (_gate)
        {
            Kicks++;
            if (_lastUs >= 0)
            {
                long interval = nowUs - _lastUs;
                _intervalsUs[_count++ % _intervalsUs.Length] = interval;
                MaxIntervalUs = Math.Max(MaxIntervalUs, interval);
                Interval?.Invoke(interval / 1e6);
            }

            _lastUs = nowUs;
        }
    }

    /// <summary>Forgets the last kick (the link was lost: the gap is not the agent's lateness).</summary>
    public void Break()
    {
        lock (_gate)
        {
            _lastUs = -1;
        }
    }

    /// <summary>Gets the recent intervals (up to the last 4096), in microseconds.</summary>
    public long[] Recent()
    {
        lock (_gate)
        {
            int n = Math.Min(_count, _intervalsUs.Length);
            var copy = new long[n];
            Array.Copy(_intervalsUs, copy, n);
            return copy;
        }
    }
}
