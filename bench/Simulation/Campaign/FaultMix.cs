using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// What a campaign draws from: every fault a site can see, as named classes with a weight each.
/// A class either injects one fault at a random time, or sets the run up (a DM that boots late,
/// epochs near the wrap, noise, frames kept for a replay). <c>--faults</c> narrows the mix by name.
/// </summary>
public sealed class FaultMix
{
    private FaultMix(IReadOnlyList<FaultClass> classes) => Classes = classes;

    /// <summary>Gets the classes in the mix.</summary>
    public IReadOnlyList<FaultClass> Classes { get; }

    /// <summary>Gets the full mix.</summary>
    public static FaultMix Full { get; } = new(All());

    /// <summary>Gets the mix of the stock campaign before this one (server faults, 0.2–2.5 s board resets, cable cuts, noise): for comparison.</summary>
    public static FaultMix Stock { get; } = new(All().Where(c => c.Name is "os-hang" or "raid" or "lan" or "psu" or "app-crash" or "boot-hang" or "slow-shutdown" or "smu-reset-short" or "dm-reset-short" or "cable-cut").ToList());

    /// <summary>Gets a mix of the named classes (comma separated); unknown names are an error naming them and the known ones.</summary>
    public static FaultMix Only(string names)
    {
        var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = wanted.Where(n => Full.Classes.All(c => c.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"no fault class {string.Join(", ", unknown.Select(n => $"'{n}'"))}; the classes are {string.Join(", ", Full.Classes.Select(c => c.Name))}");
        }

        return new FaultMix(Full.Classes.Where(c => wanted.Contains(c.Name)).ToList());
    }

    /// <summary>Draws a class by weight.</summary>
    public FaultClass Draw(Random random)
    {
        int total = Classes.Sum(c => c.Weight);
        int roll = random.Next(total);
        foreach (var c in Classes)
        {
            roll -= c.Weight;
            if (roll < 0)
            {
                return c;
            }
        }

        return Classes[^1];
    }

    /// <summary>A duration drawn evenly on a log scale between two bounds (0.1 s to minutes has as many short as long ones).</summary>
    public static long LogUniform(Random random, long fromMs, long toMs) =>
        (long)Math.Round(Math.Exp(Math.Log(fromMs) + (random.NextDouble() * (Math.Log(toMs) - Math.Log(fromMs)))));

    private static Side AnySide(Random random) => random.Next(2) == 0 ? Side.A : Side.B;

