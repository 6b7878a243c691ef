using ColdStandby.Bench.Simulation;
using ColdStandby.HostAgent;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using Xunit.Abstractions;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// After a failover, an hour of a flapping peer cable and of stale switch requests floods both
/// SMUs' logs: the flapping is counted (a few records a minute), the replays flush the ring, and
/// the failover's records (the fault, the switch, the grant, the mode changes) are still there,
/// read in sequence order from the firmware and through the agent's log read-out.
/// </summary>
public sealed class LogFloodTests(ITestOutputHelper output)
{
    private const long FloodMs = 3_600_000;

    [Fact]
    public void A_failover_s_records_outlive_an_hour_of_a_flapping_cable_and_replayed_frames()
    {
        var system = new StandbySystem(new SystemOptions());
        system.RunUntil(180_000, () => system.Serving(Side.A));
        system.Inject(new Fault(FaultType.OsHang, Side.A));
        system.RunUntil(system.NowMs + 300_000, () => system.Serving(Side.B));
        Assert.True(system.Serving(Side.B));
        system.RunFor(10_000);
        uint[] floodFrom = { system.SmuA.Firmware!.Log.NextSequence, system.SmuB.Firmware!.Log.NextSequence };

        // The cable is cut for 2 s of every 4 s; while it is whole, an old switch request reaches each side
        // numbered as the sender's next frame (it passes the in-order check; its epoch is what is judged).
        long start = system.NowMs;
        for (long t = 0; t < FloodMs; t += 4000)
        {
            system.At(start + t, "cut", () => system.CutPeerCable(true));
            system.At(start + t + 2000, "mend", () => system.CutPeerCable(false));
            system.At(start + t + 3000, "replay", () =>
            {
                system.Forge(Side.A, new SwitchRequest { Epoch = 1, Kind = SwitchKind.Failover, From = Side.A });
                system.Forge(Side.B, new SwitchRequest { Epoch = 1, Kind = SwitchKind.Failover, From = Side.B });
            });
        }

        system.RunFor(FloodMs + 70_000);
        Assert.Null(system.Monitor.Violation);
        Assert.True(system.Serving(Side.B));

        var a = Records(system.SmuA.Firmware!.Log);
        var b = Records(system.SmuB.Firmware!.Log);
        foreach (var (who, log, from) in new[] { ("A", a, floodFrom[0]), ("B", b, floodFrom[1]) })
        {
            int stale = log.Count(r => r.Code == EventCode.StaleSwitchIgnored);
            int flaps = log.Count(r => r.Code == EventCode.PeerFlapping);
            int silent = log.Count(r => r.Code == EventCode.PeerSilent && r.Sequence >= from);
            output.WriteLine($"SMU {who}: {log.Last().Sequence - from + 1} records in the hour, {stale} replays and {flaps} flap counts and {silent} silences held");
            Assert.True(log.Last().Sequence - from > 512, $"SMU {who}: the flood did not turn the ring over");
            // The flapping alone: a PeerFlapping record a minute, not four records a flap (900 flaps).
            Assert.InRange(flaps, 20, 62);
        }

        Assert.Contains(a, r => r.Code == EventCode.ServerFault && (FaultKind)(r.Argument & 0xFF) == FaultKind.Watchdog);
        Assert.Contains(a, r => r.Code == EventCode.AlarmRaised && r.Argument == (uint)AlarmFlags.ServerFault);
        Assert.Contains(a, r => r.Code == EventCode.ForcedPowerOff);
        Assert.Contains(a, r => r.Code == EventCode.SwitchRequested);
        Assert.Contains(a, r => r.Code == EventCode.SwitchAcknowledged);
        Assert.Contains(a, r => r.Code == EventCode.ModeChanged && r.Argument == (uint)Mode.Failed);
        Assert.Contains(b, r => r.Code == EventCode.SwitchAccepted);
        Assert.Contains(b, r => r.Code == EventCode.ModeChanged && r.Argument == (uint)Mode.Active);
        Assert.Contains(b, r => r.Code == EventCode.StorageGranted);
        Assert.Contains(b, r => r.Code == EventCode.PowerOn);
        Assert.Contains(Records(system.Dm.Firmware!.Log), r => r.Code == EventCode.GrantGiven && r.Side == Side.B);

        // The operator's read-out through B's agent gives the same records, in order.
        var agent = system.ServerB.Agent!;
        var records = new List<LogRecord>();
        uint next = 0;
        for (int reads = 0; reads < 40; reads++)
        {
            var request = agent.ReadLog(next, 64);
            system.RunUntil(system.NowMs + 5000, () => request.State != LinkRequestState.Pending);
            Assert.Equal(LinkRequestState.Done, request.State);
            records.AddRange(request.Records);
            if (request.Records.Count == 0 || request.LogEnd!.NextSequence <= request.Records[^1].Sequence + 1)
            {
                break;
            }

            next = request.Records[^1].Sequence + 1;
        }

        var read = records.Where(r => r.Sequence < b.Last().Sequence).Select(r => (r.Sequence, r.Code, r.Argument)).ToList();
        Assert.Equal(b.Where(r => r.Sequence <= read.Last().Sequence).Select(r => (r.Sequence, r.Code, r.Argument)), read);
        Assert.Contains(records, r => r.Code == EventCode.SwitchAccepted);
    }

    private static List<EventRecord> Records(EventLog log)
    {
        var records = new List<EventRecord>();
        for (uint s = log.NextHeld(log.FirstSequence); s < log.NextSequence; s = log.NextHeld(s + 1))
        {
            var record = new EventRecord();
            if (log.TryRead(s, record))
            {
                records.Add(record);
            }
        }

        return records;
    }
}
