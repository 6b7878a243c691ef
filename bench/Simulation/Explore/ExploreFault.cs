using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// One fault the explorer branches over, by name (<c>os-hang:A</c>): what it does to the system
/// now, and false when it cannot take effect in this state (a hang of an OS that is not running, a
/// repair of a cable that is whole, a switchover with nobody serving), which the explorer does not
/// branch on since the run would be its parent's.
/// </summary>
public sealed record ExploreFault(string Name, string Text, Func<StandbySystem, bool> Applies, Action<StandbySystem> Act)
{
    /// <summary>Gets how long the fault lasts once injected (a board down, a link losing, a supply gone; 0: it acts at once and stays, or is mended by another fault): the settle after a path's last fault counts from its end.</summary>
    public long LastsMs { get; init; }

    /// <summary>Injects the fault now; false (nothing done) when it cannot take effect in this state.</summary>
    public bool Apply(StandbySystem system)
    {
        if (!Applies(system))
        {
            return false;
        }

        Act(system);
        return true;
    }

    /// <summary>How long a short board reset keeps the board down (a brown-out, a watchdog reset).</summary>
    public const long ShortResetMs = 1_000;

    /// <summary>How long a long board reset keeps the board down (longer than every peer-silent and hold-off time).</summary>
    public const long LongResetMs = 60_000;

    /// <summary>How long a board's firmware hangs.</summary>
    public const long HangMs = 5_000;

    /// <summary>How long a board is without power.</summary>
    public const long PowerLossMs = 30_000;

    /// <summary>How long a board swap takes (the old board out, one restored from a backup in).</summary>
    public const long SwapMs = 5_000;

    /// <summary>How long a link is cut to lose one frame: one heartbeat period on the peer link (a kick and a half on the host link).</summary>
    public const long FrameLossMs = 200;

    /// <summary>How long an SMU's cell carries the board to the charger's low-battery threshold in the explorer's start states (the scenarios' short cell; a real one lasts hours).</summary>
    public const long CellLastsMs = 120_000;

    /// <summary>How long the cell lasts from the low-battery threshold to the supervisor's reset in the explorer's start states.</summary>
    public const long CellLowToResetMs = 30_000;

    /// <summary>How long a short loss of an SMU's own 5 V lasts: back before the cell reaches the low-battery threshold (the on-battery alarm only).</summary>
    public const long SupplyShortMs = 60_000;

    /// <summary>How long a long loss of an SMU's own 5 V lasts: the cell reaches the low-battery threshold, then the supervisor's reset, and the 5 V is back 30 s after it.</summary>
    public const long SupplyLongMs = CellLastsMs + CellLowToResetMs + 30_000;

    private static readonly Side[] Sides = { Side.A, Side.B };

    /// <summary>
    /// Gets the kinds of frame an SMU sends its peer, each a replay fault per side (<c>replay-switch-request:A</c>:
    /// the newest switch request A sent is delivered to B again, as the campaign's replay does with one picked).
    /// </summary>
    public static IReadOnlyList<MessageType> Replayed { get; } = new[]
    {
        MessageType.Hello, MessageType.Heartbeat, MessageType.FitnessQuery, MessageType.FitnessReply, MessageType.SwitchRequest,
        MessageType.SwitchAck, MessageType.Refusal, MessageType.Accepted, MessageType.OperatorCommand, MessageType.TimeSet,
    };

    /// <summary>Gets the fixed list, in the order the explorer tries them.</summary>
    public static IReadOnlyList<ExploreFault> All { get; } = Build();