    private static List<FaultClass> All() => new()
    {
        // The servers.
        new("os-hang", 10, (r, _) => new Fault(FaultType.OsHang, AnySide(r))),
        new("boot-hang", 3, (r, _) => new Fault(FaultType.BootHang, AnySide(r), r.Next(3))),
        new("raid", 4, (r, _) => new Fault(FaultType.RaidFault, AnySide(r))),
        new("lan", 4, (r, _) => new Fault(FaultType.LanFault, AnySide(r))),
        new("psu", 4, (r, _) => new Fault(FaultType.PsuFailure, AnySide(r))),
        new("app-crash", 3, (r, _) => new Fault(FaultType.AppCrash, AnySide(r))),
        new("slow-shutdown", 2, (r, _) => new Fault(FaultType.SlowShutdown, AnySide(r))),
        new("power-good-stuck", 2, (r, _) => new Fault(FaultType.PowerGoodStuck, AnySide(r))),

        // The SMUs: resets of any length, hangs, the power lost, a board swapped.
        new("smu-reset-short", 4, (r, _) => new Fault(FaultType.SmuReset, AnySide(r), DurationMs: 200 + r.Next(2300))),
        new("smu-reset", 5, (r, _) => new Fault(FaultType.SmuReset, AnySide(r), DurationMs: LogUniform(r, 100, 300_000))),
        new("smu-hang", 4, (r, _) => new Fault(FaultType.SmuHang, AnySide(r), DurationMs: LogUniform(r, 100, 60_000))),
        new("smu-power-loss", 3, (r, _) => new Fault(FaultType.SmuPowerLoss, AnySide(r), DurationMs: LogUniform(r, 500, 300_000))),
        new("board-swap", 3, (r, _) =>
        {
            Mode[] modes = { Mode.Active, Mode.Standby, Mode.Failed, Mode.Unknown };
            return new Fault(FaultType.BoardSwap, AnySide(r), DurationMs: 2000 + r.Next(60_000), RestoredMode: modes[r.Next(modes.Length)], RestoredEpoch: (uint)r.Next(10));
        }),

        // The DM: resets of any length, hangs, the power lost, a late boot at start.
        new("dm-reset-short", 4, (r, _) => new Fault(FaultType.DmReset, DurationMs: 200 + r.Next(2300))),
        new("dm-reset", 5, (r, _) => new Fault(FaultType.DmReset, DurationMs: LogUniform(r, 100, 300_000))),
        new("dm-hang", 3, (r, _) => new Fault(FaultType.DmHang, DurationMs: LogUniform(r, 100, 60_000))),
        new("dm-power-loss", 3, (r, _) => new Fault(FaultType.DmPowerLoss, DurationMs: LogUniform(r, 500, 300_000))),
        new("dm-late-boot", 2, Setup: (s, r) =>
        {
            long late = LogUniform(r, 1000, 60_000);
            s.Dm.LosePower(late);
            return $"the DM boots {late / 1000.0:0.0} s after the SMUs";
        }),

        // The peer cable and the links.
        new("cable-cut", 4, (r, _) => new Fault(FaultType.PeerCableCut, DurationMs: 1000 + r.Next(59_000))),
        new("cable-cut-one-way", 3, (r, _) => new Fault(FaultType.PeerCableCutOneWay, AnySide(r), DurationMs: LogUniform(r, 500, 120_000))),
        new("cable-flap", 3, (r, _) => new Fault(FaultType.PeerCableFlap, DurationMs: 30_000 + r.Next(150_000))),
        new("host-link-cut", 3, (r, _) => new Fault(FaultType.HostLinkCut, AnySide(r), DurationMs: LogUniform(r, 50, 1500))),
        new("agent-restart", 3, (r, _) => new Fault(FaultType.AgentRestart, AnySide(r), DurationMs: LogUniform(r, 100, 1000))),
        new("noise", 4, Setup: (s, r) =>
        {
            double scale = 0.5 + (r.NextDouble() * 2.5);
            s.SetNoise(new LinkNoise(LinkNoise.Moderate.FlipPerByte * scale, LinkNoise.Moderate.DropPerByte * scale, LinkNoise.Moderate.DuplicatePerByte * scale));
            return $"noise x{scale:0.0}";
        }),
        new("replay", 3, (r, _) => new Fault(FaultType.Replay, AnySide(r)), Setup: (s, _) =>
        {
            s.SmuA.Wiring.Peer.Out.KeepFrames();
            s.SmuB.Wiring.Peer.Out.KeepFrames();
            return null;
        }),

        // The site's power.
        // The SMUs' cells last minutes here, not hours, so that an outage often outlasts them: the
        // low-battery alarm, then the supervisor's reset and its cleared request latch.
        new("mains-one-side", 3, (r, _) => new Fault(FaultType.MainsLoss, AnySide(r), DurationMs: LogUniform(r, 3000, 300_000)), Setup: ShortCells),
        new("smu-supply-lost", 2, (r, _) => new Fault(FaultType.SmuSupplyLoss, AnySide(r), DurationMs: LogUniform(r, 3000, 400_000)), Setup: ShortCells),
        new("mains-site", 3, (r, _) => new Fault(FaultType.MainsLoss, Side.None, DurationMs: LogUniform(r, 3000, 400_000)), Setup: ShortCells),

        // The logs and the clock.
        new("log-flood", 2, (r, _) => new Fault(FaultType.LogFlood, DurationMs: 10_000 + r.Next(60_000))),
        new("epochs-near-wrap", 2, Setup: (s, r) =>
        {
            uint epoch = uint.MaxValue - (uint)r.Next(4);
            s.SmuA.Restore(Mode.Active, epoch);
            s.SmuB.Restore(Mode.Standby, epoch);
            return $"both SMUs start at epoch {epoch}, A persisted Active";
        }),

        // Wires between the boards: a storage request stuck at the DM's input, a grant stuck at the SMU's.
        new("request-line-stuck", 3, (r, _) => new Fault(FaultType.RequestLineStuck, AnySide(r), DurationMs: r.Next(4) == 0 ? 0 : LogUniform(r, 100, 300_000), Level: r.Next(2) == 0)),
        new("grant-line-stuck", 3, (r, _) => new Fault(FaultType.GrantLineStuck, AnySide(r), DurationMs: r.Next(4) == 0 ? 0 : LogUniform(r, 100, 300_000), Level: r.Next(2) == 0)),

        // An operator sets a clock (an SMU's with the agent, the DM's with the management tool): mostly
        // right, sometimes minutes to years wrong either way, sometimes meaning a step back.
        new("time-set", 3, Act: (s, r) =>
        {
            Side which = r.Next(3) switch { 0 => Side.A, 1 => Side.B, _ => Side.None };
            long wrong = r.Next(3) == 0 ? 0 : (r.Next(2) == 0 ? -1 : 1) * LogUniform(r, 1_000, 3L * 365 * 86_400_000);
            return s.SetClock(which, s.SiteUnixMs + wrong, stepBack: r.Next(3) == 0);
        }),

        // An operator fences a side at the DM (fencing configured): mostly the holder with the epoch
        // the DM's status shows, sometimes the other side or an old epoch.
        new("fence", 2, Setup: (s, _) =>
        {
            s.Options.Dm.FenceEnabled = true;
            return "fencing configured on the DM";
        }, Act: (s, r) =>
        {
            var dm = s.Dm.Firmware;
            Side holder = dm?.Holder ?? Side.None;
            Side side = holder == Side.None || r.Next(4) == 0 ? AnySide(r) : holder;
            uint epoch = (dm?.Epoch ?? 0) - (r.Next(4) == 0 ? 1u : 0u);
            s.ToolRequest(new Fence { Side = side, Epoch = epoch });
            return true;
        }),

        // Operators, at any moment.
        new("operator", 6, Act: (s, r) =>
        {
            Side on = s.Serving(Side.A) ? Side.A : s.Serving(Side.B) ? Side.B : AnySide(r);
            int what = r.Next(4);
            return what switch
            {
                0 => s.OperatorCommand(on, OperatorCommandKind.PlannedSwitchover, StandbySystem.Other(on)),
                1 => s.OperatorCommand(on, OperatorCommandKind.MarkRepaired, AnySide(r)),
                2 => s.OperatorCommand(on, OperatorCommandKind.AlarmReset, AnySide(r)),
                _ => Press(s, AnySide(r)),
            };
        }),
    };

