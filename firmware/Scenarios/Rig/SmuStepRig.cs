using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.Smu;

namespace ColdStandby.Scenarios.Rig
{
    /// <summary>
    /// One SMU on memory lines and links in a steady state, for measuring a step: <b>idle</b> is a
    /// Standby side with its server off and nothing on either link; <b>busy</b> is an Active side
    /// with its server up, the agent kicking every 250 ms and the peer's heartbeat every 200 ms (what
    /// the SMU sends is read and dropped). Nothing is allocated per step.
    /// </summary>
    public sealed class SmuStepRig
    {
        // Room for everything a step sends or receives: the rig allocates nothing once built.
        private const int Capacity = 4096;

        /// <summary>Event-log records the SMU keeps.</summary>
        public const int LogCapacity = 256;

        private readonly bool _busy;
        private readonly MemoryChannel _host = new MemoryChannel(Capacity);
        private readonly MemoryChannel _peer = new MemoryChannel(Capacity);
        private readonly byte[] _hello;
        private readonly byte[] _kick;
        private readonly byte[] _heartbeat;
        private readonly byte[] _drained = new byte[1024];
        private readonly SmuBoard _board;
        private readonly RamRegion _region = new RamRegion(ServerManagementUnit.RegionSizeFor(LogCapacity));

        /// <summary>Initializes a new instance of the <see cref="SmuStepRig"/> class: the board and the persisted state, not yet the SMU.</summary>
        /// <param name="busy">An Active side with traffic on both links, or an idle Standby side.</param>
        public SmuStepRig(bool busy)
        {
            _busy = busy;
            MemoryLine powerGood = new MemoryLine("PowerGood");
            MemoryLine storageGranted = new MemoryLine("StorageGranted");
            MemoryLine externalPower = new MemoryLine("ExternalPower");
            powerGood.Value = busy;
            storageGranted.Value = busy;
            externalPower.Value = true;
            MemoryLatch storageRequest = new MemoryLatch("StorageRequest");
            if (busy)
            {
                storageRequest.Set();
            }

            _board = new SmuBoard(
                new MemoryLine("PowerButton"), storageRequest, new MemoryLine("Alarm"),
                powerGood, storageGranted, new MemoryLine("RepairButton"), _peer, _host, externalPower, new MemoryLine("BatteryLow"));

            RegionLayout layout = new RegionLayout(_region);
            PersistedState state = new PersistedState(layout.Take(PersistedState.RegionSize));
            state.Load();
            state.Mode = busy ? Mode.Active : Mode.Standby;
            state.Epoch = 3;
            state.StagesReached = busy ? 7 : 0;
            state.Save();

            MessageSet messages = new MessageSet();
            messages.Hello.Introduce(NodeKind.Agent, Side.None, 0, 1, 0);
            _hello = Encode(messages.Hello);
            messages.Kick.Counter = 1;
            _kick = Encode(messages.Kick);
            messages.Heartbeat.Side = Side.B;
            messages.Heartbeat.Mode = Mode.Standby;
            messages.Heartbeat.Epoch = 3;
            _heartbeat = Encode(messages.Heartbeat);
        }

        /// <summary>Gets the SMU (null before <see cref="Start"/>).</summary>
        public ServerManagementUnit Smu { get; private set; }

        /// <summary>Constructs the SMU on the board and region: what the board's program does at boot.</summary>
        public void Start()
        {
            Smu = new ServerManagementUnit(new SmuConfig(), _board, Side.A, _region);
        }

        /// <summary>One millisecond: the world's bytes for this time go in, the SMU steps, what it sent is dropped.</summary>
        /// <param name="nowMs">The time.</param>
        public void Step(long nowMs)
        {
            if (_busy)
            {
                if (nowMs == 100)
                {
                    _host.Feed(_hello, 0, _hello.Length);
                }
                else if (nowMs > 100 && nowMs % 250 == 0)
                {
                    _host.Feed(_kick, 0, _kick.Length);
                }

                if (nowMs % 200 == 0)
                {
                    _peer.Feed(_heartbeat, 0, _heartbeat.Length);
                }
            }

            Smu.Step(nowMs);
            while (_host.OutgoingPending > 0)
            {
                _host.Drain(_drained);
            }

            while (_peer.OutgoingPending > 0)
            {
                _peer.Drain(_drained);
            }

            _host.NextStep();
            _peer.NextStep();
        }

        private static byte[] Encode(Message message)
        {
            byte[] wire = new byte[Frame.MaxWireLength];
            int n = new FrameWriter().Write(message, wire, 0);
            byte[] frame = new byte[n];
            System.Array.Copy(wire, frame, n);
            return frame;
        }
    }
}
