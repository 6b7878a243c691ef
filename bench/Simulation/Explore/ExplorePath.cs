using System.Text;

namespace ColdStandby.Bench.Simulation;

/// <summary>A planted bug: one safety guard of the SMU firmware turned off (test only), for showing that the explorer finds what it prevents.</summary>
public enum PlantedBug
{
    /// <summary>The real firmware.</summary>
    None,

    /// <summary>The grant is not checked again during the power-on press (firmware/Smu/Takeover.cs).</summary>
    PressGrantRecheck,

    /// <summary>A switch request is taken whatever its epoch.</summary>
    SwitchRequestEpoch,

    /// <summary>A persisted Active that nothing backs resumes Active at once (nobody Active until the agreement has decided).</summary>
    ActiveUntilAgreed,

    /// <summary>A grant line that is on is believed however it came on (firmware/Smu/GrantLine.cs).</summary>
    UnrequestedGrant,

    /// <summary>The grant is not checked in the power-on press's last millisecond (an off-by-one at the deadline: only a fault in that millisecond finds it).</summary>
    PressLastMillisecond,

    /// <summary>A grant is acted on with the server off without seeing it fall when the request goes (firmware/Smu/GrantLine.cs: a wire stuck high while the side waits is believed).</summary>
    GrantProof,
}

/// <summary>The firmware's switch for each planted bug.</summary>
public static class PlantedBugs
{
    /// <summary>Sets the SMUs' configuration in <paramref name="options"/> to carry <paramref name="bug"/>.</summary>
    public static void Plant(this PlantedBug bug, SystemOptions options) => options.Smu.GuardOff = bug switch
    {
        PlantedBug.PressGrantRecheck => Smu.GuardOff.PressGrantRecheck,
        PlantedBug.SwitchRequestEpoch => Smu.GuardOff.SwitchRequestEpoch,
        PlantedBug.ActiveUntilAgreed => Smu.GuardOff.ActiveUntilAgreed,
        PlantedBug.UnrequestedGrant => Smu.GuardOff.UnrequestedGrant,
        PlantedBug.PressLastMillisecond => Smu.GuardOff.PressLastMillisecond,
        PlantedBug.GrantProof => Smu.GuardOff.GrantProof,
        _ => Smu.GuardOff.None,
    };
}

/// <summary>
/// One path of the explorer: a start state, the faults injected and when (each at a decision
/// point: a millisecond after which something observable happened), and how long the system runs
/// after the last one has ended (a board back, a supply back) for the liveness check. Written as a small text file that
/// <c>bench run --path FILE</c> and the tests replay:
/// <code>
/// from a-serves
/// settle 360000
/// at 143262 os-hang:A
/// at 151004 dm-power-loss
/// </code>
/// </summary>
public sealed record ExplorePath(string From, IReadOnlyList<(long AtMs, ExploreFault Fault)> Steps, long SettleMs, PlantedBug Bug = PlantedBug.None)
{
    /// <summary>Gets the path one fault longer.</summary>
    public ExplorePath With(long atMs, ExploreFault fault) => this with { Steps = Steps.Append((atMs, fault)).ToList() };

    /// <summary>Gets when the path's faults have all ended (each its <see cref="ExploreFault.LastsMs"/> after it was injected), or -1 when there is none: the settle counts from there.</summary>
    public long FaultsEndMs => Steps.Count == 0 ? -1 : Steps.Max(s => s.AtMs + s.Fault.LastsMs);

    /// <summary>Writes the path as text.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine("# a path found by `bench explore`; replay it with `bench run --path FILE`");
        text.AppendLine($"from {From}");
        text.AppendLine($"settle {SettleMs}");
        if (Bug != PlantedBug.None)
        {
            text.AppendLine($"planted {Bug}");
        }

        foreach (var (at, fault) in Steps)
        {
            text.AppendLine($"at {at} {fault.Name}");
        }

        return text.ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => Steps.Count == 0
        ? $"from {From}, no fault"
        : $"from {From}: " + string.Join(", ", Steps.Select(s => $"{s.Fault.Name} at {SimTime.Format(s.AtMs * SimTime.NsPerMs)}"));

    /// <summary>Reads a path's text; a bad line is an <see cref="FormatException"/> naming the line and what is wrong.</summary>
    public static ExplorePath Parse(string text)
    {
        string? from = null;
        long settle = -1;
        var bug = PlantedBug.None;
        var steps = new List<(long, ExploreFault)>();
        var lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string Bad(string what) => throw new FormatException($"line {i + 1}: {what}: '{line}'");
            switch (words[0])
            {
                case "from" when words.Length == 2:
                    from = words[1];
                    break;
                case "settle" when words.Length == 2:
                    settle = long.TryParse(words[1], out long ms) && ms > 0 ? ms : long.Parse(Bad("settle wants a positive number of milliseconds"));
                    break;
                case "planted" when words.Length == 2:
                    bug = Enum.TryParse(words[1], out PlantedBug planted) ? planted : Enum.Parse<PlantedBug>(Bad($"no planted bug of that name (the names: {string.Join(", ", Enum.GetNames<PlantedBug>())})"));
                    break;
                case "at" when words.Length == 3:
                    if (!long.TryParse(words[1], out long at) || at < 0 || (steps.Count > 0 && at < steps[^1].Item1))
                    {
                        Bad("the time must be milliseconds, not before the previous fault's");
                    }

                    var fault = ExploreFault.Find(words[2]) ?? throw new FormatException($"line {i + 1}: no fault '{words[2]}'; the faults are {string.Join(", ", ExploreFault.All.Select(f => f.Name))}");
                    steps.Add((at, fault));
                    break;
                default:
                    Bad("expected 'from START', 'settle MS', 'planted BUG' or 'at MS FAULT'");
                    break;
            }
        }

        if (from == null || settle < 0)
        {
            throw new FormatException("a path needs a 'from' line and a 'settle' line");
        }

        ExploreStart.Check(from);
        return new ExplorePath(from, steps, settle, bug);
    }
}
