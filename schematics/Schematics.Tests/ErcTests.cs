using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

/// <summary>
/// What KiCad's electrical rules check (ERC) would report, checked from the files: KiCad 6 has no
/// command-line ERC. The rules follow KiCad 6's defaults: power inputs driven, no two outputs on a net,
/// inputs driven, no-connect pins left alone, references unique, every part with a value and a footprint.
/// </summary>
public class ErcTests
{
    public static TheoryData<string> Sheets() => new() { "smu", "dm", "cabling" };

    private static (KicadSchematic Sheet, List<Net> Nets) Load(string name)
    {
        var sheet = KicadSchematic.Load(Path.Combine(Repository.SchematicsFolder, name + ".kicad_sch"));
        return (sheet, sheet.Nets());
    }

    private static readonly string[] Outputs = ["output", "power_out"];
    private static readonly string[] OpenDrains = ["open_collector", "open_emitter"];

    /// <summary>Pin types that can drive a net, as KiCad counts them for "pin not driven".</summary>
    private static readonly string[] Drivers = ["output", "power_out", "bidirectional", "tri_state", "passive", "open_collector", "open_emitter", "unspecified"];

    [Theory]
    [MemberData(nameof(Sheets))]
    public void Every_power_input_is_driven_by_a_power_output_or_a_power_flag(string name)
    {
        var (_, nets) = Load(name);
        var undriven = new List<string>();
        foreach (var net in nets)
        {
            // A power net: one a power symbol names, or one a power input sits on.
            bool power = net.Names.Any(n => n.StartsWith('+') || n == "GND") || net.Pins.Any(p => p.Pin.Type == "power_in");
            if (!power) continue;
            bool driven = net.Pins.Any(p => p.Pin.Type == "power_out") || net.Flags.Any(p => p.Pin.Type == "power_out");
            if (!driven) undriven.Add($"{net.Name} ({string.Join(", ", net.Pins.Where(p => p.Pin.Type == "power_in").Take(4))})");
        }

        Assert.Empty(undriven);
    }

    [Theory]
    [MemberData(nameof(Sheets))]
    public void No_net_has_two_outputs_or_an_output_against_an_open_drain(string name)
    {
        var (_, nets) = Load(name);
        var conflicts = new List<string>();
        foreach (var net in nets)
        {
            var all = net.Pins.Concat(net.Flags).ToList();
            var outputs = all.Where(p => Outputs.Contains(p.Pin.Type)).ToList();
            if (outputs.Count > 1) conflicts.Add($"{net.Name}: {string.Join(" and ", outputs)} both drive it");
            if (outputs.Count > 0 && all.Any(p => OpenDrains.Contains(p.Pin.Type)))
                conflicts.Add($"{net.Name}: {outputs[0]} fights the open drain {all.First(p => OpenDrains.Contains(p.Pin.Type))}");
        }

        Assert.Empty(conflicts);
    }

    [Theory]
    [MemberData(nameof(Sheets))]
    public void Every_input_pin_is_on_a_net_something_drives(string name)
    {
        var (sheet, nets) = Load(name);
        // An input flagged no-connect is left open on purpose (KiCad does not report it): the MAX3232's unused
        // receiver has its own 5k to ground, the CP2102N's unused handshake and wake-up inputs their own pull-ups.
        var undriven = nets.Where(n => n.Pins.Any(p => p.Pin.Type == "input") && !n.Names.Any(x => x.StartsWith('+') || x == "GND")
                && !sheet.NoConnects.Any(nc => n.Pins.Any(p => p.At.Near(nc)))
                && !n.Pins.Concat(n.Flags).Any(p => Drivers.Contains(p.Pin.Type)))
            .Select(n => $"{n.Name}: {string.Join(", ", n.Pins)}");
        Assert.Empty(undriven);
    }

    [Theory]
    [MemberData(nameof(Sheets))]
    public void No_connect_pins_and_flags_stand_alone(string name)
    {
        var (sheet, nets) = Load(name);
        var problems = new List<string>();
        foreach (var net in nets)
        {
            var nc = net.Pins.Where(p => p.Pin.Type == "no_connect" && !p.Pin.Hidden).ToList();
            if (nc.Count > 0 && (net.Pins.Count > 1 || net.Names.Count > 0)) problems.Add($"{nc[0]} is a no-connect pin but is connected to {net.Name}");
        }

        foreach (var flag in sheet.NoConnects)
        {
            var net = nets.SingleOrDefault(n => n.Pins.Any(p => p.At.Near(flag)));
            if (net == null) problems.Add($"no-connect flag at {flag} is on no pin");
            else if (net.Pins.Count > 1 || net.Names.Count > 0) problems.Add($"no-connect flag at {flag} is on {net.Name}, which is connected");
        }

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Sheets))]
    public void References_are_unique_and_every_part_has_a_value_and_a_footprint(string name)
    {
        var (sheet, _) = Load(name);
        var parts = sheet.Symbols.Where(s => !sheet.Library[s.LibId].IsPower).ToList();
        Assert.Empty(parts.GroupBy(s => s.Reference).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(sheet.Symbols.Where(s => sheet.Library[s.LibId].IsPower).GroupBy(s => s.Reference).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(parts.Where(s => s.Reference.Length == 0 || s.Reference.EndsWith('?')).Select(s => s.LibId + " is not annotated"));
        Assert.Empty(parts.Where(s => string.IsNullOrWhiteSpace(s.Value)).Select(s => s.Reference + " has no value"));
        Assert.Empty(parts.Where(s => s.OnBoard && string.IsNullOrWhiteSpace(s.Property("Footprint"))).Select(s => s.Reference + " has no footprint"));
    }

    [Fact]
    public void A_hidden_power_pin_joins_the_global_net_of_its_name_as_kicad_does()
    {
        // Like KiCad's own 74xGxx symbols: VCC hidden. Placed with nothing wired, KiCad puts it on a net called VCC, not +3V3.
        var root = SExpr.Parse("""
            (kicad_sch (version 20211123)
              (lib_symbols
                (symbol "X:Gate" (in_bom yes) (on_board yes)
                  (symbol "Gate_1_1"
                    (pin input line (at -5.08 0 0) (length 2.54) (name "A") (number "1"))
                    (pin power_in line (at 0 2.54 270) (length 0) hide (name "VCC") (number "5")))))
              (symbol (lib_id "X:Gate") (at 100 100 0) (unit 1) (uuid "u1") (property "Reference" "U1" (id 0) (at 0 0 0)))
              (label "IN" (at 94.92 100 180)))
            """);
        var nets = KicadSchematic.From(root).Nets();
        Assert.Contains(nets, n => n.Names.Contains("VCC") && n.Pins.Any(p => p.Name == "VCC"));
        Assert.Contains(nets, n => n.Names.Contains("IN") && n.Pins.Any(p => p.Name == "A"));
    }
}
