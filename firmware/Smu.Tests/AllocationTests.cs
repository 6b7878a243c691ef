using ColdStandby.Hardware;
using ColdStandby.Protocol;
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
        private readonly Line _powerGood = new() { Value = true };
        private readonly Line _granted = new() { Value = true };
        private readonly Channel _host = new();
        private readonly Channel _peer = new();
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
            var board = new SmuBoard(new Line(), request, new Line(), _powerGood, _granted, new Line(), _peer, _host);
            Smu = new ServerManagementUnit(new SmuConfig(), board, Side.A, region);
            _messages.Hello.ProtocolVersion = Frame.ProtocolVersion;
            _messages.Hello.Node = NodeKind.Agent;
            _messages.Heartbeat.Side = Side.B;
            _messages.Heartbeat.Mode = Mode.Standby;
            _messages.Heartbeat.Epoch = 3;
            _messages.ControllerHealth.Raid = ControllerState.Ok;
            _messages.ControllerHealth.Lan = ControllerState.Ok;
            _messages.CheckpointReached.Stage = 2;
            _host.Sink = b =>
            {
                if (_fromSmu.Push(b) && _fromSmu.Message.Type == MessageType.SmuStatus)
                {
                    StatusAnswers++;
                }
            };
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
                    _peer.Deliver(_wire, n);
                }

                Smu.Step(now);
            }
        }

        private void ToHost(Message message)
        {
            int n = _agentWriter.Write(message, _wire, 0);
            _host.Deliver(_wire, n);
        }
    }

    private sealed class Line : IInputLine, IOutputLine
    {
        public bool Value { get; set; }
    }

    /// <summary>A ring for bytes to the SMU; bytes from it go to <see cref="Sink"/> (or nowhere).</summary>
    private sealed class Channel : IByteChannel
    {
        private readonly byte[] _ring = new byte[4096];
        private int _head;
        private int _count;

        public Action<byte>? Sink { get; set; }

        public void Deliver(byte[] bytes, int count)
        {
            for (int i = 0; i < count; i++)
            {
                _ring[(_head + _count++) % _ring.Length] = bytes[i];
            }
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && _count > 0)
            {
                buffer[offset + n++] = _ring[_head];
                _head = (_head + 1) % _ring.Length;
                _count--;
            }

            return n;
        }

        public int Write(byte[] buffer, int offset, int count)
        {
            if (Sink != null)
            {
                for (int i = 0; i < count; i++)
                {
                    Sink(buffer[offset + i]);
                }
            }

            return count;
        }
    }
}
