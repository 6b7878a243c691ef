using ColdStandby.Bench.Traces;
using ColdStandby.Hardware;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// One wire between boards (an SMU's storage request to the DM's request input, a server's
/// power-good to its SMU, …): one part drives it, others read it. A change wakes the readers as their
/// 1 ms loops would see it (this millisecond if they have not stepped in it yet, else the next), and is recorded for the traces.
/// While its driver's board reboots, the line sits at its reset level (the pull resistor).
/// A line can be forced stuck at a level, to test that the safety monitor notices.
/// </summary>
public sealed class SignalLine : IOutputLine, IInputLine
{
    private readonly StandbySystem _system;
    private readonly List<Part> _readers = new();
    private bool _driven;
    private bool? _stuck;

    internal SignalLine(StandbySystem system, string scope, string name, bool resetLevel)
    {
        _system = system;
        Scope = scope;
        Name = name;
        ResetLevel = resetLevel;
        _driven = resetLevel;
    }

    /// <summary>Gets the board instance of the pin that drives the line (e.g. <c>smu_a</c>).</summary>
    public string Scope { get; }

    /// <summary>Gets the pin's trace name (e.g. <c>storage_request</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the level the line falls to while its driver is in reset.</summary>
    public bool ResetLevel { get; }

    /// <summary>Gets the trace of the line's changes, when the system records.</summary>
    public DigitalTrace? Trace { get; internal set; }

    /// <summary>Gets how many times the line changed.</summary>
    public int Changes { get; private set; }

    /// <summary>Gets the level the line is stuck at, or null.</summary>
    internal bool? StuckAt => _stuck;

    /// <summary>Gets or sets whether the line is asserted (as its readers see it).</summary>
    public bool Value
    {
        get => _stuck ?? _driven;
        set
        {
            bool before = Value;
            _driven = value;
            if (Value != before)
            {
                Changed();
            }
        }
    }

    /// <summary>Adds a part that reads the line.</summary>
    internal void AddReader(Part reader) => _readers.Add(reader);

    /// <summary>The driver's board went into reset: the line falls to its reset level.</summary>
    internal void Release() => Value = ResetLevel;

    /// <summary>Forces the line to a level whatever its driver does (a fault on the wire), or lets go with null.</summary>
    public void Stick(bool? level)
    {
        bool before = Value;
        _stuck = level;
        if (Value != before)
        {
            Changed();
        }
    }

    private void Changed()
    {
        Changes++;
        Trace?.Record(_system.NowNs, Value);
        foreach (var reader in _readers)
        {
            _system.WakeReader(reader);
        }

        _system.LineChanged(this);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Scope}.{Name}";
}
