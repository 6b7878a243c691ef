using System.Collections.Concurrent;
using System.Diagnostics;
using ColdStandby.HostAgent.Service;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace ColdStandby.HostAgent.Link;

/// <summary>Something else the link loop steps on its thread (the DM link, the SMU status watcher).</summary>
internal interface ILoopPart
{
    /// <summary>Gets the descriptor to wait on for bytes, or -1.</summary>
    IHostLinkDevice? Device { get; }

    /// <summary>Gets the earliest time the part has something to do on time alone.</summary>
    long NextDueMs { get; }

    /// <summary>Does what is due.</summary>
    void Step(long nowMs);
}

/// <summary>
/// The one thread that owns the host link. It runs what other threads posted, keeps the serial
/// devices open, and steps <see cref="SmuSession"/> (and the DM link and the status watcher) with
/// the monotonic time, so kicks go out on time whatever the rest of the agent is doing. Between
/// steps it sleeps in poll on the devices' descriptors and a wake-up eventfd until a byte
/// arrives, something is posted, or the earliest due time (the next kick, a hello, a reopen, a
/// time-out) comes: an idle agent wakes four times a second. It is the only real-time thread of
/// the agent (SCHED_FIFO 1, reset on fork, so nothing it could start inherits it) and pings the
/// systemd watchdog, so systemd restarts an agent whose kicking stalled.
/// </summary>
internal sealed class LinkLoop : IDisposable
{
    private const int LongestWaitMs = 1000;

    private readonly IHostLinkDevice _link;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<ILoopPart> _parts = new();
    private readonly ILogger _log;
    private readonly long _fallbackStepMs;
    private readonly SystemdNotifier? _notifier;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Waker _waker;
    private Thread? _thread;
    private volatile bool _stop;
    private long _lastWatchdogMs;
    private long _kicksSeen;
    private IHostLinkDevice?[]? _devices;
    private IHostLinkDevice?[]? _polled;
    private int _refusedHellos;
    private RefusalReason _refusedFor;
    private long _refusedSinceMs;

