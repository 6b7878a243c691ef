using System.Diagnostics;
using ColdStandby.HostAgent.Native;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Probes;

/// <summary>
/// Runs one probe every period on a worker thread of its own and waits for it at most the
/// deadline: a probe that hangs (a controller that no longer answers) counts as failed, and keeps
/// counting once per period until it returns. A controller is Failed once the consecutive failures
/// reach the threshold; one pass makes it Ok again. It also measures what the probes cost (wall
/// and CPU time), since a health check must not load the server it watches.
/// </summary>
internal sealed class ProbeRunner : IDisposable
{
    private readonly IProbe _probe;
    private readonly long _periodMs;
    private readonly int _deadlineMs;
    private readonly int _threshold;
    private readonly ILogger _log;
    private readonly object _gate = new();
    private readonly SemaphoreSlim _job = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _worker;
    private Thread? _scheduler;
    private string? _result;
    private bool _busy;

    public ProbeRunner(IProbe probe, long periodMs, long deadlineMs, int threshold, ILogger log)
    {
        _probe = probe;
        _periodMs = periodMs;
        _deadlineMs = (int)deadlineMs;
        _threshold = threshold;
        _log = log;
    }

    /// <summary>Raised (on the probe's thread) after every probe with the new state.</summary>
    public event Action<ProbeRunner>? Probed;

    public string Name => _probe.Name;

    public ControllerState State { get; private set; } = ControllerState.Unknown;

    public int ConsecutiveFailures { get; private set; }

    public string? LastProblem { get; private set; }

    public long Runs { get; private set; }

    public long Failures { get; private set; }

    public long PeriodMs => _periodMs;

    /// <summary>Gets the total and the longest wall time of finished probes, in microseconds.</summary>
    public (long Total, long Max) WallMicroseconds { get; private set; }

    /// <summary>Gets the total and the largest CPU time of finished probes, in microseconds.</summary>
    public (long Total, long Max) CpuMicroseconds { get; private set; }

    /// <summary>Gets the wall time of the last finished probe, in microseconds.</summary>
    public long LastWallMicroseconds { get; private set; }

    /// <summary>Gets how many probes finished (the ones the cost figures cover).</summary>
    public long Finished { get; private set; }

    public void Start()
    {
        _worker = new Thread(Work) { Name = $"probe-{Name}", IsBackground = true };
        _worker.Start();
        _scheduler = new Thread(Schedule) { Name = $"probe-{Name}-timer", IsBackground = true };
        _scheduler.Start();
    }

    /// <summary>Runs one probe now and waits for it (or its deadline); returns the problem or null.</summary>
    public string? RunOnce()
    {
        if (_worker is null)
        {
            _worker = new Thread(Work) { Name = $"probe-{Name}", IsBackground = true };
            _worker.Start();
        }

        string? problem;
        lock (_gate)
        {
            if (_busy)
            {
                problem = $"the previous probe has not returned (over {_deadlineMs} ms)";
            }
            else
            {
                _busy = true;
                _done.Reset();
                _job.Release();
                problem = null;
            }
        }

        if (problem is null)
        {
            // A little grace, so that a probe that keeps its own deadline reports its own reason.
            problem = _done.Wait(_deadlineMs + 100) ? _result : $"no answer within the {_deadlineMs} ms deadline";
        }

        Record(problem);
        return problem;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _job.Release();
    }

    private void Record(string? problem)
    {
        lock (_gate)
        {
            Runs++;
            LastProblem = problem;
            if (problem is null)
            {
                if (ConsecutiveFailures > 0 || State != ControllerState.Ok)
                {
                    _log.LogInformation("{Name} probe passes{Again}", Name, ConsecutiveFailures > 0 ? " again" : "");
                }

                ConsecutiveFailures = 0;
                State = ControllerState.Ok;
            }
            else
            {
                Failures++;
                ConsecutiveFailures = Math.Min(255, ConsecutiveFailures + 1);
                if (ConsecutiveFailures >= _threshold)
                {
                    if (State != ControllerState.Failed)
                    {
                        _log.LogError("{Name} controller FAILED: {Count} probes in a row failed, last: {Problem}", Name, ConsecutiveFailures, problem);
                    }

                    State = ControllerState.Failed;
                }
                else
                {
                    _log.LogWarning("{Name} probe failed ({Count} of {Threshold}): {Problem}", Name, ConsecutiveFailures, _threshold, problem);
                }
            }
        }

        Probed?.Invoke(this);
    }

    private void Schedule()
    {
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            RunOnce();
            if (token.WaitHandle.WaitOne((int)_periodMs))
            {
                return;
            }
        }
    }

    private void Work()
    {
        while (true)
        {
            _job.Wait();
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            long cpu = Libc.ThreadCpuMicroseconds();
            long start = Stopwatch.GetTimestamp();
            string? result;
            try
            {
                result = _probe.Run(_deadlineMs);
            }
            catch (Exception e)
            {
                result = $"{e.GetType().Name}: {e.Message}";
            }

            long wall = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            cpu = Libc.ThreadCpuMicroseconds() - cpu;
            lock (_gate)
            {
                _result = result;
                _busy = false;
                Finished++;
                WallMicroseconds = (WallMicroseconds.Total + wall, Math.Max(WallMicroseconds.Max, wall));
                LastWallMicroseconds = wall;
                CpuMicroseconds = (CpuMicroseconds.Total + cpu, Math.Max(CpuMicroseconds.Max, cpu));
            }

            _done.Set();
        }
    }
}
