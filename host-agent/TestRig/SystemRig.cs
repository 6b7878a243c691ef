using System.Diagnostics;
using ColdStandby.Bench.Simulation;
using ColdStandby.Dm;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.Smu;

namespace ColdStandby.HostAgent.TestRig;

/// <summary>
/// The bench's one world (<see cref="StandbySystem"/>: the real SMUs and DM on simulated lines and
/// UARTs, the bench's server models, the <see cref="SafetyMonitor"/> checking DESIGN.md §2 after
/// every step) stepped in real time on a thread of its own. Server A's OS is outside it: SMU A's
/// host link ends on a real pseudo-terminal for the agent to open, and with dmLink so does the DM's
/// management link. A fresh pair: A (the preferred side) becomes Active, gets the grant and powers
/// its server on. A safety violation stops the world; <see cref="WaitFor"/>, <see cref="Verify"/>
/// and <see cref="Dispose"/> then throw it, so an agent test fails when anything the agent did
/// broke a property.
/// </summary>
public sealed class SystemRig : IDisposable
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _thread;
    private volatile bool _stop;
    private bool _disposed;
    private Pty _hostPty;
    private readonly Pty? _dmPty;

    public SystemRig(SmuConfig? config = null, bool dmLink = false)
    {
        Config = config ?? new SmuConfig();
        _hostPty = new Pty();
        HostLinkA.Target = _hostPty;
        if (dmLink)
        {
            _dmPty = new Pty();
        }

        System = new StandbySystem(new SystemOptions
        {
            Smu = Config,
            Dm = new DiskManagerConfig(),
            ServerA = Timings(),
            ServerB = Timings(),
            SmuLogCapacity = 256,
            HostLinkA = HostLinkA,
            ManagementLink = _dmPty,
        });
        _thread = new Thread(Run) { Name = "firmware", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public SmuConfig Config { get; }

    /// <summary>Gets the whole system (every part, line and link; its monitor). Touch it only under <see cref="Inspect"/>.</summary>
    public StandbySystem System { get; }

    /// <summary>Gets SMU B's external-power sense (asserted: its 5 V is present; set it under <see cref="Inspect"/>).</summary>
    public SignalLine ExternalPowerB => System.SmuB.Wiring.ExternalPower;

    /// <summary>Gets SMU B's charger low-battery output (asserted on the cell: the cell is nearly flat).</summary>
    public SignalLine BatteryLowB => System.SmuB.Wiring.BatteryLow;

    /// <summary>Gets SMU A's firmware (the rig resets no board, so it is always there).</summary>
    public ServerManagementUnit SmuA => System.SmuA.Firmware ?? throw new InvalidOperationException("SMU A is not running");

    /// <summary>Gets SMU B's firmware.</summary>
    public ServerManagementUnit SmuB => System.SmuB.Firmware ?? throw new InvalidOperationException("SMU B is not running");

    /// <summary>Gets the DM's firmware.</summary>
    public DiskManager Dm => System.Dm.Firmware ?? throw new InvalidOperationException("the DM is not running");

    /// <summary>Gets the outside end of SMU A's host link (switched to a new pty by <see cref="ReplaceHostPty"/>).</summary>
    public Switchable HostLinkA { get; } = new();

    /// <summary>Gets the device path the agent on server A opens.</summary>
    public string HostDevice => _hostPty.SlavePath;

    /// <summary>Gets the DM's management port device path (when made with dmLink).</summary>
    public string? DmDevice => _dmPty?.SlavePath;

    /// <summary>Gets the rig's milliseconds.</summary>
    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>Gets whether server A's power-good is asserted.</summary>
    public bool ServerAOn => System.ServerA.HasPower;

    /// <summary>Gets the safety violation the monitor saw (the world stopped there), or null.</summary>
    public SafetyViolation? Violation => Inspect(r => r.System.Monitor.Violation);

    /// <summary>Runs something against the firmware between two steps.</summary>
    public T Inspect<T>(Func<SystemRig, T> look)
    {
        lock (_gate)
        {
            return look(this);
        }
    }

    /// <summary>Waits until a condition holds (checked between steps); false on the time-out. Throws as soon as a safety property is violated.</summary>
    public bool WaitFor(Func<SystemRig, bool> condition, int timeoutMs)
    {
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < timeoutMs)
        {
            bool met = Inspect(condition);
            Verify();
            if (met)
            {
                return true;
            }

            Thread.Sleep(5);
        }

        bool last = Inspect(condition);
        Verify();
        return last;
    }

    /// <summary>Throws <see cref="SafetyViolationException"/> when the monitor has seen a safety property violated.</summary>
    public void Verify()
    {
        if (Violation is { } violation)
        {
            throw new SafetyViolationException(violation);
        }
    }

    /// <summary>Closes the host link's pty (the agent's device vanishes) and opens a new one; returns its path.</summary>
    public string ReplaceHostPty()
    {
        lock (_gate)
        {
            _hostPty.Dispose();
            _hostPty = new Pty();
            HostLinkA.Target = _hostPty;
            return _hostPty.SlavePath;
        }
    }

    /// <summary>Closes the host link's pty only (the agent's device is gone until <see cref="ReplaceHostPty"/>).</summary>
    public void UnplugHostPty()
    {
        lock (_gate)
        {
            _hostPty.Dispose();
            HostLinkA.Target = new Unplugged();
        }
    }

    /// <summary>
    /// Gets or sets whether the agent on server A runs (the fixture says so when it starts and stops
    /// one): while it does and the server runs with nothing broken, the monitor holds SMU A to never
    /// failing it over (property 6), so an agent whose kicks or reports let a healthy server be failed over fails its test.
    /// </summary>
    public bool AgentRuns
    {
        get => Inspect(r => r.System.ServerA.OutsideAgentRuns);
        set => Inspect(r => r.System.ServerA.OutsideAgentRuns = value);
    }

    /// <summary>Server A's power goes off (its OS powered it off, or its power failed).</summary>
    public void PowerOffServerA() => Inspect(r => { r.System.ServerA.TurnOff("its OS powered it off"); return 0; });

    /// <summary>Server B is switched on at its own power button, behind its SMU's back (its power-good rises).</summary>
    public void PowerOnServerBByHand() => Inspect(r => { r.System.ServerB.PowerOnByHand(); return 0; });

    /// <summary>Server B's power goes off (its power-good falls).</summary>
    public void PowerOffServerB() => Inspect(r => { r.System.ServerB.TurnOff("switched off at the wall"); return 0; });

    /// <summary>Cuts the peer cable between the SMUs (true) or mends it (false).</summary>
    public void CutPeerCable(bool cut) => Inspect(r => { r.System.CutPeerCable(cut); return 0; });

    /// <summary>Every SMU log record of a side, oldest first.</summary>
    public List<EventRecord> Log(Side side) => Inspect(rig => Records((side == Side.A ? rig.SmuA : rig.SmuB).Log));

    /// <summary>Every record a log holds, oldest first (read under the owner's lock).</summary>
    public static List<EventRecord> Records(EventLog log)
    {
        var records = new List<EventRecord>();
        for (uint s = log.FirstSequence; s < log.NextSequence; s++)
        {
            var record = new EventRecord();
            if (log.TryRead(s, record))
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>Stops the world and closes the ptys; throws <see cref="SafetyViolationException"/> when a safety property was violated (what must be kept in the logs included).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stop = true;
        _thread.Join();
        _hostPty.Dispose();
        _dmPty?.Dispose();
        System.Monitor.Finish();
        Verify();
    }

    /// <summary>The servers as the agent's tests want them: quick to power and to boot, so a takeover is seen within seconds.</summary>
    private static ServerTimings Timings() => new()
    {
        PowerGoodMs = 100,
        OsLoadMs = 500,
        ServicesMs = 1000,
        ShutdownMs = 1000,
    };

    private void Run()
    {
        while (!_stop)
        {
            lock (_gate)
            {
                System.RunUntil(NowMs);
            }

            Thread.Sleep(1);
        }
    }
}

/// <summary>A safety property of DESIGN.md §2 the rig's monitor saw violated: its report (time, property, what was seen, the last events).</summary>
public sealed class SafetyViolationException(SafetyViolation violation) : Exception(violation.Report())
{
    /// <summary>Gets the violation.</summary>
    public SafetyViolation Violation { get; } = violation;
}
