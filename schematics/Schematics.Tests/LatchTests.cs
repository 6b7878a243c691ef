using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

/// <summary>
/// The latches of issue 11 (SMU's storage request, DM's access rights), read from the schematics as KiCad
/// connects them: set only by an edge from a pulled-down GPIO, cleared only by a deliberate clear or the power
/// supervisor, held through the ESP32's reset, read back on the pin map's GPIO, and on the DM interlocked.
/// </summary>
public class LatchTests
{
    private static readonly Dictionary<string, (KicadSchematic Sheet, List<Net> Nets)> Sheets = [];

    private static (KicadSchematic Sheet, List<Net> Nets) Load(string board)
    {
        lock (Sheets)
        {
            if (!Sheets.TryGetValue(board, out var loaded))
            {
                var sheet = Repository.Board(board);
                Sheets[board] = loaded = (sheet, sheet.Nets());
            }

            return loaded;
        }
    }

    private static Net NetOf(List<Net> nets, string reference, string pin) =>
        nets.SingleOrDefault(n => n.Pins.Any(p => p.Reference == reference && p.Number == pin))
        ?? throw new Xunit.Sdk.XunitException($"{reference} pin {pin} is on no net");

    private static Net NetNamed(List<Net> nets, string name) =>
        nets.SingleOrDefault(n => n.Names.Contains(name)) ?? throw new Xunit.Sdk.XunitException($"no net {name}");

    /// <summary>The nets at the other ends of the two-pin parts (resistors, capacitors) of <paramref name="libId"/> on <paramref name="net"/>.</summary>
    private static IEnumerable<Net> Through(List<Net> nets, Net net, string libId) =>
        net.Pins.Where(p => p.Symbol.LibId == libId).Select(p => NetOf(nets, p.Reference, p.Number == "1" ? "2" : "1"));

    private static bool IsEsp32(SheetPin pin) => pin.Symbol.LibId.StartsWith("RF_Module:ESP32", StringComparison.Ordinal);

    /// <summary>Anode and cathode pin numbers of the Schottkys the supervisor uses.</summary>
    private static (string[] Anodes, string Cathode)? DiodePins(string libId) => libId switch
    {
        "Diode:BAT54C" => (["1", "2"], "3"),
        "Diode:BAT54W" => (["1"], "3"),
        _ => null,
    };

    [Theory]
    [MemberData(nameof(WiringContract.LatchReferences), MemberType = typeof(WiringContract))]
    public void The_clock_is_the_set_gpio_alone_with_a_pull_down_so_no_reset_or_boot_makes_an_edge(string name)
    {
        var latch = WiringContract.LatchNamed(name);
        var (_, nets) = Load(latch.Board);
        var clock = NetOf(nets, latch.Reference, "1");
        Assert.Contains(latch.Set, clock.Names);
        Assert.Contains(Through(nets, clock, "Device:R"), n => n.Names.Contains("GND"));
        // Nothing else drives the clock: the ESP32's pin, the pull-down and the flip-flop's C.
        Assert.Empty(clock.Pins.Where(p => !IsEsp32(p) && p.Symbol.LibId != "Device:R" && p.Reference != latch.Reference).Select(p => p.ToString()));
    }

