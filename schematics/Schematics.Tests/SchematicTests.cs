using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

/// <summary>
/// The KiCad schematics against the pin map: read as KiCad would (symbols, pins, wires, labels), every
/// ESP32 GPIO's net must carry exactly the pin map's signal name, and every pull resistor must sit on it.
/// </summary>
public class SchematicTests
{
    private readonly PinMap _map = Repository.PinMap();

    private static (KicadSchematic Sheet, List<Net> Nets, PlacedSymbol Esp32) Load(string board)
    {
        var sheet = Repository.Board(board);
        var esp32 = sheet.Symbols.Single(s => s.LibId.StartsWith("RF_Module:ESP32", StringComparison.Ordinal));
        return (sheet, sheet.Nets(), esp32);
    }

    private static Net NetOfPin(List<Net> nets, string reference, string pin) =>
        nets.SingleOrDefault(n => n.Pins.Any(p => p.Reference == reference && p.Number == pin))
        ?? throw new Xunit.Sdk.XunitException($"{reference} pin {pin} is on no net");

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void Every_pin_map_signal_is_the_net_on_its_esp32_gpio(string board)
    {
        var (_, nets, esp32) = Load(board);
        var problems = new List<string>();
        foreach (var row in _map.Board(board))
        {
            var net = nets.SingleOrDefault(n => n.Pins.Any(p => p.Symbol == esp32.Symbol() && Esp32.GpioOfPinName(p.Name) == row.Gpio));
            if (net == null) problems.Add($"{row.Signal}: GPIO{row.Gpio} is not connected in {board}.kicad_sch");
            else if (!net.Names.Contains(row.Signal)) problems.Add($"{row.Signal}: GPIO{row.Gpio}'s net is named {string.Join("/", net.Names)}");
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void Every_labelled_esp32_gpio_is_in_the_pin_map_with_that_gpio(string board)
    {
        var (_, nets, esp32) = Load(board);
        var signals = _map.Board(board).ToDictionary(r => r.Signal, r => r.Gpio);
        var problems = new List<string>();
        foreach (var net in nets)
        {
            foreach (var pin in net.Pins.Where(p => p.Symbol == esp32.Symbol() && Esp32.GpioOfPinName(p.Name) >= 0))
            {
                int gpio = Esp32.GpioOfPinName(pin.Name);
                foreach (var name in net.Names.Where(n => n is not ("GND" or "+3V3")))
                {
                    if (signals.TryGetValue(name, out int mapped))
                    {
                        if (mapped != gpio) problems.Add($"net {name} is on GPIO{gpio} in the schematic, GPIO{mapped} in the pin map");
                    }
                    else if (name is not ("EN" or "IO0"))
                    {
                        problems.Add($"GPIO{gpio} carries {name}, which the pin map does not have");
                    }
                }
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void Every_pull_resistor_of_the_pin_map_joins_its_signal_to_its_rail(string board)
    {
        var (sheet, nets, _) = Load(board);
        var problems = new List<string>();
        foreach (var row in _map.Board(board).Where(r => r.Pull != null))
        {
            var pull = row.Pull!;
            var resistor = sheet.Symbols.SingleOrDefault(s => s.Reference == pull.Reference);
            if (resistor == null) { problems.Add($"{row.Signal}: no {pull.Reference}"); continue; }
            if (!resistor.LibId.EndsWith(":R", StringComparison.Ordinal)) problems.Add($"{pull.Reference} is a {resistor.LibId}, not a resistor");
            if (resistor.Value != pull.Value) problems.Add($"{pull.Reference} is {resistor.Value}, the pin map says {pull.Value}");
            var ends = new[] { NetOfPin(nets, pull.Reference, "1"), NetOfPin(nets, pull.Reference, "2") };
            if (!ends.Any(n => n.Names.Contains(row.Signal)) || !ends.Any(n => n.Names.Contains(pull.Rail)))
                problems.Add($"{pull.Reference} joins {ends[0].Name} and {ends[1].Name}, not {row.Signal} and {pull.Rail}");
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void Every_output_that_could_power_a_server_or_move_the_storage_has_a_pull_down_and_drives_a_mosfet_gate_or_a_latch_clock()
    {
        var problems = new List<string>();
        foreach (var board in new[] { "smu", "dm" })
        {
            var (_, nets, _) = Load(board);
            foreach (var (b, signal) in WiringContract.SafetyOutputs.Where(o => o.Board == board))
            {
                var net = nets.Single(n => n.Names.Contains(signal));
                // Independently of the pin map: some resistor on this net goes to GND.
                bool pulledDown = net.Pins.Where(p => p.Symbol.LibId == "Device:R").Any(p =>
                    NetOfPin(nets, p.Reference, p.Number == "1" ? "2" : "1").Names.Contains("GND"));
                if (!pulledDown) problems.Add($"{board} {signal}: no resistor from its net to GND");
                // And the net drives a MOSFET gate or a flip-flop's clock, which that pull-down holds low.
                bool drives = net.Pins.Any(p => (p.Symbol.LibId.StartsWith("Transistor_FET:", StringComparison.Ordinal) && p.Name == "G")
                    || (p.Symbol.LibId.EndsWith("1G74", StringComparison.Ordinal) && p.Name == "C"));
                if (!drives) problems.Add($"{board} {signal}: drives no MOSFET gate and no latch clock");
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void Every_connector_pin_named_in_the_pin_map_exists(string board)
    {
        var (sheet, _, _) = Load(board);
        var pins = sheet.Pins().ToList();
        var problems = new List<string>();
        foreach (var row in _map.Board(board))
        {
            foreach (var connector in row.Connectors)
            {
                var parts = connector.Split('.');
                if (parts.Length > 2) problems.Add($"{row.Signal}: '{connector}' is not reference.pin");
                else if (sheet.Symbols.All(s => s.Reference != parts[0])) problems.Add($"{row.Signal}: no {parts[0]}");
                else if (parts.Length == 2 && !pins.Any(p => p.Reference == parts[0] && p.Number == parts[1])) problems.Add($"{row.Signal}: {parts[0]} has no pin {parts[1]}");
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("smu")]
    [InlineData("dm")]
    [InlineData("cabling")]
    public void Every_placed_symbol_is_embedded_and_every_pin_is_connected_or_marked_no_connect(string name)
    {
        var sheet = KicadSchematic.Load(Path.Combine(Repository.SchematicsFolder, name + ".kicad_sch"));
        var nets = sheet.Nets();
        var dangling = new List<string>();
        foreach (var net in nets)
        {
            var visible = net.Pins.Where(p => !p.Pin.Hidden).ToList();
            // A pin alone on an unnamed net, without a no-connect flag, is a forgotten wire.
            if (net.Names.Count == 0 && visible.Count == 1 && !sheet.NoConnects.Any(nc => nc.Near(visible[0].At)))
                dangling.Add(visible[0].ToString());
        }

        Assert.Empty(dangling);
        // Every label names a net that reaches at least two pins, or one pin and a power rail.
        Assert.Empty(nets.Where(n => n.Names.Count > 0 && n.Pins.Count < 2 && !n.Names.Any(x => x is "GND" or "+3V3" or "+5V")).Select(n => n.Name));
    }

    [Theory]
    [InlineData("smu")]
    [InlineData("dm")]
    [InlineData("cabling")]
    public void No_net_has_two_names_which_would_be_a_short(string name)
    {
        var nets = KicadSchematic.Load(Path.Combine(Repository.SchematicsFolder, name + ".kicad_sch")).Nets();
        Assert.Empty(nets.Where(n => n.Names.Count > 1).Select(n => string.Join(" = ", n.Names)));
    }

    [Fact]
    public void The_kicad_files_are_kicad_6_schematics()
    {
        foreach (var name in new[] { "smu", "dm", "cabling" })
        {
            var root = SExpr.Load(Path.Combine(Repository.SchematicsFolder, name + ".kicad_sch"));
            Assert.Equal("kicad_sch", root.Head);
            Assert.Equal("20211123", root.Child("version")!.Atom(1));
            Assert.NotNull(root.Child("lib_symbols"));
            Assert.NotNull(root.Child("symbol_instances"));
        }
    }
}

internal static class PlacedSymbolExtensions
{
    /// <summary>The same placed symbol (records compare by value; this keeps the intent readable).</summary>
    public static PlacedSymbol Symbol(this PlacedSymbol symbol) => symbol;
}
