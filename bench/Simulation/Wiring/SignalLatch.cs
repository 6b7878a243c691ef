using ColdStandby.Hardware;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// A D flip-flop on a board (the SMU's request latch, the DM's access latches): the firmware sets,
/// clears and reads it through <see cref="ILatch"/>; its output drives one or more wires (the DM's
/// access latch drives the enclosures' access line and the SMU's grant loop). It holds through a
/// reset or a hang of the board's microcontroller and is cleared only by the firmware, by the
/// board losing its power (the supervisor), or by a cut cable. Two latches can be interlocked
/// like the DM's: neither can be set while the other is.
/// </summary>
public sealed class SignalLatch : ILatch
{
    private readonly SignalLine[] _outputs;
    private SignalLatch? _interlock;
    private bool _value;

    internal SignalLatch(params SignalLine[] outputs)
    {
        _outputs = outputs;
    }

    /// <summary>Gets the wires the latch's output drives.</summary>
    public IReadOnlyList<SignalLine> Outputs => _outputs;

    /// <inheritdoc/>
    public bool Value => _value;

    /// <summary>Gets or sets whether the board that holds the latch has power (a latch without it stays cleared).</summary>
    public bool Powered { get; private set; } = true;

    /// <summary>Gets or sets whether the firmware's writes reach the latch (false while its board hangs: it writes nothing).</summary>
    internal bool Frozen { get; set; }

    /// <summary>Makes each of two latches refuse to be set while the other is.</summary>
    internal static void Interlock(SignalLatch a, SignalLatch b)
    {
        a._interlock = b;
        b._interlock = a;
    }

    /// <inheritdoc/>
    public void Set()
    {
        if (Powered && !Frozen && (_interlock == null || !_interlock._value))
        {
            Drive(true);
        }
    }

    /// <inheritdoc/>
    public void Clear()
    {
        if (!Frozen)
        {
            Drive(false);
        }
    }

    /// <summary>The board loses its power: the latch is cleared and stays so until power returns.</summary>
    internal void LosePower()
    {
        Powered = false;
        Drive(false);
    }

    /// <summary>The board's power returns (the supervisor let go: the latch starts cleared).</summary>
    internal void RestorePower() => Powered = true;

    private void Drive(bool value)
    {
        _value = value;
        foreach (var line in _outputs)
        {
            line.Value = value;
        }
    }
}
