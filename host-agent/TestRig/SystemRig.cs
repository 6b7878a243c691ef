using System.Diagnostics;
using ColdStandby.Dm;
using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.Smu;

namespace ColdStandby.HostAgent.TestRig;

/// <summary>
/// The real firmware logic of a whole pair, in real time on a thread of its own: SMU A and SMU B on
/// an in-memory peer cable, the real disk manager on their request and grant lines, and a server
/// model per side (the power button turns it on, holding it turns it off). SMU A's host link and
/// the DM's management link end on real pseudo-terminals for the agent to open. A fresh pair:
/// A (the preferred side) becomes Active, gets the grant and powers its server on.
/// </summary>
public sealed class SystemRig : IDisposable
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Wire _powerButtonA = new(), _powerButtonB = new();
    private readonly Wire _powerGoodA = new(), _powerGoodB = new();
    private readonly MemoryLatch _requestA = new("RequestA"), _requestB = new("RequestB");
    private readonly MemoryLatch _accessA = new("AccessA"), _accessB = new("AccessB");
    private readonly LatchOutput _grantA, _grantB;
    private readonly ServerModel _serverA, _serverB;
    private readonly Cable _peerCable;
    private readonly Thread _thread;
    private volatile bool _stop;
    private Pty _hostPty;
    private Pty? _dmPty;

    public SystemRig(SmuConfig? config = null, bool dmLink = false)
    {
        Config = config ?? new SmuConfig();
        _hostPty = new Pty();
        HostLinkA.Target = _hostPty;
        if (dmLink)
        {
            _dmPty = new Pty();
        }

        MemoryLatch.Interlock(_accessA, _accessB);
        _grantA = new LatchOutput(_accessA);
        _grantB = new LatchOutput(_accessB);
        var cable = _peerCable = new Cable();
        SmuA = new ServerManagementUnit(Config, new SmuBoard(_powerButtonA, _requestA, new Wire(), _powerGoodA, _grantA, new Wire(), cable.A, HostLinkA), Side.A, new RamRegion(ServerManagementUnit.RegionSizeFor(256)));
        SmuB = new ServerManagementUnit(Config, new SmuBoard(_powerButtonB, _requestB, new Wire(), _powerGoodB, _grantB, new Wire(), cable.B, new Unplugged(), ExternalPowerB, BatteryLowB), Side.B, new RamRegion(ServerManagementUnit.RegionSizeFor(256)));
        var dmConfig = new DiskManagerConfig { SettleMilliseconds = 100 };
        Dm = new DiskManager(dmConfig, new DiskManagerIo(new LatchOutput(_requestA), new LatchOutput(_requestB), _accessA, _accessB, (IByteChannel?)_dmPty ?? new Unplugged(), new Unplugged()), new RamRegion(DiskManager.RegionSizeFor(dmConfig)));
        _serverA = new ServerModel(_powerButtonA, _powerGoodA, Config.ForcedOffHoldMs);
        _serverB = new ServerModel(_powerButtonB, _powerGoodB, Config.ForcedOffHoldMs);
        _thread = new Thread(Run) { Name = "firmware", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public SmuConfig Config { get; }

    /// <summary>Gets SMU B's external-power sense (asserted: its 5 V is present; set it under <see cref="Inspect"/>).</summary>
    public Wire ExternalPowerB { get; } = new() { Value = true };

    /// <summary>Gets SMU B's charger low-battery output (asserted on the cell: the cell is nearly flat).</summary>
    public Wire BatteryLowB { get; } = new();

    public ServerManagementUnit SmuA { get; }

    public ServerManagementUnit SmuB { get; }

    public DiskManager Dm { get; }

    /// <summary>Gets SMU A's host link (switched to a new pty by <see cref="ReplaceHostPty"/>).</summary>
    public Switchable HostLinkA { get; } = new();

    /// <summary>Gets the device path the agent on server A opens.</summary>
    public string HostDevice => _hostPty.SlavePath;

    /// <summary>Gets the DM's management port device path (when made with dmLink).</summary>
    public string? DmDevice => _dmPty?.SlavePath;

    /// <summary>Gets the rig's milliseconds.</summary>
    public long NowMs => _clock.ElapsedMilliseconds;

    /// <summary>Gets whether server A's power-good is asserted.</summary>
    public bool ServerAOn => _powerGoodA.Value;

    /// <summary>Runs something against the firmware between two steps.</summary>
    public T Inspect<T>(Func<SystemRig, T> look)
    {
        lock (_gate)
        {
            return look(this);
        }
    }

    /// <summary>Waits until a condition holds (checked between steps); false on the time-out.</summary>
    public bool WaitFor(Func<SystemRig, bool> condition, int timeoutMs)
    {
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < timeoutMs)
        {
            if (Inspect(condition))
            {
                return true;
            }

            Thread.Sleep(5);
        }

        return Inspect(condition);
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

    /// <summary>Server A's power fails (or its OS powered it off).</summary>
    public void PowerOffServerA() => _serverA.Off();

    /// <summary>Server B is switched on at its own power button, behind its SMU's back (its power-good rises).</summary>
    public void PowerOnServerBByHand() => Inspect(_ => _powerGoodB.Value = true);

    /// <summary>Server B's power goes off (its power-good falls).</summary>
    public void PowerOffServerB() => Inspect(_ => _powerGoodB.Value = false);

    /// <summary>Cuts the peer cable between the SMUs (true) or mends it (false).</summary>
    public void CutPeerCable(bool cut) => Inspect(_ => _peerCable.Cut = cut);

    /// <summary>Every SMU log record of a side, oldest first.</summary>
    public List<EventRecord> Log(Side side) => Inspect(rig =>
    {
        var smu = side == Side.A ? rig.SmuA : rig.SmuB;
        var records = new List<EventRecord>();
        for (uint s = smu.Log.FirstSequence; s < smu.Log.NextSequence; s++)
        {
            var record = new EventRecord();
            if (smu.Log.TryRead(s, record))
            {
                records.Add(record);
            }
        }

        return records;
    });

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _hostPty.Dispose();
        _dmPty?.Dispose();
    }

    private void Run()
    {
        while (!_stop)
        {
            lock (_gate)
            {
                long now = NowMs;
                SmuA.Step(now);
                SmuB.Step(now);
                Dm.Step(now);
                _serverA.Step(now);
                _serverB.Step(now);
            }

            Thread.Sleep(1);
        }
    }

    /// <summary>A server's power as its front-panel button sees it.</summary>
    private sealed class ServerModel
    {
        private const long PowerOnDelayMs = 100;
        private readonly Wire _button;
        private readonly Wire _powerGood;
        private readonly long _forcedOffMs;
        private bool _pressed;
        private long _pressedAt;
        private long _onAt = long.MaxValue;

        public ServerModel(Wire button, Wire powerGood, long forcedOffMs)
        {
            _button = button;
            _powerGood = powerGood;
            _forcedOffMs = forcedOffMs;
        }

        public void Off()
        {
            _powerGood.Value = false;
        }

        public void Step(long now)
        {
            if (_button.Value && !_pressed)
            {
                _pressed = true;
                _pressedAt = now;
            }
            else if (_button.Value && _powerGood.Value && now - _pressedAt >= _forcedOffMs)
            {
                _powerGood.Value = false;
            }
            else if (!_button.Value && _pressed)
            {
                _pressed = false;
                if (!_powerGood.Value && now - _pressedAt < _forcedOffMs)
                {
                    _onAt = now + PowerOnDelayMs;
                }
            }

            if (now >= _onAt)
            {
                _onAt = long.MaxValue;
                _powerGood.Value = true;
            }
        }
    }
}