    /// <summary>Cells that last 20 s to 5 min to the low-battery threshold, then 0 to 2 min to the supervisor's reset (0 in one run of four: the threshold's spread hides it).</summary>
    private static string ShortCells(StandbySystem s, Random r)
    {
        s.Options.CellLastsMs = LogUniform(r, 20_000, 300_000);
        s.Options.CellLowToResetMs = r.Next(4) == 0 ? 0 : LogUniform(r, 500, 120_000);
        return $"cells last {s.Options.CellLastsMs / 1000.0:0.0} s to low battery, {s.Options.CellLowToResetMs / 1000.0:0.0} s more to the reset";
    }

    private static bool Press(StandbySystem s, Side side)
    {
        s.PressRepairButton(side);
        return true;
    }
}

/// <summary>
/// One class of the mix: a fault drawn at a random time (<see cref="Draw"/>), something an operator
/// does at a random time (<see cref="Act"/>), and/or how the run is set up before it starts
/// (<see cref="Setup"/>, which returns what it did for the run's plan).
/// </summary>
public sealed record FaultClass(
    string Name,
    int Weight,
    Func<Random, long, Fault>? Draw = null,
    Func<StandbySystem, Random, string?>? Setup = null,
    Func<StandbySystem, Random, bool>? Act = null);
