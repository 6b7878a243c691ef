using ColdStandby.Bench.Traces;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Builds the timing diagram of one failover from a recorded run: the failed side's SMU events,
/// power button, power-good, storage request and peer frames; the DM's access lines; the taking
/// side's frames, events, request, grant, power button and power-good; with arrows along the chain
/// of cause and effect (fault → watchdog → forced off → release → hold-off → fitness → switch →
/// grant → power on). Heartbeats and kicks are left out (they would hide the story); the last kick
/// before the hang is kept.
/// </summary>
public static class FailoverDiagram
{
    private static readonly HashSet<string> StoryFrames = new()
    {
        nameof(MessageType.FitnessQuery), nameof(MessageType.FitnessReply), nameof(MessageType.SwitchRequest),
        nameof(MessageType.SwitchAck), nameof(MessageType.ShutdownRequest), nameof(MessageType.ShutdownStarted), nameof(MessageType.ShutdownDone),
    };

    /// <summary>
    /// Builds the diagram of the failover from <paramref name="failed"/> whose fault was injected at
    /// <paramref name="faultNs"/>, up to the taking side's power-good (or <paramref name="toNs"/>).
    /// </summary>
    public static TimingDiagram Build(StandbySystem system, Side failed, long faultNs, long toNs, string title)
    {
        var recording = system.Recording ?? throw new InvalidOperationException("the run was not recorded");
        Side taking = StandbySystem.Other(failed);
        string f = Scope(failed);
        string t = Scope(taking);
        string fw = failed == Side.A ? "A" : "B";
        string tw = taking == Side.A ? "A" : "B";
        long fromNs = faultNs - 400_000_000;

        // What each lane shows, before the ticks are known: (time, value) for bits, (time, label) for boxes.
        var lanes = new List<(string Name, string Group, LaneKind Kind, DigitalTrace? Line, List<(long, string)> Boxes)>();
        void Bit(string name, string group, string scope, string vcd) =>
            lanes.Add((name, group, LaneKind.Bit, recording.Line(scope, vcd) ?? throw new KeyNotFoundException($"{scope}.{vcd}"), new()));
        void Frames(string name, string group, string scope, string vcd, Func<UartFrame, bool> keep) =>
            lanes.Add((name, group, LaneKind.Frames, null, recording.Uart(scope, vcd)!.Frames
                .Where(x => x.StartNs >= fromNs && x.StartNs <= toNs && keep(x)).Select(x => (x.StartNs, x.Label)).ToList()));
        void Notes(string name, string group, string who) =>
            lanes.Add((name, group, LaneKind.Notes, null, system.Events
                .Where(e => e.TimeNs >= fromNs && e.TimeNs <= toNs && e.Source == EventSource.Log && e.Who == who && Note(e) != null)
                .Select(e => (e.TimeNs, Note(e)!)).ToList()));

        string pins = $"SMU {fw} ({f})";
        lanes.Add(("fault", "injected", LaneKind.Notes, null, system.Injected.Where(x => x.TimeNs >= fromNs && x.TimeNs <= toNs)
            .Select(x => (x.TimeNs, Short(x.Fault))).ToList()));
        var lastKick = recording.Uart(f, PinMap.Boards["smu", "HostLinkRx"].Vcd)!.Frames.LastOrDefault(x => x.Label == nameof(MessageType.Kick) && x.StartNs <= faultNs);
        lanes.Add(("agent → SMU", pins, LaneKind.Frames, null,
            recording.Uart(f, PinMap.Boards["smu", "HostLinkRx"].Vcd)!.Frames.Where(x => (x == lastKick && x.StartNs >= fromNs) || (x.StartNs > faultNs && x.StartNs <= toNs && StoryFrames.Contains(x.Label)))
                .Select(x => (x.StartNs, x.Label == nameof(MessageType.Kick) ? "last Kick" : x.Label)).ToList()));
        Notes("SMU events", pins, fw);
        Bit("power_button", pins, f, Vcd("PowerButton"));
        Bit("power_good", pins, f, Vcd("PowerGood"));
        Bit("storage_request", pins, f, Vcd("StorageRequest"));
        Frames("peer_tx", pins, f, Vcd("PeerLinkTx"), x => StoryFrames.Contains(x.Label));
        Bit("access_a", "DM (dm)", "dm", PinMap.Boards["dm", "AccessA"].Vcd);
        Bit("access_b", "DM (dm)", "dm", PinMap.Boards["dm", "AccessB"].Vcd);
        string tpins = $"SMU {tw} ({t})";
        Frames("peer_tx", tpins, t, Vcd("PeerLinkTx"), x => StoryFrames.Contains(x.Label));
        Notes("SMU events", tpins, tw);
        Bit("storage_request", tpins, t, Vcd("StorageRequest"));
        Bit(taking == Side.A ? "grant_a" : "grant_b", tpins, t, Vcd("StorageGranted"));
        Bit("power_button", tpins, t, Vcd("PowerButton"));
        Bit("power_good", tpins, t, Vcd("PowerGood"));

        // Stop at the taking side's power-good.
        var takingGood = recording.Line(t, Vcd("PowerGood"))!.Changes.FirstOrDefault(c => c.TimeNs > faultNs && c.Value);
        if (takingGood.TimeNs > 0 && takingGood.TimeNs < toNs)
        {
            toNs = takingGood.TimeNs;
        }

        // Ticks: every moment something shown changes; moments less than a millisecond apart are one.
        var times = new SortedSet<long> { fromNs };
        foreach (var lane in lanes)
        {
            if (lane.Line != null)
            {
                foreach (var (time, _) in lane.Line.Changes.Where(c => c.TimeNs >= fromNs && c.TimeNs <= toNs))
                {
                    times.Add(time);
                }
            }

            foreach (var (time, _) in lane.Boxes.Where(b => b.Item1 <= toNs))
            {
                times.Add(time);
            }
        }

        var ticks = new List<long>();
        foreach (long time in times)
        {
            if (ticks.Count == 0 || time - ticks[^1] >= 1_000_000)
            {
                ticks.Add(time);
            }
        }

        ticks.Add(toNs + 500_000_000);
        int TickOf(long time)
        {
            int tick = 0;
            while (tick + 1 < ticks.Count && ticks[tick + 1] <= time)
            {
                tick++;
            }

            return tick;
        }

        var diagram = new TimingDiagram(title, ticks);
        foreach (var lane in lanes)
        {
            var built = new DiagramLane(lane.Name, lane.Kind, ticks.Count) { Group = lane.Group };
            for (int i = 0; i < ticks.Count; i++)
            {
                if (lane.Line != null)
                {
                    built.Levels[i] = lane.Line.ValueAt(i + 1 < ticks.Count ? ticks[i + 1] - 1 : ticks[i]);
                }
            }

            foreach (var (time, label) in lane.Boxes.Where(b => b.Item1 <= toNs))
            {
                int tick = TickOf(time);
                built.Labels[tick] ??= label;
            }

            diagram.Lanes.Add(built);
        }

        Arrows(diagram, f, t, taking, pins, tpins);
        diagram.Subtitle = $"{SimTime.Format(fromNs)} – {SimTime.Format(toNs)} of the run; default timings (DESIGN.md §4); names from schematics/pinmap.csv";
        return diagram;
    }

