namespace ColdStandby.Bench.Captures;

/// <summary>
/// One digital channel over a capture: its level at the capture's start and the times it changed
/// (every change toggles the level). Times are picoseconds from the capture's time origin, so a
/// sigrok file at 100 ps and our own at 1 µs compare directly.
/// </summary>
public sealed class Waveform
{
    private readonly long[] _edges;

    public Waveform(bool initial, long[] edges, long startPs, long endPs)
    {
        Initial = initial;
        _edges = edges;
        StartPs = startPs;
        EndPs = endPs;
    }

    /// <summary>Gets the level at the capture's start.</summary>
    public bool Initial { get; }

    /// <summary>Gets the first time the capture covers.</summary>
    public long StartPs { get; }

    /// <summary>Gets the last time the capture covers.</summary>
    public long EndPs { get; }

    /// <summary>Gets how many times the level changed.</summary>
    public int EdgeCount => _edges.Length;

    /// <summary>Gets the time of the <paramref name="index"/>-th change.</summary>
    public long EdgeAt(int index) => _edges[index];

    /// <summary>Gets the level after the <paramref name="index"/>-th change.</summary>
    public bool LevelAfter(int index) => (index & 1) == 0 ? !Initial : Initial;

    /// <summary>Gets the index of the first change strictly after <paramref name="timePs"/> (EdgeCount when none).</summary>
    public int FirstEdgeAfter(long timePs)
    {
        int index = Array.BinarySearch(_edges, timePs);
        if (index < 0)
        {
            return ~index;
        }

        // Equal times cannot repeat (a change at the same time as another is merged), so the next one is after.
        return index + 1;
    }

    /// <summary>Gets the level at a time: a change at exactly that time has happened.</summary>
    public bool LevelAt(long timePs)
    {
        int changes = FirstEdgeAfter(timePs);
        return (changes & 1) == 0 ? Initial : !Initial;
    }

    /// <summary>Gets the same channel with every level inverted (an active-low pin read as asserted/not).</summary>
    public Waveform Inverted() => new(!Initial, _edges, StartPs, EndPs);

    /// <summary>
    /// Gets the stretches at <paramref name="level"/>, in time order; a stretch that began before
    /// the capture starts at <see cref="StartPs"/> and one still going at its end stops at <see cref="EndPs"/>.
    /// </summary>
    public List<Stretch> Stretches(bool level)
    {
        var stretches = new List<Stretch>();
        bool current = Initial;
        long since = StartPs;
        for (int i = 0; i < _edges.Length; i++)
        {
            if (current == level)
            {
                stretches.Add(new Stretch(since, _edges[i], since == StartPs && i == 0, false));
            }

            current = !current;
            since = _edges[i];
        }

        if (current == level)
        {
            stretches.Add(new Stretch(since, EndPs, _edges.Length == 0, true));
        }

        return stretches;
    }

    /// <summary>
    /// Gets whether the level was <paramref name="level"/> throughout [<paramref name="fromPs"/>, <paramref name="toPs"/>].
    /// </summary>
    public bool HeldThroughout(bool level, long fromPs, long toPs)
    {
        if (LevelAt(fromPs) != level)
        {
            return false;
        }

        int next = FirstEdgeAfter(fromPs);
        return next >= _edges.Length || _edges[next] > toPs;
    }
}

/// <summary>A stretch of time at one level.</summary>
/// <param name="FromPs">When it began (the capture's start when it began before).</param>
/// <param name="ToPs">When it ended (the capture's end when it was still going).</param>
/// <param name="BeganBefore">It was already going when the capture started: its start is not known.</param>
/// <param name="Unfinished">It was still going when the capture ended: its end is not known.</param>
public readonly record struct Stretch(long FromPs, long ToPs, bool BeganBefore, bool Unfinished)
{
    /// <summary>Gets the length.</summary>
    public long LengthPs => ToPs - FromPs;

    /// <summary>Gets whether both ends are in the capture.</summary>
    public bool Whole => !BeganBefore && !Unfinished;
}
