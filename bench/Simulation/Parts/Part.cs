namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Something the virtual clock steps: a board running its firmware, a server with its OS. A part
/// is stepped only when it has something to do (its own next deadline, a changed input, arrived
/// bytes, or a follow-up step after a step that changed something), so idle time costs nothing.
/// </summary>
public abstract class Part
{
    protected Part(StandbySystem system, string name)
    {
        System = system;
        Name = name;
    }

    /// <summary>Gets the part's name, e.g. <c>SMU A</c>.</summary>
    public string Name { get; }

    /// <summary>Gets the system the part belongs to.</summary>
    protected StandbySystem System { get; }

    /// <summary>Gets the millisecond at which the part is stepped next (<see cref="long.MaxValue"/>: not before an input changes).</summary>
    internal long WakeMs { get; private set; }

    /// <summary>Gets or sets the part's place in the order the parts are stepped within a millisecond.</summary>
    internal int Order { get; set; }

    /// <summary>Gets or sets the next record of the part's event log the system has not read yet.</summary>
    internal uint LogTap { get; set; }

    /// <summary>Gets the millisecond of the part's last step.</summary>
    internal long LastStepMs { get; private set; } = long.MinValue;

    /// <summary>Asks for a step at <paramref name="ms"/> (or the next millisecond after the last step, whichever is later).</summary>
    public void Wake(long ms)
    {
        if (ms <= LastStepMs)
        {
            ms = LastStepMs + 1;
        }

        if (ms < WakeMs)
        {
            WakeMs = ms;
        }
    }

    /// <summary>Runs one step of the part at <paramref name="nowMs"/>; the system calls it.</summary>
    internal void RunStep(long nowMs)
    {
        LastStepMs = nowMs;
        WakeMs = long.MaxValue;
        Step(nowMs);
    }

    /// <summary>Does the part's work at <paramref name="nowMs"/> and asks for its next step.</summary>
    protected abstract void Step(long nowMs);
}