    private static string Vcd(string signal) => PinMap.Boards["smu", signal].Vcd;

    private static string Scope(Side side) => side == Side.A ? "smu_a" : "smu_b";

    private static string Short(Fault fault) => fault.Type switch
    {
        FaultType.OsHang => "OS hangs",
        FaultType.RaidFault => "RAID fails",
        FaultType.LanFault => "LAN fails",
        FaultType.PsuFailure => "PSU fails",
        _ => fault.Type.ToString(),
    };

    /// <summary>The few words a log record gets in the diagram, or null for records left out.</summary>
    private static string? Note(SystemEvent e) => e.Code switch
    {
        EventCode.ServerFault => (FaultKind)(e.Argument & 0xFF) switch
        {
            FaultKind.Watchdog => "watchdog fired",
            FaultKind.BootDeadline => "boot deadline",
            FaultKind.PowerLost => "power lost",
            var kind => kind.ToString(),
        },
        EventCode.ForcedPowerOff => "force off",
        EventCode.ShutdownRequested => "shutdown req",
        EventCode.ShutdownDone => "server off",
        EventCode.StorageReleased => "release ok",
        EventCode.FitnessChecked => e.Argument == 1 ? "peer fit" : "peer unfit",
        EventCode.SwitchAcknowledged => "acked",
        EventCode.SwitchAccepted => "takes over",
        EventCode.StorageGranted => "granted",
        EventCode.PowerOn => "power on",
        EventCode.ModeChanged => $"→ {(Mode)e.Argument}",
        _ => null,
    };

