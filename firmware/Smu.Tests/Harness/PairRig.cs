using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Smu.Tests.Harness;

/// <summary>
/// Two real SMUs wired to each other, each with a server that follows its power button and a request
/// latch that holds through its SMU's reboot, and a DM that grants one side at a time (a holder keeps
/// the grant until its request has been absent for the debounce). Stepped together a millisecond at
/// a time; the safety properties are checked at every step. The DM follows firmware/DiskManager's
/// rules: release debounce, then a settle time.
/// </summary>
public sealed class PairRig
{
    public const long DebounceMs = 10;

    /// <summary>After a grant drops, nobody is granted for this long (the DM's settle time).</summary>
    public const long SettleMs = 100;

    private long _droppedAt = -SettleMs;

    private readonly Unit _a;
    private readonly Unit _b;

    public PairRig(SmuConfig config, Side initialHolder = Side.None)
    {
        var ab = new Wire();
        var ba = new Wire();
        _a = new Unit(Side.A, config, new CrossChannel(ba, ab, this));
        _b = new Unit(Side.B, config, new CrossChannel(ab, ba, this));
        Holder = initialHolder;
        if (initialHolder != Side.None)
        {
            // A grant kept from before the SMUs started is one the holder still asks for: its SMU was
            // reset, not power-cycled, so its request latch held (after a power-up it would be clear
            // and the DM would already have released the grant).
            this[initialHolder].StorageRequest.Set();
        }

        _a.AbsentSinceMs = 0;
        _b.AbsentSinceMs = 0;
        Grant();
    }

    public Side Holder { get; private set; }

    public long Now { get; private set; } = -1;

    public List<string> Violations { get; } = new();

    /// <summary>Gets or sets whether the peer cable is cut (bytes written are lost).</summary>
    public bool LinkCut { get; set; }

    public Unit A => _a;

    public Unit B => _b;

    public Unit this[Side side] => side == Side.A ? _a : _b;

    /// <summary>Writes a persisted state before the SMUs start.</summary>
    public static void Persist(INonVolatileRegion region, Mode mode, uint epoch)
    {
        var state = new PersistedState(new RegionLayout(region).Take(PersistedState.RegionSize));
        state.Load();
        state.Mode = mode;
        state.Epoch = epoch;
        state.Save();
    }

    public void RunUntil(long endMs, bool checkBothActive = true)
    {
        while (Now < endMs)
        {
            Now++;
            _a.Server(Now);
            _b.Server(Now);
            _a.Step(Now);
            _b.Step(Now);
            Dm();
            Check(checkBothActive);
        }
    }

    /// <summary>Bytes sent to an SMU that is rebooting are lost.</summary>
    private bool IsListening(Wire wire) => _a.Running && _b.Running || (wire == WireInto(_a) ? _a.Running : _b.Running);

    private Wire WireInto(Unit unit) => ((CrossChannel)unit.Board.PeerLink).In;

    private void Dm()
    {
        foreach (var unit in new[] { _a, _b })
        {
            if (unit.StorageRequest.Value)
            {
                unit.AbsentSinceMs = -1;
            }
            else if (unit.AbsentSinceMs < 0)
            {
                unit.AbsentSinceMs = Now;
            }
        }

        if (Holder != Side.None && this[Holder].AbsentSinceMs >= 0 && Now - this[Holder].AbsentSinceMs >= DebounceMs)
        {
            Holder = Side.None;
            _droppedAt = Now;
        }

        if (Holder == Side.None && Now - _droppedAt >= SettleMs)
        {
            Holder = _a.StorageRequest.Value ? Side.A : _b.StorageRequest.Value ? Side.B : Side.None;
        }

        Grant();
    }

    private void Grant()
    {
        _a.StorageGranted.Value = Holder == Side.A;
        _b.StorageGranted.Value = Holder == Side.B;
    }

    private void Check(bool bothActive)
    {
        if (_a.PowerGood.Value && _b.PowerGood.Value)
        {
            Violations.Add($"{Now}: both servers are on");
        }

        if (bothActive && Now > 1000 && _a.Running && _b.Running && InService(_a.Smu) && InService(_b.Smu))
        {
            Violations.Add($"{Now}: both SMUs are Active");
        }

        foreach (var unit in new[] { _a, _b })
        {
            if (unit.PressedOnAt == Now && !unit.StorageGranted.Value)
            {
                Violations.Add($"{Now}: {unit.Side} pressed its server on without the grant");
            }
        }
    }