    [Theory]
    [MemberData(nameof(WiringContract.LatchReferences), MemberType = typeof(WiringContract))]
    public void The_clear_has_a_pull_up_and_a_filter_and_is_pulled_low_only_by_the_clear_mosfet_and_the_supervisor(string name)
    {
        var latch = WiringContract.LatchNamed(name);
        var (sheet, nets) = Load(latch.Board);
        var clear = NetOf(nets, latch.Reference, "6");
        Assert.Contains(Through(nets, clear, "Device:R"), n => n.Names.Contains("+3V3"));
        Assert.Contains(Through(nets, clear, "Device:C"), n => n.Names.Contains("GND"));
        Assert.DoesNotContain(clear.Pins, IsEsp32); // a GPIO on /CLR would pulse it low when nanoFramework opens the pin

        // The clear GPIO (pulled down, active high) drives the gate of a MOSFET whose drain is /CLR.
        var fets = clear.Pins.Where(p => p.Symbol.LibId.StartsWith("Transistor_FET:", StringComparison.Ordinal)).ToList();
        Assert.Single(fets);
        Assert.Equal("D", fets[0].Name);
        var gate = NetOf(nets, fets[0].Reference, "1");
        Assert.Contains(latch.Clear, gate.Names);
        Assert.Contains(Through(nets, gate, "Device:R"), n => n.Names.Contains("GND"));
        Assert.Contains("GND", NetOf(nets, fets[0].Reference, "2").Names);

        // The supervisor pulls it low through a Schottky's anode; nothing else is on the net.
        var diode = clear.Pins.Single(p => DiodePins(p.Symbol.LibId) != null);
        var (anodes, cathode) = DiodePins(diode.Symbol.LibId)!.Value;
        Assert.Contains(diode.Number, anodes);
        var supervisor = sheet.Symbols.Single(s => s.LibId.StartsWith("Power_Supervisor:", StringComparison.Ordinal));
        Assert.Same(NetOf(nets, diode.Reference, cathode), NetOf(nets, supervisor.Reference, "1"));
        Assert.Empty(clear.Pins.Where(p => p.Reference != latch.Reference && p.Symbol.LibId is not ("Device:R" or "Device:C")
            && p != fets[0] && p != diode).Select(p => p.ToString()));
    }

    [Theory]
    [InlineData("smu")]
    [InlineData("dm")]
    public void The_supervisor_holds_en_low_through_its_own_diode_so_an_esp32_reset_never_clears_a_latch(string board)
    {
        var (sheet, nets) = Load(board);
        var supervisor = sheet.Symbols.Single(s => s.LibId.StartsWith("Power_Supervisor:", StringComparison.Ordinal));
        Assert.Equal("+3V3", NetOf(nets, supervisor.Reference, "2").Name);
        var reset = NetOf(nets, supervisor.Reference, "1");
        var en = NetNamed(nets, "EN");
        Assert.NotSame(reset, en);
        var diode = en.Pins.Single(p => DiodePins(p.Symbol.LibId) != null);
        var (anodes, cathode) = DiodePins(diode.Symbol.LibId)!.Value;
        Assert.Contains(diode.Number, anodes);
        Assert.Same(reset, NetOf(nets, diode.Reference, cathode));
        // Every latch's /CLR is a different net from EN and from the supervisor's output.
        foreach (var latch in WiringContract.Latches.Where(l => l.Board == board))
        {
            var clear = NetOf(nets, latch.Reference, "6");
            Assert.NotSame(en, clear);
            Assert.NotSame(reset, clear);
        }
    }

    [Theory]
    [MemberData(nameof(WiringContract.LatchReferences), MemberType = typeof(WiringContract))]
    public void The_flip_flop_is_powered_from_3v3_with_preset_tied_high(string name)
    {
        var latch = WiringContract.LatchNamed(name);
        var (sheet, nets) = Load(latch.Board);
        Assert.Equal("+3V3", NetOf(nets, latch.Reference, "8").Name);
        Assert.Equal("GND", NetOf(nets, latch.Reference, "4").Name);
        Assert.Equal("+3V3", NetOf(nets, latch.Reference, "7").Name);
        // Every pin visible: a hidden VCC would join a global net named VCC, not the board's +3V3.
        var library = sheet.Library[sheet.Symbol(latch.Reference).LibId];
        Assert.DoesNotContain(library.Pins, p => p.Hidden);
    }

    [Theory]
    [MemberData(nameof(WiringContract.LatchReferences), MemberType = typeof(WiringContract))]
    public void D_is_tied_high_or_to_the_other_latchs_inverted_output(string name)
    {
        var latch = WiringContract.LatchNamed(name);
        var (_, nets) = Load(latch.Board);
        var d = NetOf(nets, latch.Reference, "2");
        if (latch.Interlocked == null)
        {
            Assert.Equal("+3V3", d.Name);
        }
        else
        {
            // The DM's interlock: this latch takes a clock edge only while the other's Q is low. Nothing else
            // drives D: besides the two flip-flop pins only the grant loop's series resistor is on the net.
            Assert.Same(NetOf(nets, latch.Interlocked, "3"), d);
            Assert.Empty(d.Pins.Where(p => !(p.Reference == latch.Reference && p.Number == "2") && !(p.Reference == latch.Interlocked && p.Number == "3")
                && p.Symbol.LibId != "Device:R").Select(p => p.ToString()));
        }
    }

