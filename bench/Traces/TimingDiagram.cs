namespace ColdStandby.Bench.Traces;

/// <summary>
/// A timing diagram on an event axis: each column (tick) is one moment at which something shown
/// changed, so a window of seconds with millisecond frames in it stays readable; the real time of
/// each tick is written above it and long gaps are marked. Lanes are digital lines, UART lines
/// (frames as labelled boxes) or notes (a board's log events as labelled boxes). Arrows run from a
/// cause to its effect. Written as WaveDrom JSON and as SVG from this one model.
/// </summary>
public sealed class TimingDiagram
{
    public TimingDiagram(string title, IReadOnlyList<long> ticksNs)
    {
        Title = title;
        TicksNs = ticksNs;
    }

    /// <summary>Gets the title.</summary>
    public string Title { get; }

    /// <summary>Gets or sets a line under the title.</summary>
    public string Subtitle { get; set; } = "";

    /// <summary>Gets the time of each tick, in nanoseconds of simulated time, increasing.</summary>
    public IReadOnlyList<long> TicksNs { get; }

    /// <summary>Gets the lanes, top to bottom.</summary>
    public List<DiagramLane> Lanes { get; } = new();

    /// <summary>Gets the arrows from cause to effect.</summary>
    public List<DiagramArrow> Arrows { get; } = new();

    /// <summary>Gets the label of a tick's time, e.g. <c>02:31.250</c>.</summary>
    public static string TimeLabel(long ns)
    {
        long ms = ns / 1_000_000;
        return $"{ms / 60000:00}:{ms / 1000 % 60:00}.{ms % 1000:000}";
    }

    /// <summary>Gets the gap between a tick and the one before, as text when it is long enough to mark (≥ 100 ms), else null.</summary>
    public string? GapBefore(int tick)
    {
        if (tick == 0)
        {
            return null;
        }

        long gap = TicksNs[tick] - TicksNs[tick - 1];
        if (gap < 100_000_000)
        {
            return null;
        }

        return gap >= 10_000_000_000 ? $"+{gap / 1e9:0} s" : $"+{gap / 1e9:0.0} s";
    }

    /// <summary>Finds the lane with this id (<c>group/name</c>).</summary>
    public DiagramLane Lane(string id) =>
        Lanes.FirstOrDefault(l => l.Id == id) ?? throw new KeyNotFoundException($"no lane '{id}'");
}

/// <summary>What a lane shows.</summary>
public enum LaneKind
{
    /// <summary>A digital line: a level per tick.</summary>
    Bit,

    /// <summary>A UART line: protocol frames as labelled boxes at their ticks, idle high between.</summary>
    Frames,

    /// <summary>A board's log events as labelled boxes.</summary>
    Notes,
}

/// <summary>One lane: its name and its value at each tick.</summary>
public sealed class DiagramLane
{
    public DiagramLane(string name, LaneKind kind, int ticks)
    {
        Name = name;
        Kind = kind;
        Levels = new bool[ticks];
        Labels = new string?[ticks];
    }

    /// <summary>Gets the lane's name, e.g. <c>A power_good</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the lane's kind.</summary>
    public LaneKind Kind { get; }

    /// <summary>Gets or sets a group the lane belongs to (the board), drawn as a band.</summary>
    public string Group { get; set; } = "";

    /// <summary>Gets the lane's id, unique in its diagram: <c>group/name</c>.</summary>
    public string Id => Group + "/" + Name;

    /// <summary>Gets a Bit lane's level from each tick to the next.</summary>
    public bool[] Levels { get; }

    /// <summary>Gets a Frames or Notes lane's box label at each tick, or null.</summary>
    public string?[] Labels { get; }
}

/// <summary>An arrow from a cause (lane id, tick) to its effect (lane id, tick), with a short label.</summary>
public sealed record DiagramArrow(string FromLane, int FromTick, string ToLane, int ToTick, string Label);
