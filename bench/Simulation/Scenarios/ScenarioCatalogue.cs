using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The named scenarios: one for every row of DESIGN.md's "what is watched" table, the standby
/// unfit, the peer cable cut, DM and SMU resets during a switch, and more. Each states its expected
/// outcome as the design says it should be; a run that differs fails.
/// </summary>
public static class ScenarioCatalogue
{
    /// <summary>How long the first boot may take before a script gives up waiting for A to serve.</summary>
    private const long FirstBootMs = 180_000;

    /// <summary>Gets every scenario, in the order they are listed.</summary>
    public static IReadOnlyList<Scenario> All { get; } = Build();

    /// <summary>Finds a scenario by name, or null.</summary>
    public static Scenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>A script that starts both sides and waits until A serves.</summary>
    public static Script AServes() => new Script().Until("A serves", s => s.Serving(Side.A), FirstBootMs);

    private static IReadOnlyList<Scenario> Build() => new List<Scenario>
    {
        ServingSideFails("watchdog",
            "watched: watchdog not kicked in time after the OS is up → server fault → failover",
            "the OS on A hangs while serving; the watchdog fires, A is forced off and B takes over",
            FaultType.OsHang,
            Expect.Fault(Side.A, FaultKind.Watchdog),
            Expect.Logged(Side.A, EventCode.ForcedPowerOff, "a forced power-off (the OS is hung)"),
            Expect.Alarm(Side.A, AlarmFlags.ServerFault),
            Expect.Boots(Side.B, 1)),

        BootHangs(0, "power-good", 300_000,
            "A's power supply never gives power-good when A powers on; the 5 s checkpoint fires and B takes over",
            Expect.Boots(Side.A, 0)),

        BootHangs(1, "OS loaded: the agent's hello", 600_000,
            "A's boot hangs before the OS loads; after 300 s the checkpoint fires, A is forced off and B takes over",
            Expect.Logged(Side.A, EventCode.ForcedPowerOff, "a forced power-off (no OS to ask)")),

        BootHangs(2, "services ready", 900_000,
            "A's OS loads but its services never become ready; after 600 s A is shut down gracefully and B takes over",
            Expect.Logged(Side.A, EventCode.ShutdownRequested, "a graceful shutdown request (the OS is alive)"),
            Expect.NotLogged(Side.A, EventCode.ForcedPowerOff, "a forced power-off")),

        ServingSideFails("raid-fault",
            "watched: RAID controller fails a real I/O probe → server fault → failover",
            "A's RAID controller breaks; the agent's probe reports it, A shuts down gracefully and B takes over",
            FaultType.RaidFault,
            Expect.Fault(Side.A, FaultKind.RaidController),
            Expect.Logged(Side.A, EventCode.ShutdownRequested, "a graceful shutdown request"),
            Expect.NotLogged(Side.A, EventCode.ForcedPowerOff, "a forced power-off")),

        ServingSideFails("lan-fault",
            "watched: LAN controller fails a real I/O probe → server fault → failover",
            "A's LAN controller breaks; the agent's probe reports it, A shuts down gracefully and B takes over",
            FaultType.LanFault,
            Expect.Fault(Side.A, FaultKind.LanController),
            Expect.Logged(Side.A, EventCode.ShutdownRequested, "a graceful shutdown request")),

        ServingSideFails("power-lost",
            "watched: server power lost unexpectedly → server fault → failover",
            "A's power supply fails while serving; power-good drops, A releases the disks and B takes over",
            FaultType.PsuFailure,
            Expect.Fault(Side.A, FaultKind.PowerLost),
            Expect.NotLogged(Side.A, EventCode.ForcedPowerOff, "a forced power-off (the server is already off)")),

        new("service-failure",
            "watched: application service stopped → restart and report, no failover",
            "an application service on A crashes; the agent restarts it and reports; A keeps serving",
            AServes().Wait(30_000)
                .Then("a service on A crashes", s => s.Inject(new Fault(FaultType.AppCrash, Side.A)))
                .Wait(60_000),
            Expect.Logged(Side.A, EventCode.ServiceFailure, "the service failure"),
            Expect.Alarm(Side.A, AlarmFlags.ServiceFailure),
            Expect.NoFault(Side.A),
            Expect.Serves(Side.A),
            Expect.Switches(0)),

        new("peer-silent",
            "watched: peer SMU silent on the peer link → external alarm only, no failover",
            "SMU B is down for a minute; A raises the peer-silent alarm and keeps serving; the alarm clears when B is back",
            AServes().Wait(10_000)
                .Then("SMU B goes down for 60 s", s => s.Inject(new Fault(FaultType.SmuReset, Side.B, DurationMs: 60_000)))
                .Wait(90_000),
            Expect.AlarmRaised(Side.A, AlarmFlags.PeerSilent),
            Expect.Logged(Side.A, EventCode.PeerReturned, "the peer's return"),
            Expect.That("A's peer-silent alarm is cleared", s => (s.SmuA.Firmware!.Alarms & AlarmFlags.PeerSilent) == 0, s => $"alarms {s.SmuA.Firmware!.Alarms}"),
            Expect.Serves(Side.A),
            Expect.Mode(Side.B, Mode.Standby),
            Expect.Switches(0),
            Expect.NoFault(Side.A)),

        new("peer-cable-cut",
            "peer cable cut: both sides alarm, nothing switches; a fault then finds no standby to hand over to",
            "the peer cable is cut while A serves (both raise peer-silent, A keeps serving); then A's OS hangs: A cannot check B, so no switch and a whole-system alarm",
            AServes().Wait(10_000)
                .Then("the peer cable is cut", s => s.Inject(new Fault(FaultType.PeerCableCut)))
                .Wait(60_000)
                .Until("A still serves", s => s.Serving(Side.A), 1)
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Wait(60_000),
            Expect.AlarmRaised(Side.A, AlarmFlags.PeerSilent),
            Expect.AlarmRaised(Side.B, AlarmFlags.PeerSilent),
            Expect.Fault(Side.A, FaultKind.Watchdog),
            Expect.Logged(Side.A, EventCode.SwitchAbandoned, "the switch abandoned"),
            Expect.Alarm(Side.A, AlarmFlags.WholeSystemFailure),
            Expect.Mode(Side.A, Mode.Failed),
            Expect.Mode(Side.B, Mode.Standby),
            Expect.NobodyServes(),
            Expect.Switches(0)),

        new("standby-unfit",
            "standby unfit: the fitness check fails → no switch, whole-system failure alarm",
            "A fails over to B; while A is still Failed (not repaired), B's RAID fails: A answers unfit, so B does not switch and raises the whole-system alarm",
            AServes()
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(30_000)
                .Then("B's RAID controller fails", s => s.Inject(new Fault(FaultType.RaidFault, Side.B)))
                .Wait(120_000),
            Expect.Switches(1),
            Expect.Fault(Side.B, FaultKind.RaidController),
            Expect.Logged(Side.B, EventCode.FitnessChecked, "A found unfit", a => a != 1),
            Expect.Logged(Side.B, EventCode.SwitchAbandoned, "the switch abandoned"),
            Expect.Alarm(Side.B, AlarmFlags.WholeSystemFailure),
            Expect.Mode(Side.A, Mode.Failed),
            Expect.Mode(Side.B, Mode.Failed),
            Expect.NobodyServes()),

        new("dm-reset-during-switch",
            "DM reset during a switch: no side ever holds the disks twice; the switch completes",
            "A's OS hangs; as A releases the disks, the DM resets for 1.5 s; B takes over and serves (if its grant comes after the timeout, B raises the alarm and keeps asking)",
            AServes()
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("A's fault is found", s => s.Events.Any(e => e.Is(EventCode.ServerFault) && e.Who == "A"), 60_000)
                .Wait(5)
                .Then("the DM resets", s => s.Inject(new Fault(FaultType.DmReset, DurationMs: 1500)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(10_000),
            Expect.Serves(Side.B),
            Expect.Mode(Side.A, Mode.Failed),
            Expect.Switches(1),
            Expect.DmLogged(EventCode.DmReset, Side.None, "its reset")),

        new("smu-reset-during-switch",
            "SMU reset during a switch: the persisted phase resumes the sequence; the switch completes",
            "A's OS hangs; as soon as the DM confirms A's release, SMU A resets for 1.5 s; it resumes the sequence and B takes over",
            AServes()
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("A's release is confirmed", s => s.Events.Any(e => e.Is(EventCode.StorageReleased) && e.Who == "A"), 60_000)
                .Then("SMU A resets", s => s.Inject(new Fault(FaultType.SmuReset, Side.A, DurationMs: 1500)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(10_000),
            Expect.Serves(Side.B),
            Expect.Mode(Side.A, Mode.Failed),
            Expect.Switches(1)),

        new("standby-reset-during-takeover",
            "SMU reset during a switch (the taking-over side): the persisted AwaitingGrant phase resumes the takeover",
            "A's OS hangs; right after B takes the switch request, SMU B resets for 1.5 s; it resumes, gets the grant and serves",
            AServes()
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("B took the switch", s => s.Events.Any(e => e.Is(EventCode.SwitchAccepted) && e.Who == "B"), 60_000)
                .Then("SMU B resets", s => s.Inject(new Fault(FaultType.SmuReset, Side.B, DurationMs: 1500)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(10_000),
            Expect.Serves(Side.B),
            Expect.Mode(Side.A, Mode.Failed),
            Expect.Switches(1)),

        new("dm-reset-while-active",
            "DM reset while A serves: A's access latch holds; the DM reads it back at its first step; no failover",
            "the DM resets for 1.5 s while A serves; A's access latch holds through it, the DM reads it back and keeps A, A keeps serving",
            AServes().Wait(10_000)
                .Then("the DM resets", s => s.Inject(new Fault(FaultType.DmReset, DurationMs: 1500)))
                .Wait(30_000),
            Expect.DmLogged(EventCode.GrantRestored, Side.A, "A's grant restored"),
            Expect.Serves(Side.A),
            Expect.NoFault(Side.A),
            Expect.Switches(0),
            Expect.Boots(Side.A, 1)),

        new("smu-reset-while-active",
            "SMU reset while its server serves: the request latch holds, the DM keeps the grant; the server is not touched",
            "SMU A resets for 1.5 s while A serves; its request latch holds through it; A resumes watching and keeps serving",
            AServes().Wait(10_000)
                .Then("SMU A resets", s => s.Inject(new Fault(FaultType.SmuReset, Side.A, DurationMs: 1500)))
                .Wait(30_000),
            Expect.Serves(Side.A),
            Expect.NoFault(Side.A),
            Expect.Switches(0),
            Expect.Boots(Side.A, 1),
            Expect.GrantNeverReleased(Side.A)),

        new("slow-shutdown",
            "graceful shutdown deadline: an OS that does not stop in 120 s is forced off",
            "A's RAID fails and A's OS shuts down too slowly; after the 120 s deadline A is forced off and B takes over",
            AServes()
                .Then("A's OS will shut down slowly", s => s.Inject(new Fault(FaultType.SlowShutdown, Side.A)))
                .Wait(10_000)
                .Then("A's RAID controller fails", s => s.Inject(new Fault(FaultType.RaidFault, Side.A)))
                .Until("B serves", s => s.Serving(Side.B), 400_000).Wait(10_000),
            Expect.Logged(Side.A, EventCode.ShutdownRequested, "a graceful shutdown request"),
            Expect.Logged(Side.A, EventCode.ForcedPowerOff, "a forced power-off after the deadline"),
            Expect.Serves(Side.B),
            Expect.Switches(1)),

        new("link-noise",
            "bad bytes on every link are dropped and counted, never acted on; a noisy failover behaves like a clean one",
            "noise on every serial link (1 byte in 500 spoiled); A's OS hangs; the failover runs as in the clean 'watchdog' scenario",
            new Script()
                .Then("noise on every link", s => s.SetNoise(LinkNoise.Moderate))
                .Until("A serves", s => s.Serving(Side.A), FirstBootMs).Wait(30_000)
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(10_000),
            Expect.That("receivers dropped spoiled frames", s => DroppedFrames(s) > 0, s => $"{DroppedFrames(s)} dropped"),
            Expect.Fault(Side.A, FaultKind.Watchdog),
            Expect.Serves(Side.B),
            Expect.Mode(Side.A, Mode.Failed),
            Expect.Switches(1),
            Expect.NeverAlarm(Side.A, AlarmFlags.PeerSilent),
            Expect.That("the same significant events as the clean run, in the same order", s => Significant(s).SequenceEqual(CleanWatchdog.Value),
                s => string.Join(", ", Significant(s)))),

        new("planned-switchover",
            "operator: planned switchover moves the service gracefully",
            "an operator on A runs 'coldstandby switchover B'; A shuts down gracefully and B takes over; A becomes Standby",
            AServes().Wait(10_000)
                .Then("operator: switchover to B", s => s.OperatorCommand(Side.A, OperatorCommandKind.PlannedSwitchover, Side.B))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(10_000),
            Expect.Logged(Side.A, EventCode.ShutdownRequested, "a graceful shutdown request"),
            Expect.NoFault(Side.A),
            Expect.Serves(Side.B),
            Expect.Mode(Side.A, Mode.Standby),
            Expect.Switches(1)),

        new("stale-switch-replay",
            "a stale or replayed switch request changes nothing",
            "after A fails over to B, an old switch request (epoch 1) reaches B on the peer cable numbered as A's next frame (so the in-order check passes it): B ignores it for its epoch and logs it",
            AServes()
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(5_000)
                .Then("an old switch request to B, numbered as A's next frame", s => s.Forge(Side.A, new SwitchRequest { Epoch = 1, Kind = SwitchKind.Failover, From = Side.A }))
                .Wait(10_000),
            Expect.Logged(Side.B, EventCode.StaleSwitchIgnored, "the stale request ignored"),
            Expect.Serves(Side.B),
            Expect.Mode(Side.A, Mode.Failed),
            Expect.Switches(1)),

        new("services-ready-lost",
            "the agent's services-ready report lost on the host link → reported again until the SMU answers, no failover",
            "A's host link to its SMU loses everything for 200 ms as A's services become ready; the agent repeats its report until the SMU accepts it, and A still serves after the 600 s services deadline",
            new Script()
                .Until("A's OS is up", s => s.ServerA.State == ServerState.Running, FirstBootMs)
                .Then("A's host link to its SMU is cut for 200 ms as the services become ready", s => LoseServicesReady(s, Side.A))
                .Wait(700_000),
            Expect.Logged(Side.A, EventCode.CheckpointReached, "services ready (stage 2)", a => a == 2),
            Expect.That("the agent repeated its report", s => s.ServerA.Agent?.CheckpointRepeats > 0, s => $"{s.ServerA.Agent?.CheckpointRepeats} repeats"),
            Expect.NoFault(Side.A),
            Expect.Serves(Side.A),
            Expect.Switches(0)),

        SmuRebootWhileServing(1_000),
        SmuRebootWhileServing(5_000),
        SmuRebootWhileServing(60_000),
        DmRebootWhileServing(1_000),
        DmRebootWhileServing(5_000),
        DmRebootWhileServing(60_000),

        new("smu-hang-while-serving",
            "an SMU that hangs (no reset) while its server serves: the request latch holds, no disk loss, no failover",
            "SMU A's firmware hangs for 30 s while A serves; its request latch holds, the DM keeps A's grant; when it goes on it treats the stall as no news about the server",
            AServes().Wait(10_000)
                .Then("SMU A hangs for 30 s", s => s.Inject(new Fault(FaultType.SmuHang, Side.A, DurationMs: 30_000)))
                .Wait(60_000),
            Expect.Serves(Side.A),
            Expect.NoFault(Side.A),
            Expect.Switches(0),
            Expect.GrantNeverReleased(Side.A)),

        new("failover-time",
            "failover in 2.5 s: an OS hang to the standby's power-on with default timings",
            "A's OS hangs; the watchdog finds it within 2 s, A's storage is released at once beside the forced off, B is asked, takes over and is granted after the DM's 100 ms settle",
            AServes()
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("B powers on", s => s.Events.Any(e => e.Is(EventCode.PowerOn) && e.Who == "B"), 60_000).Wait(10_000),
            Expect.That("B pressed its power button within 2.5 s of the hang", s => FaultToPowerOnMs(s) <= 2_500, s => $"{FaultToPowerOnMs(s)} ms"),
            Expect.That("A's storage was released before A's server went off", s => ReleasedBeforeOff(s), _ => "it was not"),
            Expect.Switches(1)),

        new("dm-power-loss-during-press",
            "power on only while the grant is held for the whole press (issue 10 item 1)",
            "after B is granted, the DM loses its power 60 ms into B's 200 ms power-on press: B lets go at once, its server does not come on without its disks; the DM returns, grants again, and B powers on then",
            AServes()
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("B presses its power button", s => s.Events.Any(e => e.Is(EventCode.PowerOn) && e.Who == "B"), 60_000)
                .Wait(60)
                .Then("the DM loses its power for 2 s", s => s.Inject(new Fault(FaultType.DmPowerLoss, DurationMs: 2_000)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(5_000),
            Expect.Logged(Side.B, EventCode.PowerOnAborted, "the press cut short when the grant went"),
            Expect.Serves(Side.B),
            Expect.Mode(Side.A, Mode.Failed)),

        new("board-swap-restored-active",
            "a replacement SMU board restored as Active with a higher epoch beside the serving side: never both Active (issue 10 item 2)",
            "SMU B's board is swapped for one restored as Active, epoch 9, while A serves at epoch 1; B only claims, gives way to A at its first heartbeat and follows A's epoch",
            AServes().Wait(10_000)
                .Then("SMU B's board swapped", s => s.Inject(new Fault(FaultType.BoardSwap, Side.B, DurationMs: 5_000, RestoredMode: Mode.Active, RestoredEpoch: 9)))
                .Wait(60_000),
            Expect.Logged(Side.B, EventCode.ActiveNotBacked, "its restored Active found unbacked"),
            Expect.Serves(Side.A),
            Expect.Mode(Side.B, Mode.Standby),
            Expect.NoFault(Side.A),
            Expect.That("B follows A's epoch", s => s.SmuB.Firmware?.Epoch == s.SmuA.Firmware?.Epoch, s => $"A {s.SmuA.Firmware?.Epoch}, B {s.SmuB.Firmware?.Epoch}")),

        new("both-restored-active",
            "both SMU boards restored Active from one backup at a cold start: nobody Active until the agreement decides (issue 10 item 3)",
            "both SMUs start persisted Active at epoch 5 with both servers off; both only claim; the preferred side A wins and serves, B becomes Standby",
            new Script()
                .Then("both SMU boards restored as Active, epoch 5", s => { s.SmuA.Restore(Mode.Active, 5); s.SmuB.Restore(Mode.Active, 5); })
                .Until("A serves", s => s.Serving(Side.A), FirstBootMs).Wait(10_000),
            Expect.Logged(Side.A, EventCode.ActiveNotBacked, "A's restored Active found unbacked"),
            Expect.Logged(Side.B, EventCode.ActiveNotBacked, "B's restored Active found unbacked"),
            Expect.Serves(Side.A),
            Expect.Mode(Side.B, Mode.Standby)),

        new("peer-heartbeat-replayed-while-silent",
            "a dead peer's old heartbeat put on the cable again does not make it look alive (campaign seed 1096071)",
            "A serves; A's SMU hangs for 60 s, so B hears nothing and raises PeerSilent; 10 s into the hang an earlier heartbeat of A's (not the last, which is dropped as an exact repeat) is replayed to B: B drops it (out of order) and stays alarmed; A's SMU resumes and B hears it again at once",
            AServes().Wait(10_000)
                .Then("keep A's frames", s => s.SmuA.Wiring.Peer.Out.KeepFrames())
                .Wait(2_000)
                .Then("SMU A hangs for 60 s", s => s.Inject(new Fault(FaultType.SmuHang, Side.A, DurationMs: 60_000)))
                .Wait(10_000)
                .Then("replay an earlier heartbeat of A's to B", s => ReplayLast(s, MessageType.Heartbeat, nth: 3))
                .Wait(70_000),
            Expect.That("B still hears A as silent after the replay", s => !PeerReturnedBetween(s, "replays A's Heartbeat", 5_000), s => "B logged PeerReturned within 5 s of the replay"),
            Expect.That("B counted the replay as out of order", s => s.SmuB.Firmware!.Peer.Counters.OutOfOrder > 0, s => $"{s.SmuB.Firmware!.Peer.Counters.OutOfOrder} out of order"),
            Expect.Logged(Side.B, EventCode.PeerReturned, "A heard again once its SMU resumed"),
            Expect.Serves(Side.A),
            Expect.Switches(0)),

        new("peer-cable-cut-for-a-minute",
            "a peer cable cut for a minute and mended: both SMUs hear each other again (their numbering ran on by 300 frames meanwhile)",
            "A serves; the peer cable is cut for 60 s (both raise PeerSilent; each side's heartbeats run on some 300 frames, far more than the 64 a noisy line may lose), then mended: each side holds the other's first frame back as an anchor in its numbering and hears the next, so both clear PeerSilent within a heartbeat or two and nobody raises NoService",
            AServes().Wait(10_000)
                .Then("the peer cable is cut for 60 s", s => s.Inject(new Fault(FaultType.PeerCableCut, DurationMs: 60_000)))
                .Wait(60_000 + 10_000),
            Expect.AlarmRaised(Side.A, AlarmFlags.PeerSilent),
            Expect.AlarmRaised(Side.B, AlarmFlags.PeerSilent),
            Expect.Logged(Side.A, EventCode.PeerReturned, "B heard again"),
            Expect.Logged(Side.B, EventCode.PeerReturned, "A heard again"),
            Expect.That("both hear each other at the end", s => s.SmuA.Firmware!.PeerHeard && s.SmuB.Firmware!.PeerHeard, s => $"A hears B: {s.SmuA.Firmware!.PeerHeard}, B hears A: {s.SmuB.Firmware!.PeerHeard}"),
            Expect.NeverAlarm(Side.B, AlarmFlags.NoService),
            Expect.Serves(Side.A),
            Expect.Switches(0)),

        new("planned-switchover-lost-then-replayed",
            "an epoch names one attempt: a switch request lost, the cable repaired, the old request replayed changes nothing (issue 10 item 4)",
            "an operator's switchover to B: B answers A's fitness query, then its SMU resets for 60 s, so A's switch request (and every retry) is lost; A abandons the switch and takes the service back; B comes back; A's lost request is replayed to B (dropped: out of order), then sent again numbered as A's next frame: B ignores it for its used epoch, A keeps serving",
            AServes().Wait(10_000)
                .Then("keep A's frames", s => s.SmuA.Wiring.Peer.Out.KeepFrames())
                .Then("operator: switchover to B", s => s.OperatorCommand(Side.A, OperatorCommandKind.PlannedSwitchover, Side.B))
                .Until("A has B's fitness answer", s => s.Events.Any(e => e.Is(EventCode.FitnessChecked) && e.Who == "A"), 200_000)
                .Then("SMU B resets for 60 s", s => s.Inject(new Fault(FaultType.SmuReset, Side.B, DurationMs: 60_000)))
                .Until("A's switch is abandoned", s => s.Events.Any(e => e.Is(EventCode.SwitchAbandoned) && e.Who == "A"), 60_000)
                .Until("SMU B is back", s => s.SmuB.Firmware != null, 120_000)
                .Wait(10_000)
                .Then("replay A's lost switch request to B", s => ReplayLast(s, MessageType.SwitchRequest))
                .Wait(1_000)
                .Then("the same request again, numbered as A's next frame", s => ForgeLastSwitchRequest(s))
                .Wait(60_000),
            Expect.Logged(Side.A, EventCode.SwitchAbandoned, "the unanswered switch", a => a == (uint)AbandonReason.SwitchUnanswered),
            Expect.That("B dropped the replayed frame as out of order", s => s.SmuB.Firmware!.Peer.Counters.OutOfOrder > 0, s => $"{s.SmuB.Firmware!.Peer.Counters.OutOfOrder} out of order"),
            Expect.Logged(Side.B, EventCode.StaleSwitchIgnored, "the renumbered request ignored for its epoch"),
            Expect.Serves(Side.A),
            Expect.Mode(Side.B, Mode.Standby)),

        new("server-will-not-power-off",
            "a server that will not power off is never taken over from (issue 10 item 5)",
            "A's power-good sticks on, then its RAID fails: the graceful shutdown and the forced off both fail, A says no switch and raises the whole-system alarm; B never takes over while A's server is on",
            AServes().Wait(10_000)
                .Then("A's power-good sticks on", s => s.Inject(new Fault(FaultType.PowerGoodStuck, Side.A)))
                .Then("A's RAID fails", s => s.Inject(new Fault(FaultType.RaidFault, Side.A)))
                .Wait(200_000),
            Expect.Logged(Side.A, EventCode.SwitchAbandoned, "the switch abandoned: the server would not power off", a => a == (uint)AbandonReason.ServerWouldNotPowerOff),
            Expect.Alarm(Side.A, AlarmFlags.WholeSystemFailure),
            Expect.Mode(Side.B, Mode.Standby),
            Expect.Switches(0)),

        new("site-outage",
            "a mains outage seen on both sides is a site outage, not a server fault: the Active side powers on again when the mains return (issue 10 item 7)",
            "the mains fail everywhere for 60 s while A serves (both servers and the DM lose power, both SMUs run on their cells); no failover; when the mains are back A is granted again, powers its server on and serves",
            AServes().Wait(10_000)
                .Then("the mains fail everywhere for 60 s", s => s.Inject(new Fault(FaultType.MainsLoss, Side.None, DurationMs: 60_000)))
                .Wait(60_000)
                .Until("A serves", s => s.Serving(Side.A), 200_000).Wait(5_000),
            Expect.Logged(Side.A, EventCode.SiteOutage, "the site outage"),
            Expect.Logged(Side.A, EventCode.MainsRestored, "the mains back"),
            Expect.NoFault(Side.A),
            Expect.Serves(Side.A),
            Expect.Mode(Side.B, Mode.Standby),
            Expect.Switches(0)),

        new("site-outage-cells-run-flat",
            "a site outage that outlasts the SMUs' cells: each raises the battery-low alarm before its supervisor resets it and clears its request; when the mains return the startup agreement brings A back (issue 16 item 2)",
            "the cells are made to last 2 min to the low-battery threshold and 30 s more; the mains fail everywhere for 5 min while A serves; both SMUs raise BatteryLow and log it, release nothing themselves, then go dark (their latches cleared); when the mains are back both boot, A's persisted Active is backed by nothing (a claim), the agreement makes it Active again, it is granted, powers on and serves; no failover",
            AServes().Wait(10_000)
                .Then("the mains fail everywhere for 5 min", s => s.Inject(new Fault(FaultType.MainsLoss, Side.None, DurationMs: 300_000)))
                .Wait(300_000)
                .Until("A serves", s => s.Serving(Side.A), 300_000).Wait(5_000),
            Expect.Logged(Side.A, EventCode.SiteOutage, "the site outage"),
            Expect.AlarmRaised(Side.A, AlarmFlags.BatteryLow),
            Expect.AlarmRaised(Side.B, AlarmFlags.BatteryLow),
            Expect.That("each SMU logged battery-low before its cell went flat, and nothing released A's request before that", s =>
                s.Events.Count(e => e.Is(EventCode.AlarmRaised) && e.Argument == (uint)AlarmFlags.BatteryLow) == 2
                && !s.Events.Any(e => e.Is(EventCode.StorageReleased) && e.Who == "A"), s =>
                string.Join("; ", s.Events.Where(e => (e.Is(EventCode.AlarmRaised) && e.Argument == (uint)AlarmFlags.BatteryLow) || (e.Is(EventCode.StorageReleased) && e.Who == "A")).Select(e => $"{e.Who} {e.Code} at {SimTime.Format(e.TimeNs)}"))),
            Expect.Logged(Side.A, EventCode.ActiveNotBacked, "its Active backed by nothing after the reset (the latch was cleared)"),
            Expect.NoFault(Side.A),
            Expect.Serves(Side.A),
            Expect.Mode(Side.B, Mode.Standby),
            Expect.Switches(0)) { Configure = o => { o.CellLastsMs = 120_000; o.CellLowToResetMs = 30_000; } },

        new("smu-supply-lost-cell-runs-flat",
            "only the Active SMU's own 5 V is lost while its server serves, and its cell runs flat: alarms, no failover, no second copy of the OS (issue 16 item 2)",
            "A's adapter is pulled while A serves; its cell lasts 2 min to the low-battery threshold and 30 s more: A raises OnBattery, then BatteryLow, and fails nothing over (the server is healthy); the supervisor's reset clears A's request, the DM takes the disks from the running server, B raises PeerSilent and, never taking over without a switch request, boots nothing; when A's 5 V is back A starts beside its running server, backed by nothing: a claim that moves nothing while a server runs, and the no-service alarm says so",
            AServes().Wait(10_000)
                .Then("A's own 5 V is lost for 10 min", s => s.Inject(new Fault(FaultType.SmuSupplyLoss, Side.A, DurationMs: 600_000)))
                .Wait(960_000),
            Expect.AlarmRaised(Side.A, AlarmFlags.OnBattery),
            Expect.AlarmRaised(Side.A, AlarmFlags.BatteryLow),
            Expect.AlarmRaised(Side.B, AlarmFlags.PeerSilent),
            Expect.NoFault(Side.A),
            Expect.Logged(Side.A, EventCode.ActiveNotBacked, "its Active backed by nothing after the reset"),
            Expect.Mode(Side.B, Mode.Standby),
            Expect.Boots(Side.B, 0),
            Expect.Alarm(Side.A, AlarmFlags.NoService),
            Expect.Switches(0)) { Configure = o => { o.CellLastsMs = 120_000; o.CellLowToResetMs = 30_000; o.Smu = Campaign.SmuConfig(); } },

        new("both-running-at-commissioning",
            "both servers already running when the pair is commissioned: nobody may take over, and an alarm says so (issue 10 item 8)",
            "both servers are switched on by hand and running when the SMU boards are installed a minute later; neither SMU makes a side Active beside a running server; after the no-service limit both raise NoService",
            new Script()
                .Then("the SMU boards are not installed yet", s => { s.SmuA.LosePower(60_000); s.SmuB.LosePower(60_000); })
                .Then("both servers switched on by hand", s => { s.ServerA.PowerOnByHand(); s.ServerB.PowerOnByHand(); })
                .Wait(400_000),
            Expect.NobodyServes(),
            Expect.AlarmRaised(Side.A, AlarmFlags.NoService),
            Expect.AlarmRaised(Side.B, AlarmFlags.NoService),
            Expect.Switches(0)) { Configure = o => o.Smu = Campaign.SmuConfig() },

        new("dm-boots-late",
            "a DM that boots after the SMUs leaves no latched whole-system alarm (issue 10 item 12)",
            "the DM has no power for the first 5 s; A requests, times out waiting for its grant (storage-timeout alarm, the request stays), and is granted when the DM comes: the alarm clears and A serves",
            new Script()
                .Then("the DM is off for 5 s", s => s.Dm.LosePower(5_000))
                .Until("A serves", s => s.Serving(Side.A), FirstBootMs).Wait(10_000),
            Expect.Serves(Side.A),
            Expect.NeverAlarm(Side.A, AlarmFlags.WholeSystemFailure),
            Expect.That("A's alarms are clear", s => s.SmuA.Firmware!.Alarms == AlarmFlags.None, s => $"{s.SmuA.Firmware!.Alarms}")),

        new("epochs-across-the-wrap",
            "epochs compare across the wrap (issue 10 item 13)",
            "both SMUs start at epoch 4294967294 with A persisted Active; A's claim wins at epoch 4294967295; A's OS hangs and B takes over at epoch 1 (0 means none, on the wire too); then B's OS hangs and A (repaired) takes over at epoch 2",
            new Script()
                .Then("both SMUs near the wrap", s => { s.SmuA.Restore(Mode.Active, uint.MaxValue - 1); s.SmuB.Restore(Mode.Standby, uint.MaxValue - 1); })
                .Until("A serves", s => s.Serving(Side.A), FirstBootMs).Wait(10_000)
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(5_000)
                .Then("A repaired", s => { s.ServerA.Repair(); s.PressRepairButton(Side.A); })
                .Wait(5_000)
                .Then("OS on B hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.B)))
                .Until("A serves", s => s.Serving(Side.A), 300_000).Wait(5_000),
            Expect.Serves(Side.A),
            Expect.Switches(2),
            Expect.That("the epoch went across the wrap, past 0, to 2", s => s.SmuA.Firmware!.Epoch == 2, s => $"epoch {s.SmuA.Firmware!.Epoch}")),

        new("grant-wire-stuck-high-at-the-standby",
            "a grant the SMU did not ask for is not believed: a stuck grant wire never powers a server on without its disks (campaign seed 7000914)",
            "A serves; the grant wire to SMU B sticks high for 60 s: B logs the grant it did not ask for and raises the storage-timeout alarm; A's OS hangs and B takes over, but does not believe the line until it goes off; the wire works again, the DM's real grant comes and B powers on with its disks",
            AServes().Wait(10_000)
                .Then("the grant wire to B sticks high for 60 s", s => s.Inject(new Fault(FaultType.GrantLineStuck, Side.B, DurationMs: 60_000, Level: true)))
                .Wait(5_000)
                .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(5_000),
            Expect.Logged(Side.B, EventCode.GrantUnrequested, "the grant it did not ask for"),
            Expect.AlarmRaised(Side.B, AlarmFlags.StorageTimeout),
            Expect.That("B powered its server on only after the wire worked again", s => PowerOnAfter(s, Side.B, "the stuck wire"), s => "B pressed its power button while the wire was stuck"),
            Expect.Serves(Side.B),
            Expect.Switches(1)),

        new("grant-wire-stuck-high-while-the-standby-waits",
            "a grant wire that sticks high while its side waits for the grant looks exactly like the DM's grant: it is proven by its fall before the press (campaign seeds 8019062, 2019764)",
            "A serves; the DM loses its power for 3 min; A's power supply fails, A releases and hands over, B requests and waits (the DM is off); 1 s into the wait the grant wire to B sticks high for 5 s: B lets its request go to see the line fall, it does not, so B believes nothing, logs it and raises the storage-timeout alarm; the DM comes back, grants B, B proves that grant and powers on with its disks",
            AServes().Wait(10_000)
                .Then("the DM loses its power for 3 min", s => s.Inject(new Fault(FaultType.DmPowerLoss, DurationMs: 180_000)))
                .Wait(5_000)
                .Then("power supply of server A fails", s => s.Inject(new Fault(FaultType.PsuFailure, Side.A)))
                .Until("B waits for the grant", s => s.Smu(Side.B).Mode == Mode.Active, 30_000).Wait(1_000)
                .Then("the grant wire to B sticks high for 5 s", s => s.Inject(new Fault(FaultType.GrantLineStuck, Side.B, DurationMs: 5_000, Level: true)))
                .Until("B serves", s => s.Serving(Side.B), 400_000).Wait(5_000),
            Expect.Logged(Side.B, EventCode.GrantUnrequested, "the line that did not fall with its request"),
            Expect.AlarmRaised(Side.B, AlarmFlags.StorageTimeout),
            Expect.That("B pressed its server on once, after the DM was back", s => PressedOnceAfter(s, Side.B, "DM loses its power", 180_000),
                s => "B pressed at " + string.Join(", ", Presses(s, Side.B).Select(SimTime.Format))),
            Expect.Serves(Side.B),
            Expect.Switches(1)),

        new("fenced-behind-a-stuck-grant-wire",
            "an outage the SMU cannot see on its grant line is found by the agent's RAID probe: never silent (campaign seed 5000321)",
            "A serves; the grant wire to SMU A sticks high; an operator fences A at the DM (fencing configured): A's server runs on without its disks, its SMU still sees a grant; the agent's next RAID probe finds the array gone and A shuts its server down; the DM's release never shows on A's stuck wire, so A gives up the switch and is Failed with its server off; B sees that and takes over",
            AServes().Wait(10_000)
                .Then("the grant wire to A sticks high", s => s.Inject(new Fault(FaultType.GrantLineStuck, Side.A, Level: true)))
                .Wait(2_000)
                .Then("operator fences A at the DM", s => s.ToolRequest(new Fence { Side = Side.A, Epoch = s.Dm.Firmware!.Epoch }))
                .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(5_000),
            Expect.DmLogged(EventCode.Fenced, Side.A, "A fenced"),
            Expect.Fault(Side.A, FaultKind.RaidController),
            Expect.Logged(Side.A, EventCode.GrantUnrequested, "the grant its wire still shows"),
            Expect.Mode(Side.A, Mode.Failed),
            Expect.Serves(Side.B)) { Configure = o => o.Dm.FenceEnabled = true },

        new("dm-power-loss-under-the-raid-probe",
            "a RAID array that fails because the DM took the disks is the storage's outage, not the server's: no failover",
            "A serves; the DM loses its power for 12 s, so the agent's RAID probes find the array gone; A raises StorageLost and does not fail over; the DM comes back, grants A again and A serves on",
            AServes().Wait(10_000)
                .Then("the DM loses its power for 12 s", s => s.Inject(new Fault(FaultType.DmPowerLoss, DurationMs: 12_000)))
                .Wait(40_000),
            Expect.AlarmRaised(Side.A, AlarmFlags.StorageLost),
            Expect.NoFault(Side.A),
            Expect.Serves(Side.A),
            Expect.Switches(0)),

        new("clock-set-back",
            "a clock set back is recorded as such and relayed; the log's times never go back unannounced (issue 10 item 11)",
            "A serves; an operator sets SMU A's clock to 2099, then back to the right time meaning it (--step-back), then the DM's clock to 2099 and back: each step back is logged as ClockStepBack",
            AServes().Wait(10_000)
                .Then("set A's clock to 2099", s => s.SetClock(Side.A, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), stepBack: false))
                .Wait(2_000)
                .Then("set A's clock back to now, meaning it", s => s.SetClock(Side.A, s.SiteUnixMs, stepBack: true))
                .Wait(2_000)
                .Then("set the DM's clock to 2099", s => s.SetClock(Side.None, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), stepBack: false))
                .Wait(2_000)
                .Then("set the DM's clock back to now, meaning it", s => s.SetClock(Side.None, s.SiteUnixMs, stepBack: true))
                .Wait(5_000),
            Expect.Logged(Side.A, EventCode.ClockStepBack, "the step back"),
            Expect.DmLogged(EventCode.ClockStepBack, Side.None, "the step back"),
            Expect.Serves(Side.A)),

        DemoDay.Scenario,
    };

    /// <summary>Whether <paramref name="side"/>'s SMU pressed its server's power button only after the bench noted <paramref name="note"/>.</summary>
    private static bool PowerOnAfter(StandbySystem s, Side side, string note)
    {
        var at = s.Events.FirstOrDefault(e => e.Source == EventSource.Injected && e.Text.Contains(note))?.TimeNs;
        var pressed = s.Events.Where(e => e.Is(EventCode.PowerOn) && e.Who == (side == Side.A ? "A" : "B")).Select(e => e.TimeNs).ToList();
        return at != null && pressed.Count > 0 && pressed.All(t => t > at);
    }

    private static List<long> Presses(StandbySystem s, Side side) =>
        s.Events.Where(e => e.Is(EventCode.PowerOn) && e.Who == (side == Side.A ? "A" : "B")).Select(e => e.TimeNs).ToList();

    /// <summary>The side pressed its server on once, and only after the noted fault had lasted <paramref name="laterMs"/>.</summary>
    private static bool PressedOnceAfter(StandbySystem s, Side side, string note, long laterMs)
    {
        var at = s.Events.FirstOrDefault(e => e.Source == EventSource.Injected && e.Text.Contains(note))?.TimeNs;
        var pressed = Presses(s, side);
        return at != null && pressed.Count == 1 && pressed[0] > at + (laterMs * SimTime.NsPerMs);
    }

    /// <summary>An SMU reset of a given length while A serves: its request latch holds, A never loses its disks (issue 11).</summary>
    private static Scenario SmuRebootWhileServing(long downMs) => new(
        $"smu-reboot-{downMs / 1000}s-while-serving",
        "an SMU reboot of any length never takes the disks from its running server (issue 11)",
        $"SMU A reboots for {SimTime.Duration(downMs)} while A serves; its request latch holds, the DM keeps A's grant, A keeps serving",
        AServes().Wait(10_000)
            .Then($"SMU A resets for {SimTime.Duration(downMs)}", s => s.Inject(new Fault(FaultType.SmuReset, Side.A, DurationMs: downMs)))
            .Wait(downMs + 30_000),
        Expect.Serves(Side.A),
        Expect.NoFault(Side.A),
        Expect.Switches(0),
        Expect.Boots(Side.A, 1),
        Expect.GrantNeverReleased(Side.A));

    /// <summary>A DM reset of a given length while A serves: its access latches hold, A never loses its disks (issue 11).</summary>
    private static Scenario DmRebootWhileServing(long downMs) => new(
        $"dm-reboot-{downMs / 1000}s-while-serving",
        "a DM reboot of any length never drops the running holder's access (issue 11)",
        $"the DM reboots for {SimTime.Duration(downMs)} while A serves; its access latches hold, it reads them back and keeps A",
        AServes().Wait(10_000)
            .Then($"the DM resets for {SimTime.Duration(downMs)}", s => s.Inject(new Fault(FaultType.DmReset, DurationMs: downMs)))
            .Wait(downMs + 30_000),
        Expect.DmLogged(EventCode.GrantRestored, Side.A, "A kept its access"),
        Expect.Serves(Side.A),
        Expect.NoFault(Side.A),
        Expect.NeverAlarm(Side.A, AlarmFlags.StorageLost),
        Expect.Switches(0),
        Expect.Boots(Side.A, 1));

    private static long FaultToPowerOnMs(StandbySystem s)
    {
        long hang = s.Injected.First(x => x.Fault.Type == FaultType.OsHang).TimeNs;
        var on = s.Events.FirstOrDefault(e => e.Is(EventCode.PowerOn) && e.Who == "B" && e.TimeNs > hang);
        return on == null ? long.MaxValue : (on.TimeNs - hang) / SimTime.NsPerMs;
    }

    private static bool ReleasedBeforeOff(StandbySystem s)
    {
        var released = s.Events.FirstOrDefault(e => e.Is(EventCode.StorageReleased) && e.Who == "A");
        var off = s.Events.FirstOrDefault(e => e.Is(EventCode.ShutdownDone) && e.Who == "A");
        return released != null && off != null && released.TimeNs < off.TimeNs;
    }

    /// <summary>Puts the <paramref name="nth"/> newest frame of <paramref name="type"/> A sent (kept on A's peer line) on the line again.</summary>
    private static void ReplayLast(StandbySystem s, MessageType type, int nth = 1)
    {
        var kept = s.SmuA.Wiring.Peer.Out.Kept!;
        var frame = kept.Last(type, nth) ?? throw new InvalidOperationException($"A sent no {type} to replay");
        s.Note("bench", $"replays A's {type} (the {nth}. newest) to B", EventSource.Injected);
        s.SmuA.Wiring.Peer.Out.Write(frame, 0, frame.Length);
    }

    /// <summary>Puts A's last switch request on the peer line again with the same fields, numbered as A's next frame.</summary>
    private static void ForgeLastSwitchRequest(StandbySystem s)
    {
        var frame = s.SmuA.Wiring.Peer.Out.Kept!.Last(MessageType.SwitchRequest) ?? throw new InvalidOperationException("A sent no switch request");
        var reader = new FrameReader();
        foreach (byte b in frame)
        {
            reader.Push(b);
        }

        reader.Push(Frame.Delimiter);
        s.Forge(Side.A, reader.Message);
    }

    /// <summary>Whether B logged the peer's return within <paramref name="withinMs"/> after the bench note starting with <paramref name="note"/>.</summary>
    private static bool PeerReturnedBetween(StandbySystem s, string note, long withinMs)
    {
        var at = s.Events.First(e => e.Source == EventSource.Injected && e.Text.StartsWith(note, StringComparison.Ordinal)).TimeMs;
        return s.Events.Any(e => e.Is(EventCode.PeerReturned) && e.Who == "B" && e.TimeMs >= at && e.TimeMs <= at + withinMs);
    }

    /// <summary>Cuts the server-to-SMU direction of a side's host link from 100 ms before its services become ready to 100 ms after.</summary>
    private static void LoseServicesReady(StandbySystem s, Side side)
    {
        var toSmu = s.Smu(side).Wiring.Host.In;
        long readyAt = s.NowMs + s.Server(side).Timings.ServicesMs;
        s.At(readyAt - 100, $"cut {toSmu}", () => toSmu.Cut = true);
        s.At(readyAt + 100, $"mend {toSmu}", () => toSmu.Cut = false);
    }

    /// <summary>A serves for 30 s, then <paramref name="fault"/> strikes A: B must take over and serve, A end Failed, one switch.</summary>
    private static Scenario ServingSideFails(string name, string covers, string description, FaultType fault, params Expectation[] expected) => new(
        name,
        covers,
        description,
        AServes().Wait(30_000)
            .Then(new Fault(fault, Side.A).ToString(), s => s.Inject(new Fault(fault, Side.A)))
            .Until("B serves", s => s.Serving(Side.B), 300_000).Wait(10_000),
        expected.Concat(new[] { Expect.Serves(Side.B), Expect.Mode(Side.A, Mode.Failed), Expect.Switches(1) }).ToArray());

    /// <summary>Every boot of A hangs at <paramref name="stage"/>: its checkpoint must fire and B take over.</summary>
    private static Scenario BootHangs(int stage, string stageName, long takeoverWithinMs, string description, params Expectation[] expected) => new(
        stage switch { 0 => "boot-power-good", 1 => "boot-os-loaded", _ => "boot-services" },
        $"watched: boot stage missed its deadline ({stageName}) → server fault → failover",
        description,
        new Script()
            .Then($"server A's boots hang at stage {stage}", s => s.Inject(new Fault(FaultType.BootHang, Side.A, stage)))
            .Until("B serves", s => s.Serving(Side.B), takeoverWithinMs).Wait(10_000),
        new[]
        {
            Expect.Fault(Side.A, FaultKind.BootDeadline),
            Expect.Logged(Side.A, EventCode.ServerFault, $"the missed stage is {stage} ({stageName})", a => a >> 16 == (uint)stage),
        }.Concat(expected).Concat(new[] { Expect.Serves(Side.B), Expect.Mode(Side.A, Mode.Failed), Expect.Switches(1) }).ToArray());

    private static readonly Lazy<List<string>> CleanWatchdog = new(() => Significant(Find("watchdog")!.Run().System));

    private static int DroppedFrames(StandbySystem s) =>
        new[] { s.SmuA, s.SmuB }.Sum(n => n.Firmware!.PeerLinkCounters.Dropped + n.Firmware.HostLinkCounters.Dropped);

    /// <summary>The events that say what the system did (not when, nor how often a frame was resent).</summary>
    private static List<string> Significant(StandbySystem s) => s.Events
        .Where(e => e.Source == EventSource.Log && e.Code is EventCode.ServerFault or EventCode.ModeChanged or EventCode.GrantGiven
            or EventCode.GrantReleased or EventCode.PowerOn or EventCode.SwitchAccepted or EventCode.SwitchAbandoned or EventCode.ShutdownDone)
        .Select(e => $"{e.Who}:{e.Code}:{e.Side}:{e.Argument}")
        .ToList();
}