    private static void Arrows(TimingDiagram diagram, string f, string t, Side taking, string pins, string tpins)
    {
        int LaneIndex(string group, string name) => diagram.Lanes.FindIndex(l => l.Group == group && l.Name == name);
        int? Box(string group, string name, Func<string, bool> label)
        {
            var lane = diagram.Lanes[LaneIndex(group, name)];
            for (int i = 0; i < lane.Labels.Length; i++)
            {
                if (lane.Labels[i] is { } text && label(text))
                {
                    return i;
                }
            }

            return null;
        }

        int? Edge(string group, string name, bool rising, int fromTick)
        {
            var lane = diagram.Lanes[LaneIndex(group, name)];
            for (int i = Math.Max(1, fromTick); i < lane.Levels.Length; i++)
            {
                if (lane.Levels[i] == rising && lane.Levels[i - 1] != rising)
                {
                    return i;
                }
            }

            return null;
        }

        var arrows = new List<(string FromGroup, string FromLane, int? From, string ToGroup, string ToLane, int? To, string Label)>();
        int? fault = Box("injected", "fault", _ => true);
        int? fired = Box(pins, "SMU events", s => s is "watchdog fired" or "boot deadline" or "power lost" || s.EndsWith("Controller", StringComparison.Ordinal));
        int? press = Edge(pins, "power_button", true, fired ?? 0);
        int? off = Edge(pins, "power_good", false, fault ?? 0);
        int? release = Edge(pins, "storage_request", false, off ?? 0);
        int? accessOff = Edge("DM (dm)", f == "smu_a" ? "access_a" : "access_b", false, release ?? 0);
        int? query = Box(pins, "peer_tx", s => s == "FitnessQuery");
        int? reply = Box(tpins, "peer_tx", s => s == "FitnessReply");
        int? request = Box(pins, "peer_tx", s => s == "SwitchRequest");
        int? takes = Box(tpins, "SMU events", s => s == "takes over");
        int? ack = Box(tpins, "peer_tx", s => s == "SwitchAck");
        int? tRequest = Edge(tpins, "storage_request", true, takes ?? 0);
        string tAccess = t == "smu_a" ? "access_a" : "access_b";
        int? grant = Edge("DM (dm)", tAccess, true, tRequest ?? 0);
        string tGrant = taking == Side.A ? "grant_a" : "grant_b";
        int? granted = Edge(tpins, tGrant, true, tRequest ?? 0);
        int? tPress = Edge(tpins, "power_button", true, granted ?? 0);
        int? tGood = Edge(tpins, "power_good", true, tPress ?? 0);
        arrows.Add(("injected", "fault", fault, pins, "SMU events", fired, "no kick for 2 s"));
        arrows.Add((pins, "SMU events", fired, pins, "power_button", press, "hold to force off"));
        arrows.Add((pins, "power_button", press, pins, "power_good", off, "off after 4 s hold"));
        arrows.Add((pins, "power_good", off, pins, "storage_request", release, "release"));
        arrows.Add((pins, "storage_request", release, "DM (dm)", f == "smu_a" ? "access_a" : "access_b", accessOff, "3 s hold-off"));
        arrows.Add(("DM (dm)", f == "smu_a" ? "access_a" : "access_b", accessOff, pins, "peer_tx", query, "release confirmed"));
        arrows.Add((pins, "peer_tx", query, tpins, "peer_tx", reply, "fit?"));
        arrows.Add((tpins, "peer_tx", reply, pins, "peer_tx", request, "fit"));
        arrows.Add((pins, "peer_tx", request, tpins, "SMU events", takes, "switch"));
        arrows.Add((tpins, "SMU events", takes, tpins, "storage_request", tRequest, "request"));
        arrows.Add((tpins, "storage_request", tRequest, "DM (dm)", tAccess, grant, "1 s settle"));
        arrows.Add((tpins, tGrant, granted, tpins, "power_button", tPress, "granted → press"));
        arrows.Add((tpins, "power_button", tPress, tpins, "power_good", tGood, "power-good"));
        foreach (var a in arrows)
        {
            if (a.From is int from && a.To is int to)
            {
                diagram.Arrows.Add(new DiagramArrow(Id(diagram, a.FromGroup, a.FromLane), from, Id(diagram, a.ToGroup, a.ToLane), to, a.Label));
            }
        }
    }

    private static string Id(TimingDiagram diagram, string group, string lane) =>
        diagram.Lanes.First(l => l.Group == group && l.Name == lane).Id;
}
