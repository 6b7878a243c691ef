
namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The boards' pin map (<c>schematics/pinmap.csv</c>, built into this assembly): it names every
/// signal in the traces (its <c>vcd</c> column, inside the board instance's scope) and says what
/// an output does while its board reboots (its <c>reset</c> column). One place: change the CSV and
/// the traces follow.
/// </summary>
public sealed class PinMap
{
    private readonly Dictionary<(string Board, string Signal), Pin> _pins;

    private PinMap(Dictionary<(string, string), Pin> pins) => _pins = pins;

    /// <summary>Gets the pin map built into the bench.</summary>
    public static PinMap Boards { get; } = Load();

    /// <summary>Gets every pin of a board (<c>smu</c> or <c>dm</c>) in the map's order.</summary>
    public IEnumerable<Pin> Of(string board) => _pins.Values.Where(p => p.Board == board);

    /// <summary>Gets one pin; throws naming the signal when the map lacks it.</summary>
    public Pin this[string board, string signal] =>
        _pins.TryGetValue((board, signal), out var pin)
            ? pin
            : throw new KeyNotFoundException($"schematics/pinmap.csv has no {board} signal {signal}");

    private static PinMap Load() => new(ColdStandby.Schematics.PinMap.BuiltIn.Rows
        .Select(row => new Pin(row.Board, row.Signal, row.Kind, row.Reset, row.Vcd))
        .ToDictionary(pin => (pin.Board, pin.Signal)));
}

/// <summary>One pin of the pin map.</summary>
/// <param name="Board"><c>smu</c> or <c>dm</c>.</param>
/// <param name="Signal">The firmware's name, e.g. <c>StorageRequest</c>.</param>
/// <param name="Kind"><c>out</c>, <c>in</c>, <c>tx</c> or <c>rx</c>.</param>
/// <param name="Reset">What the signal does while the board reboots: <c>deasserted</c>, <c>asserted</c> or <c>idle</c>.</param>
/// <param name="Vcd">The name in the traces.</param>
public sealed record Pin(string Board, string Signal, string Kind, string Reset, string Vcd)
{
    /// <summary>Gets the level an output falls to while its board reboots.</summary>
    public bool ResetLevel => Reset == "asserted";
}
