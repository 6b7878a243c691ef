using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Rig;
using Xunit.Abstractions;

namespace ColdStandby.Smu.Tests;

/// <summary>
/// The steady-state loop allocates nothing (a GC pause on a board is milliseconds): an Active SMU
/// with its agent kicking, reporting health and asking for status, and the peer's heartbeats
/// coming in, stepped through 1,000,000 ms. The test side encodes into preallocated buffers, so
/// every byte counted is the SMU's.
/// </summary>
public class AllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void A_million_milliseconds_of_steady_state_allocate_nothing()
    {
        var rig = new SteadyRig();
        rig.Run(0, 10_000); // warm-up: first hellos, JIT, the agent's session
        Assert.Equal(Mode.Active, rig.Smu.Mode);
        Assert.Equal(SequencePhase.Idle, rig.Smu.Phase);
        uint logBefore = rig.Smu.Log.NextSequence;

        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        rig.Run(10_000, 1_010_000);
        long end = System.Diagnostics.Stopwatch.GetTimestamp();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A figure for the record, not an assertion: speed belongs to the benchmarks.
        double seconds = (end - start) / (double)System.Diagnostics.Stopwatch.Frequency;
        output.WriteLine($"1,000,000 steps in {seconds * 1000:F0} ms ({1_000_000 / seconds:F0} steps/s); {allocated} bytes allocated");
        Assert.Equal(0, allocated);
        Assert.Equal(Mode.Active, rig.Smu.Mode);
        Assert.Equal(AlarmFlags.None, rig.Smu.Alarms);
        Assert.Equal(logBefore, rig.Smu.Log.NextSequence);
        Assert.True(rig.StatusAnswers >= 999, $"{rig.StatusAnswers} status answers");
        Assert.Equal(0, rig.Smu.HostLinkCounters.Dropped + rig.Smu.PeerLinkCounters.Dropped + rig.Smu.FramesNotSent);
    }

    /// <summary>Lines, channels and an agent and peer that allocate nothing per step.</summary>
    private sealed class SteadyRig
    {
        private readonly MemoryLine _powerGood = new("PowerGood") { Value = true };
        private readonly MemoryLine _granted = new("StorageGranted") { Value = true };
        private readonly MemoryChannel _host = new(4096);
        private readonly MemoryChannel _peer = new(4096);
        private readonly byte[] _drained = new byte[4096];
        private readonly FrameWriter _agentWriter = new();
        private readonly FrameWriter _peerWriter = new();
        private readonly MessageSet _messages = new();
        private readonly FrameReader _fromSmu = new();
        private readonly byte[] _wire = new byte[Frame.MaxWireLength];

        public SteadyRig()
        {
            var region = new RamRegion(ServerManagementUnit.RegionSizeFor(256));
            ColdStandby.Bench.Simulation.SmuNode.Persist(region, Mode.Active, 3);
            // Its request latch held through the reset: the DM grants only a side that requests.
            var request = new MemoryLatch("StorageRequest");
            request.Set();
            var board = new SmuBoard(new MemoryLine("PowerButton"), request, new MemoryLine("Alarm"), _powerGood, _granted, new MemoryLine("RepairButton"), _peer, _host);
            Smu = new ServerManagementUnit(new SmuConfig(), board, Side.A, region);
            _messages.Hello.ProtocolVersion = Frame.ProtocolVersion;
            _messages.Hello.Node = NodeKind.Agent;
            _messages.Heartbeat.Side = Side.B;
            _messages.Heartbeat.Mode = Mode.Standby;
            _messages.Heartbeat.Epoch = 3;
            _messages.ControllerHealth.Raid = ControllerState.Ok;
            _messages.ControllerHealth.Lan = ControllerState.Ok;
            _messages.CheckpointReached.Stage = 2;
        }

        public ServerManagementUnit Smu { get; }

        public int StatusAnswers { get; private set; }

        public void Run(long from, long to)
        {
            for (long now = from; now < to; now++)
            {
                if (now == 100)
                {
                    ToHost(_messages.Hello);
                    ToHost(_messages.CheckpointReached);
                }

                if (now >= 100 && now % 250 == 0)
                {
                    _messages.Kick.Counter++;
                    ToHost(_messages.Kick);
                }

                if (now % 5000 == 0)
                {
                    ToHost(_messages.ControllerHealth);
                }

                if (now % 1000 == 500)
                {
                    ToHost(_messages.StatusRequest);
                }

                if (now % 200 == 0)
                {
                    int n = _peerWriter.Write(_messages.Heartbeat, _wire, 0);
                    _peer.Feed(_wire, 0, n);
                }

                Smu.Step(now);
                _peer.Drain(_drained);
                int written = _host.Drain(_drained);
                for (int i = 0; i < written; i++)
                {
                    if (_fromSmu.Push(_drained[i]) && _fromSmu.Message.Type == MessageType.SmuStatus)
                    {
                        StatusAnswers++;
                    }
                }
            }
        }

        private void ToHost(Message message)
        {
            int n = _agentWriter.Write(message, _wire, 0);
            _host.Feed(_wire, 0, n);
        }
    }
}