    /// <summary>Gets the named faults (comma separated; a name without a side, <c>os-hang</c>, means both sides; a family, <c>replay</c>, every kind); an unknown name is an error naming the known ones.</summary>
    public static IReadOnlyList<ExploreFault> Only(string? names)
    {
        if (string.IsNullOrWhiteSpace(names))
        {
            return All;
        }

        var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = wanted.Where(n => !All.Any(f => Names(n, f))).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"no fault {string.Join(", ", unknown.Select(n => $"'{n}'"))}; the faults are {string.Join(", ", All.Select(f => f.Name))}");
        }

        return All.Where(f => wanted.Any(n => Names(n, f))).ToList();
    }

    /// <summary>Finds a fault by its full name, or null.</summary>
    public static ExploreFault? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    private static string Class(string name) => name.Split(':')[0];

    /// <summary>Whether <paramref name="wanted"/> names the fault: its full name, its class (<c>os-hang</c>), or a family of classes (<c>replay</c>, <c>smu-reset</c>).</summary>
    private static bool Names(string wanted, ExploreFault fault) =>
        fault.Name == wanted || Class(fault.Name) == wanted || Class(fault.Name).StartsWith(wanted + "-", StringComparison.Ordinal);

    private static string Kebab(MessageType type) =>
        string.Concat(type.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    private static List<ExploreFault> Build()
    {
        var list = new List<ExploreFault>();
        foreach (var side in Sides)
        {
            list.Add(Inject($"smu-reset-short:{side}", new Fault(FaultType.SmuReset, side, DurationMs: ShortResetMs)));
            list.Add(Inject($"smu-reset-long:{side}", new Fault(FaultType.SmuReset, side, DurationMs: LongResetMs)));
            list.Add(Inject($"smu-hang:{side}", new Fault(FaultType.SmuHang, side, DurationMs: HangMs)));
            list.Add(Inject($"smu-power-loss:{side}", new Fault(FaultType.SmuPowerLoss, side, DurationMs: PowerLossMs)));
            list.Add(Inject($"board-swap:{side}", new Fault(FaultType.BoardSwap, side, DurationMs: SwapMs, RestoredMode: Mode.Active, RestoredEpoch: 0)));
        }

        foreach (var side in Sides)
        {
            // The SMU's adapter pulled while its server keeps the mains: the board runs on its cell.
            list.Add(Inject($"smu-supply-lost-short:{side}", new Fault(FaultType.SmuSupplyLoss, side, DurationMs: SupplyShortMs), s => OnSupply(s, side)));
            list.Add(Inject($"smu-supply-lost-long:{side}", new Fault(FaultType.SmuSupplyLoss, side, DurationMs: SupplyLongMs), s => OnSupply(s, side)));
        }

        list.Add(Inject("dm-reset-short", new Fault(FaultType.DmReset, DurationMs: ShortResetMs)));
        list.Add(Inject("dm-reset-long", new Fault(FaultType.DmReset, DurationMs: LongResetMs)));
        list.Add(Inject("dm-hang", new Fault(FaultType.DmHang, DurationMs: HangMs)));
        list.Add(Inject("dm-power-loss", new Fault(FaultType.DmPowerLoss, DurationMs: PowerLossMs)));
        list.Add(Inject("cable-cut", new Fault(FaultType.PeerCableCut), s => !s.SmuA.Wiring.Peer.Out.Cut));
        list.Add(new ExploreFault("cable-repair", "the peer cable is mended",
            s => s.SmuA.Wiring.Peer.Out.Cut || s.SmuB.Wiring.Peer.Out.Cut,
            s => s.CutPeerCable(false)));

        foreach (var side in Sides)
        {
            list.Add(Inject($"os-hang:{side}", new Fault(FaultType.OsHang, side), s => s.Server(side).State is ServerState.Running or ServerState.ShuttingDown));
            list.Add(Inject($"raid:{side}", new Fault(FaultType.RaidFault, side), s => s.Server(side).Powered && !s.Server(side).RaidFailed));
            list.Add(Inject($"lan:{side}", new Fault(FaultType.LanFault, side), s => s.Server(side).Powered && !s.Server(side).LanFailed));
            list.Add(Inject($"server-power-loss:{side}", new Fault(FaultType.PsuFailure, side), s => !s.Server(side).PsuFailed));
        }

        list.Add(new ExploreFault("switchover", "the operator asks the serving side for a planned switchover",
            s => s.ServingSide != Side.None && s.Server(s.ServingSide).Agent is { IsOpen: true },
            s => s.OperatorCommand(s.ServingSide, OperatorCommandKind.PlannedSwitchover, StandbySystem.Other(s.ServingSide))));

        foreach (var side in Sides)
        {
            list.Add(new ExploreFault($"repair-press:{side}", $"an operator presses SMU {side}'s REPAIR button",
                s => s.Smu(side).State == BoardState.Running && !s.Smu(side).Wiring.RepairButton.Value,
                s => s.PressRepairButton(side)));
        }

        foreach (var side in Sides)
        {
            list.Add(Lose($"frame-loss-peer:{side}", $"SMU {side}'s next frame to its peer is lost", s => s.Smu(side).Wiring.Peer.Out));
            list.Add(Lose($"frame-loss-host:{side}", $"the next frames between server {side}'s agent and its SMU are lost", s => s.Smu(side).Wiring.Host.In, s => s.Smu(side).Wiring.Host.Out));
        }

        foreach (var side in Sides)
        {
            foreach (var type in Replayed)
            {
                // Only onto a whole cable, to a receiver that listens, of a frame that was sent (else the run is its parent's).
                list.Add(Replay($"replay-{Kebab(type)}:{side}", new Fault(FaultType.Replay, side, Replay: ReplayOf.Newest, Frame: type), k => !k.Newest(type).IsEmpty));
            }

            // The sender's state before its last change, told again (a heartbeat from a moment ago: stepped down, asking for a switch).
            list.Add(Replay($"replay-earlier-heartbeat:{side}", new Fault(FaultType.Replay, side, Replay: ReplayOf.EarlierHeartbeat), k => !k.EarlierHeartbeat.IsEmpty));

            // The same, numbered as the sender's next frame (a forger; two stale frames in a row).
            list.Add(Replay($"replay-earlier-heartbeat-renumbered:{side}", new Fault(FaultType.Replay, side, Replay: ReplayOf.EarlierHeartbeatRenumbered), k => !k.EarlierHeartbeat.IsEmpty));

            // A recorded switch, told again by a forger who numbers it as the sender's next frames
            // (as recorded, the in-order check drops it): the heartbeat that asked for it, then the request.
            list.Add(Replay($"replay-switch-exchange:{side}", new Fault(FaultType.Replay, side, Replay: ReplayOf.SwitchExchange),
                k => !k.RequestHeartbeat.IsEmpty && !k.Newest(MessageType.SwitchRequest).IsEmpty));
        }

        return list;
    }

    /// <summary>Whether a side's SMU runs on its 5 V (a supply loss acts on it; on the cell already, or down, it would not).</summary>
    private static bool OnSupply(StandbySystem s, Side side) =>
        s.Smu(side).State == BoardState.Running && s.Smu(side).Wiring.ExternalPower.Value && !s.Smu(side).Cell.OnCell;

    /// <summary>What is sent on the links in the next <see cref="FrameLossMs"/> is lost (the frames then on the wire).</summary>
    private static ExploreFault Lose(string name, string text, params Func<StandbySystem, UartLink>[] links) => new(name, text,
        s => links.All(l => !l(s).Losing && !l(s).Cut),
        s =>
    {
        var lossy = links.Select(l => l(s)).ToList();
        s.Note("bench", $"injected: {text}", EventSource.Injected);
        foreach (var link in lossy)
        {
            link.Losing = true;
        }

        s.At(s.NowMs + FrameLossMs, "the frame loss ends", () => lossy.ForEach(l => l.Losing = false));
    }) { LastsMs = FrameLossMs };

    /// <summary>A replay onto a side's peer line: only onto a whole cable, to a receiver that listens, of what was sent (else the run is its parent's).</summary>
    private static ExploreFault Replay(string name, Fault fault, Func<SentFrames, bool> kept) => Inject(name, fault, s =>
        s.Smu(fault.Side).Wiring.Peer.Out is { Cut: false, Listening: true, Kept: { } frames } && kept(frames));

    /// <summary>A fault the system injects; it applies when the board it acts on runs (and <paramref name="applies"/> holds).</summary>
    private static ExploreFault Inject(string name, Fault fault, Func<StandbySystem, bool>? applies = null) => new(name, fault.ToString(),
        s => (applies == null || applies(s)) && fault.Type switch
        {
            FaultType.SmuReset or FaultType.SmuHang or FaultType.SmuPowerLoss or FaultType.BoardSwap => s.Smu(fault.Side).State == BoardState.Running,
            FaultType.DmReset or FaultType.DmHang or FaultType.DmPowerLoss => s.Dm.State == BoardState.Running,
            _ => true,
        },
        s => s.Inject(fault)) { LastsMs = fault.DurationMs };
}