    /// <summary>
    /// Active and not handing over: a side whose switch request is out has its server off and its
    /// storage released, and is Active only until the acknowledgement reaches it.
    /// </summary>
    private static bool InService(ServerManagementUnit smu) =>
        smu.Mode == Mode.Active && smu.Phase != SequencePhase.RequestingSwitch;

    /// <summary>One side: its SMU, lines, region and server.</summary>
    public sealed class Unit
    {
        private bool _pressed;
        private long _pressedAt;
        private long _onAt = long.MaxValue;

        public Unit(Side side, SmuConfig config, IByteChannel peer)
        {
            Side = side;
            Region = new RamRegion(ServerManagementUnit.RegionSizeFor(256));
            Board = new SmuBoard(PowerButton, StorageRequest, Alarm, PowerGood, StorageGranted, RepairButton, peer, Host);
            Config = config;
        }

        public Side Side { get; }

        public SmuConfig Config { get; }

        public RamRegion Region { get; }

        public SmuBoard Board { get; }

        public TestOutputLine PowerButton { get; } = new("PowerButton");

        public MemoryLatch StorageRequest { get; } = new("StorageRequest");

        public TestOutputLine Alarm { get; } = new("Alarm");

        public TestInputLine PowerGood { get; } = new("PowerGood");

        public TestInputLine StorageGranted { get; } = new("StorageGranted");

        public TestInputLine RepairButton { get; } = new("RepairButton");

        public TestChannel Host { get; } = new();

        public long AbsentSinceMs { get; set; } = -1;

        public long PressedOnAt { get; private set; } = -1;

        public ServerManagementUnit Smu => _smu ??= new ServerManagementUnit(Config, Board, Side, Region);

        /// <summary>Gets whether the SMU is running (not in a reboot).</summary>
        public bool Running => _downUntil <= _now;

        private ServerManagementUnit? _smu;
        private long _downUntil = long.MinValue;
        private long _now;

        /// <summary>
        /// The board resets: the GPIO outputs fall to their pull resistors, the request latch holds,
        /// and a new SMU starts on the same flash after <paramref name="downMs"/>.
        /// </summary>
        public void Reboot(long now, long downMs)
        {
            _smu = null;
            _downUntil = now + downMs;
            PowerButton.Value = false;
            Alarm.Value = false;
        }

        public void Step(long now)
        {
            _now = now;
            if (now >= _downUntil)
            {
                Smu.Step(now);
            }
        }

        /// <summary>The server: a short press turns it on 500 ms later, a 4 s hold turns it off.</summary>
        public void Server(long now)
        {
            bool button = PowerButton.Value;
            if (button && !_pressed)
            {
                _pressed = true;
                _pressedAt = now;
                if (!PowerGood.Value)
                {
                    PressedOnAt = now;
                }
            }
            else if (button && PowerGood.Value && now - _pressedAt >= 4000)
            {
                PowerGood.Value = false;
            }
            else if (!button && _pressed)
            {
                _pressed = false;
                if (!PowerGood.Value && now - _pressedAt < 4000)
                {
                    _onAt = now + 500;
                }
            }

            if (now >= _onAt)
            {
                _onAt = long.MaxValue;
                PowerGood.Value = true;
            }

            Host.TakeWritten();
        }
    }

    /// <summary>A one-way wire between the two SMUs' peer links.</summary>
    private sealed class Wire
    {
        public Queue<byte> Bytes { get; } = new();
    }

    private sealed class CrossChannel : IByteChannel
    {
        private readonly Wire _in;
        private readonly Wire _out;
        private readonly PairRig _rig;

        public Wire In => _in;

        public CrossChannel(Wire @in, Wire @out, PairRig rig)
        {
            _in = @in;
            _out = @out;
            _rig = rig;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _in.Bytes.Count > 0)
            {
                buffer[offset + n++] = _in.Bytes.Dequeue();
            }

            return n;
        }

        public int Write(byte[] buffer, int offset, int count)
        {
            if (_rig.LinkCut || !_rig.IsListening(_out))
            {
                return count;
            }

            for (int i = 0; i < count; i++)
            {
                _out.Bytes.Enqueue(buffer[offset + i]);
            }

            return count;
        }
    }
}
