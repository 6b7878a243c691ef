using System.Collections.Concurrent;
using System.Diagnostics;
using ColdStandby.HostAgent.Service;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Link;

/// <summary>
/// The one thread that owns the host link: every <c>stepMs</c> it runs what other threads posted,
/// keeps the serial device open, and steps <see cref="SmuSession"/> (and the DM session when one is
/// configured) with the monotonic time, so kicks go out on time whatever the rest of the agent is
/// doing. It also pings the systemd watchdog, so systemd restarts an agent whose kicking stalled.
/// </summary>
internal sealed class LinkLoop : IDisposable
{
    private readonly SerialHostLink _link;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<Action<long>> _stepped = new();
    private readonly ILogger _log;
    private readonly long _stepMs;
    private readonly SystemdNotifier? _notifier;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Thread? _thread;
    private volatile bool _stop;
    private long _lastWatchdogMs;
    private long _kicksSeen;

    public LinkLoop(SerialHostLink link, SmuSession session, long stepMs, ILogger log, SystemdNotifier? notifier)
    {
        _link = link;
        Session = session;
        _stepMs = stepMs;
        _log = log;
        _notifier = notifier;
        _link.StateChanged += (open, reason) =>
        {
            if (open)
            {
                _log.LogInformation("SMU link {Device} open", _link.Device);
            }
            else
            {
                Kicks.Break();
                _log.LogWarning("SMU link {Device} lost: {Reason}; retrying", _link.Device, reason);
            }
        };
        session.OpenChanged += open =>
        {
            if (open)
            {
                Side = session.Side;
                _log.LogInformation("SMU session open: this is side {Side}, SMU firmware {Version}", session.Side, session.SmuVersion);
            }
            else
            {
                Kicks.Break();
                _log.LogWarning("SMU session closed");
            }
        };
    }

    /// <summary>Gets the session; touch it only on the loop thread (<see cref="Post"/>).</summary>
    public SmuSession Session { get; }

    /// <summary>Gets the serial link.</summary>
    public SerialHostLink Link => _link;

    /// <summary>Gets the kick timing.</summary>
    public KickIntervals Kicks { get; } = new();

    /// <summary>Gets this server's side as the SMU said (None until the first hello).</summary>
    public Side Side { get; private set; }

    /// <summary>Gets whether the session with the SMU is open.</summary>
    public bool SessionOpen { get; private set; }

    /// <summary>Gets the loop's milliseconds (monotonic).</summary>
    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>Adds something stepped on the loop thread after the SMU session (the DM session).</summary>
    public void AddStepped(Action<long> step) => _stepped.Add(step);

    /// <summary>Runs an action on the loop thread at its next step.</summary>
    public void Post(Action action) => _posted.Enqueue(action);

    /// <summary>Sends a request to the SMU and waits for its answer (or its time-out).</summary>
    public Task<LinkRequest> Request(Func<SmuSession, LinkRequest> send)
    {
        var done = new TaskCompletionSource<LinkRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (!Session.IsOpen)
            {
                done.SetException(new InvalidOperationException(_link.IsOpen
                    ? "no session with the SMU yet (it has not answered hello)"
                    : $"the SMU link {_link.Device} is not open ({_link.LastError ?? "opening"})"));
                return;
            }

            var request = send(Session);
            request.Completed = r => done.TrySetResult(r);
        });
        return done.Task;
    }

    public void Start()
    {
        _thread = new Thread(Run) { Name = "smu-link", IsBackground = true, Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop = true;
        if (_thread is not null && Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _link.Dispose();
    }

    private void Run()
    {
        // Kicks must not wait behind a saturated machine (README: agent-jitter). The unit file puts
        // the whole agent at real-time priority 1; this thread asks for it itself as well, for an
        // agent started otherwise. Without the privilege it stays where it is.
        if (OperatingSystem.IsLinux() && !Native.Libc.RealtimeThread(1))
        {
            _log.LogDebug("the SMU link thread runs at normal priority (no real-time privilege)");
        }

        long next = NowMs;
        while (!_stop)
        {
            long now = NowMs;
            while (_posted.TryDequeue(out var action))
            {
                try
                {
                    action();
                }
                catch (Exception e)
                {
                    _log.LogError(e, "posted action failed");
                }
            }

            if (_link.Maintain(now))
            {
                Session.Reconnected();
            }

            Session.Step(now);
            SessionOpen = Session.IsOpen;
            if (Session.KicksSent != _kicksSeen)
            {
                _kicksSeen = Session.KicksSent;
                Kicks.Kick(_clock.Elapsed.Ticks / 10);
            }

            foreach (var step in _stepped)
            {
                step(now);
            }

            if (_notifier is { WatchdogMs: > 0 } && now - _lastWatchdogMs >= _notifier.WatchdogMs / 2)
            {
                _lastWatchdogMs = now;
                _notifier.Notify("WATCHDOG=1");
            }

            next += _stepMs;
            long wait = next - NowMs;
            if (wait <= 0)
            {
                // Late (the machine was busy): keep the rhythm from now rather than rushing to catch up.
                next = NowMs;
                wait = 1;
            }

            Thread.Sleep((int)wait);
        }
    }
}