    public LinkLoop(IHostLinkDevice link, SmuSession session, long fallbackStepMs, ILogger log, SystemdNotifier? notifier)
    {
        _link = link;
        Session = session;
        _fallbackStepMs = fallbackStepMs;
        _log = log;
        _notifier = notifier;
        _waker = new Waker();
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
                if (_refusedHellos > 0)
                {
                    _log.LogInformation(
                        "SMU session open: this is side {Side}, SMU firmware {Version}, after {Count} refused hellos over {Seconds:0} s",
                        session.Side,
                        session.SmuVersion,
                        _refusedHellos,
                        (NowMs - _refusedSinceMs) / 1000.0);
                    _refusedHellos = 0;
                }
                else
                {
                    _log.LogInformation("SMU session open: this is side {Side}, SMU firmware {Version}", session.Side, session.SmuVersion);
                }
            }
            else
            {
                Kicks.Break();
                _log.LogWarning("SMU session closed");
            }
        };
        session.HelloRefused += (reason, detail) =>
        {
            // Said once for a run of refusals (they come with every hello while the SMU's server is
            // off); the count is in the line that ends the run, and in status.
            if (_refusedHellos == 0 || reason != _refusedFor)
            {
                _log.LogWarning(
                    "SMU refuses a session: {Reason}; saying hello again less and less often (at most every {Seconds:0} s); kicks go on",
                    Control.Names.Refusal(reason, detail, MessageType.Hello),
                    session.Options.HelloBackoffMaxMs / 1000.0);
                _refusedSinceMs = NowMs;
            }

            _refusedFor = reason;
            _refusedHellos++;
        };
    }

    /// <summary>Gets the session; touch it only on the loop thread (<see cref="Post"/>).</summary>
    public SmuSession Session { get; }

    /// <summary>Gets the serial link.</summary>
    public IHostLinkDevice Link => _link;

    /// <summary>Gets the intervals between kicks.</summary>
    public KickIntervals Kicks { get; } = new();

    /// <summary>Gets this server's side as the SMU said (None until the first hello).</summary>
    public Side Side { get; private set; }

    /// <summary>Gets whether the session with the SMU is open.</summary>
    public bool SessionOpen { get; private set; }

    /// <summary>Gets whether the loop thread runs at real-time priority.</summary>
    public bool Realtime { get; private set; }

    /// <summary>Gets how many times the loop woke up (poll returned) since it started.</summary>
    public long Wakeups { get; private set; }

    /// <summary>Gets the loop's milliseconds (monotonic).</summary>
    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>Adds a part stepped on the loop thread after the SMU session.</summary>
    public void Add(ILoopPart part) => _parts.Add(part);

    /// <summary>Runs an action on the loop thread at once (it is woken for it).</summary>
    public void Post(Action action)
    {
        _posted.Enqueue(action);
        _waker.Wake();
    }

    /// <summary>Sends a request to the SMU and waits for its answer (or its time-out).</summary>
    public Task<LinkRequest> Request(Func<SmuSession, LinkRequest> send)
    {
        var done = new TaskCompletionSource<LinkRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (!Session.IsOpen)
            {
                done.SetException(new InvalidOperationException(
                    !_link.IsOpen ? $"the SMU link {_link.Device} is not open ({_link.LastError ?? "opening"})"
                    : Session.HelloRefusal != RefusalReason.None
                        ? $"the SMU refuses a session: {Control.Names.Refusal(Session.HelloRefusal, Session.HelloRefusalDetail, MessageType.Hello)} ({Session.HelloRefusals} hellos refused; next in at most {Session.HelloBackoffMs / 1000.0:0.#} s)"
                        : "no session with the SMU yet (it has not answered hello)"));
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
        if (_stop)
        {
            return;
        }

        _stop = true;
        _waker.Wake();
        if (_thread is not null && Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }

        _link.Dispose();
        foreach (var part in _parts)
        {
            part.Device?.Dispose();
        }

        _waker.Dispose();
    }

    private void Run()
    {
        // Kicks must not wait behind a saturated machine (README: agent-jitter): this thread, and
        // only this one, asks for the lowest real-time priority. Without the privilege it stays
        // where it is and says so.
        Realtime = OperatingSystem.IsLinux() && Native.Libc.RealtimeThread(1);
        if (!Realtime)
        {
            _log.LogWarning("the SMU link thread runs at normal priority (no real-time privilege: CAP_SYS_NICE); kicks may be late on a loaded machine");
        }

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

            long due = Math.Min(Session.NextDueMs, _link.NextOpenMs);
            foreach (var part in _parts)
            {
                part.Step(now);
                due = Math.Min(due, part.NextDueMs);
            }

            if (_notifier is { WatchdogMs: > 0 })
            {
                if (now - _lastWatchdogMs >= _notifier.WatchdogMs / 2)
                {
                    _lastWatchdogMs = now;
                    _notifier.NotifyWatchdog();
                }

                due = Math.Min(due, _lastWatchdogMs + (_notifier.WatchdogMs / 2));
            }

            Wait(due);
        }
    }

    /// <summary>Sleeps until a device has bytes (or room for pending bytes), something is posted, or <paramref name="dueMs"/>.</summary>
    private unsafe void Wait(long dueMs)
    {
        long wait = Math.Clamp(dueMs - NowMs, 0, LongestWaitMs);
        if (!_waker.Pollable)
        {
            // System.IO.Ports (Windows): nothing to wait on; step at a fixed pace.
            _waker.WaitTimeout((int)Math.Min(wait, _fallbackStepMs));
            Wakeups++;
            return;
        }

        if (wait == 0)
        {
            return;
        }

        var devices = _devices ??= new[] { _link }.Concat(_parts.Select(p => p.Device)).ToArray();
        var polled = _polled ??= new IHostLinkDevice?[devices.Length];
        pollfd* fds = stackalloc pollfd[1 + devices.Length];
        int count = 0;
        fds[count++] = new pollfd { fd = _waker.Fd, events = POLLIN };
        foreach (var device in devices)
        {
            if (device is { PollFd: >= 0 })
            {
                polled[count - 1] = device;
                fds[count++] = new pollfd { fd = device.PollFd, events = device.WantsWrite ? (short)(POLLIN | POLLOUT) : POLLIN };
            }
        }

        int n = poll(fds, (ulong_t)(ulong)count, (int)wait);
        Wakeups++;
        if (n <= 0)
        {
            return;
        }

        if ((fds[0].revents & POLLIN) != 0)
        {
            _waker.Clear();
        }

        for (int i = 1; i < count; i++)
        {
            if (fds[i].revents != 0)
            {
                polled[i - 1]!.Polled(fds[i].revents);
            }
        }
    }

    /// <summary>Wakes the loop from another thread: an eventfd in the poll set on Linux, an event elsewhere.</summary>
    /// <summary>
    /// Wakes the loop thread. A probe that outlives the agent's stop still posts its result: once
    /// disposed, waking does nothing (it threw, crashing the process, or wrote to a closed and
    /// perhaps reused descriptor).
    /// </summary>
    private sealed unsafe class Waker : IDisposable
    {
        private readonly AutoResetEvent? _event;
        private readonly object _gate = new();
        private bool _disposed;

        public Waker()
        {
            if (OperatingSystem.IsLinux())
            {
                Fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
            }

            if (Fd < 0)
            {
                _event = new AutoResetEvent(false);
            }
        }

        public int Fd { get; private set; } = -1;

        public bool Pollable => Fd >= 0;

        public void Wake()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                if (Fd >= 0)
                {
                    ulong one = 1;
                    write(Fd, &one, 8);
                }
                else
                {
                    _event!.Set();
                }
            }
        }

        public void Clear()
        {
            ulong value;
            read(Fd, &value, 8);
        }

        public void WaitTimeout(int ms) => _event?.WaitOne(ms);

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                if (Fd >= 0)
                {
                    close(Fd);
                    Fd = -1;
                }

                _event?.Dispose();
            }
        }
    }
}
