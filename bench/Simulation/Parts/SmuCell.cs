namespace ColdStandby.Bench.Simulation;

/// <summary>
/// An SMU's Li-ion cell and its charger, as the board's two senses show them (schematics/README.md,
/// "Power"). The 5 V goes with the mains (<see cref="FaultType.MainsLoss"/>) or alone (the SMU's
/// adapter pulled: <see cref="FaultType.SmuSupplyLoss"/>). On the cell it lasts <see cref="SystemOptions.CellLastsMs"/> from full to the charger's
/// low-battery threshold (<c>BatteryLow</c> asserted), then <see cref="SystemOptions.CellLowToResetMs"/>
/// more until the supervisor holds the ESP32 in reset and clears the request latch: the board is
/// without power until the mains return. On the mains the charger charges it
/// <see cref="ChargeSpeedUp"/> times as fast as the board drains it, and <c>BatteryLow</c> is
/// asserted meanwhile (the same pin: low while charging). A cell starts full.
/// </summary>
public sealed class SmuCell
{
    /// <summary>How much faster the charger fills the cell than the board empties it (500 mA of charge against about 165 mA drawn).</summary>
    public const int ChargeSpeedUp = 3;

    private readonly StandbySystem _system;
    private readonly SmuNode _smu;
    private long _usedMs;
    private long _sinceMs;
    private int _generation;

    internal SmuCell(StandbySystem system, SmuNode smu)
    {
        _system = system;
        _smu = smu;
    }

    /// <summary>Gets whether the board runs on the cell (its external 5 V is gone).</summary>
    public bool OnCell { get; private set; }

    /// <summary>Gets whether the cell ran flat: the supervisor holds the board in reset until the mains return.</summary>
    public bool Flat { get; private set; }

    /// <summary>
    /// Gets how much of the cell is used now, in milliseconds of the board's drain (0: full): what
    /// decides, with <see cref="OnCell"/> and <see cref="Flat"/>, when it reaches the low-battery
    /// threshold, the supervisor's reset or full charge. The explorer's fingerprint takes this
    /// instead of the two times it is kept as (the used time at the last change and when that was).
    /// </summary>
    internal long UsedNowMs
    {
        get
        {
            long elapsed = _system.NowMs - _sinceMs;
            var options = _system.Options;
            return OnCell
                ? Math.Min(options.CellLastsMs + options.CellLowToResetMs, _usedMs + elapsed)
                : Math.Max(0, _usedMs - (elapsed * ChargeSpeedUp));
        }
    }

    /// <summary>The board's 5 V goes: the cell carries it, reaches the low-battery threshold, then the supervisor's reset.</summary>
    internal void MainsLost()
    {
        if (OnCell)
        {
            return;
        }

        long now = _system.NowMs;
        _usedMs = Math.Max(0, _usedMs - ((now - _sinceMs) * ChargeSpeedUp));
        OnCell = true;
        _sinceMs = now;
        int generation = ++_generation;
        var options = _system.Options;
        long low = Math.Max(0, options.CellLastsMs - _usedMs);
        long flat = Math.Max(0, options.CellLastsMs + options.CellLowToResetMs - _usedMs);
        _smu.Wiring.BatteryLow.Value = low == 0 && options.CellLowToResetMs > 0;
        if (options.CellLowToResetMs > 0)
        {
            _system.At(now + low, $"{_smu.Name}'s cell at the low-battery threshold", () =>
            {
                if (generation == _generation)
                {
                    _smu.Wiring.BatteryLow.Value = true;
                }
            });
        }

        _system.At(now + flat, $"{_smu.Name}'s cell flat: the supervisor resets it", () =>
        {
            if (generation != _generation)
            {
                return;
            }

            Flat = true;
            _smu.Wiring.BatteryLow.Value = false;
            if (_smu.State != BoardState.Unpowered)
            {
                _smu.LosePower(long.MaxValue / 4);
            }

            _system.Note("bench", $"{_smu.Name}'s cell is flat: its supervisor holds it in reset and clears its request latch", EventSource.Injected);
        });
    }

    /// <summary>The board's 5 V is back: a flat board boots; the charger charges (<c>BatteryLow</c> asserted) until the cell is full.</summary>
    internal void MainsBack()
    {
        if (!OnCell)
        {
            return;
        }

        long now = _system.NowMs;
        var options = _system.Options;
        _usedMs = Math.Min(options.CellLastsMs + options.CellLowToResetMs, _usedMs + (now - _sinceMs));
        OnCell = false;
        _sinceMs = now;
        int generation = ++_generation;
        if (Flat)
        {
            Flat = false;
            _smu.RestorePower();
        }

        _smu.Wiring.BatteryLow.Value = _usedMs > 0;
        _system.At(now + (_usedMs / ChargeSpeedUp), $"{_smu.Name}'s cell charged", () =>
        {
            if (generation == _generation)
            {
                _usedMs = 0;
                _smu.Wiring.BatteryLow.Value = false;
            }
        });
    }
}