    [Theory]
    [MemberData(nameof(WiringContract.LatchReferences), MemberType = typeof(WiringContract))]
    public void Q_is_read_back_on_the_pin_maps_gpio_and_pulled_down(string name)
    {
        var latch = WiringContract.LatchNamed(name);
        var (_, nets) = Load(latch.Board);
        var row = Repository.PinMap().Get(latch.Board, latch.ReadBack);
        Assert.Equal("held", row.Reset);
        var q = NetOf(nets, latch.Reference, "5");
        var readBack = NetNamed(nets, latch.ReadBack);
        Assert.Contains(readBack.Pins, p => IsEsp32(p) && Esp32.GpioOfPinName(p.Name) == row.Gpio);
        if (!ReferenceEquals(q, readBack))
        {
            // Through one series resistor of at most 1k (a GPIO that can be an output must not fight the latch).
            var series = q.Pins.Where(p => p.Symbol.LibId == "Device:R" && ReferenceEquals(NetOf(nets, p.Reference, p.Number == "1" ? "2" : "1"), readBack)).ToList();
            Assert.Single(series);
            Assert.True(Ohms(series[0].Symbol.Value) <= 1000, $"{series[0].Reference} is {series[0].Symbol.Value}");
            Assert.False(Esp32.InputOnly(row.Gpio));
        }

        // A bad joint on Q leaves the read-back and what Q drives at ground, not floating.
        Assert.Contains(Through(nets, readBack, "Device:R"), n => n.Names.Contains("GND"));
    }

    [Theory]
    [MemberData(nameof(WiringContract.LatchReferences), MemberType = typeof(WiringContract))]
    public void Q_and_not_Q_drive_every_line_the_latch_holds_each_through_one_resistor(string name)
    {
        var latch = WiringContract.LatchNamed(name);
        var (_, nets) = Load(latch.Board);
        foreach (var (target, output) in latch.Drives)
        {
            var parts = target.Split('.');
            var line = NetOf(nets, parts[0], parts[1]);
            var source = NetOf(nets, latch.Reference, output == "Q" ? "5" : "3");
            var series = line.Pins.Where(p => p.Symbol.LibId == "Device:R" && ReferenceEquals(NetOf(nets, p.Reference, p.Number == "1" ? "2" : "1"), source)).ToList();
            Assert.True(series.Count == 1, $"{target} ({line.Name}) is not driven from {latch.Reference}'s {output} through one resistor");
            double ohms = Ohms(series[0].Symbol.Value);
            Assert.True(ohms is >= 100 and <= 1000, $"{series[0].Reference} is {series[0].Symbol.Value}: a latch output drives at most ~25 mA");
            // Nothing else drives the line: no GPIO, no other output.
            Assert.DoesNotContain(line.Pins, p => IsEsp32(p) || p.Pin.Type is "output" or "power_out");
        }
    }

    [Fact]
    public void The_access_latches_interlock_and_the_grant_loops_leave_on_the_side_connectors()
    {
        var (_, nets) = Load("dm");
        Assert.Same(NetOf(nets, "U10", "2"), NetOf(nets, "U11", "3"));
        Assert.Same(NetOf(nets, "U11", "2"), NetOf(nets, "U10", "3"));
        Assert.Contains("A_GNT_P", NetOf(nets, "J4", "3").Names);
        Assert.Contains("B_GNT_N", NetOf(nets, "J5", "4").Names);
    }

    private static double Ohms(string value)
    {
        // 1k, 4k7, 470, 100k
        foreach (var (suffix, factor) in new[] { ("M", 1e6), ("k", 1e3), ("R", 1.0) })
        {
            int at = value.IndexOf(suffix, StringComparison.Ordinal);
            if (at < 0) continue;
            string digits = value[..at] + (at + 1 < value.Length ? "." + value[(at + 1)..] : "");
            return double.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) * factor;
        }

        return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
