namespace ColdStandby.Schematics.Generator;

/// <summary>
/// Symbols the generator draws itself, in the library "ColdStandby" (embedded in each sheet like every
/// other symbol, so the sheets still open standalone).
/// </summary>
internal static class OwnSymbols
{
    /// <summary>The request and access latches' flip-flop.</summary>
    public const string Latch = "ColdStandby:SN74LVC1G74";

    /// <summary>The USB-B socket of the host and management links, its VBUS and GND passive.</summary>
    public const string UsbB = "ColdStandby:USB_B";

    /// <summary>Adds every own symbol to <paramref name="library"/>.</summary>
    public static void DefineIn(KicadLibrary library)
    {
        library.Define(FlipFlop());
        // KiCad's USB connectors declare VBUS and GND power outputs (a bus-powered device's supply). These
        // boards are self-powered: VBUS is only sensed, and GND must not look driven by a USB socket; it is
        // flagged at the 5 V entry instead.
        library.Define(Retyped(library, "Connector:USB_B", UsbB, new Dictionary<string, string> { ["1"] = "passive", ["4"] = "passive" }));
    }

    /// <summary>A copy of a library symbol under a new name, with some pins' electrical types changed.</summary>
    private static SList Retyped(KicadLibrary library, string libId, string newId, Dictionary<string, string> types)
    {
        var copy = SExpr.Parse(SExpr.Write(library.Embedded(libId)));
        copy.Items[1] = new SAtom(newId, quoted: true);
        foreach (var unit in copy.Children("symbol"))
        {
            foreach (var pin in unit.Children("pin"))
            {
                if (types.TryGetValue(pin.Child("number")!.Atom(1), out var type)) pin.Items[1] = new SAtom(type, quoted: false);
            }
        }

        return copy;
    }

    /// <summary>
    /// SN74LVC1G74, single D flip-flop with preset and clear, pinout of the DCT/DCU packages. KiCad's
    /// 74xGxx:74AUC1G74 has the same pins but hides VCC and GND, which KiCad then connects to global nets
    /// named after the pins: VCC would not be the board's +3V3. Here every pin is visible and wired.
    /// </summary>
    private static SList FlipFlop()
    {
        const string name = "SN74LVC1G74";
        var symbol = new SList(new Sym("symbol"), Latch, new SList(new Sym("pin_names"), new SList(new Sym("offset"), 1.016)),
            new SList(new Sym("in_bom"), new Sym("yes")), new SList(new Sym("on_board"), new Sym("yes")));
        symbol.Add(Property("Reference", "U", 0, 8.89, 8.89, visible: true, left: true));
        symbol.Add(Property("Value", name, 1, 8.89, -8.89, visible: true, left: true));
        symbol.Add(Property("Footprint", "Package_SO:VSSOP-8_2.3x2mm_P0.5mm", 2, 0, 0, visible: false));
        symbol.Add(Property("Datasheet", "https://www.ti.com/lit/ds/symlink/sn74lvc1g74.pdf", 3, 0, 0, visible: false));
        symbol.Add(Property("ki_description", "Single D flip-flop with preset and clear, 1.65-5.5 V", 4, 0, 0, visible: false));
        symbol.Add(new SList(new Sym("symbol"), name + "_0_1",
            new SList(new Sym("rectangle"), new SList(new Sym("start"), -7.62, 7.62), new SList(new Sym("end"), 7.62, -7.62),
                new SList(new Sym("stroke"), new SList(new Sym("width"), 0.254), new SList(new Sym("type"), new Sym("default")), new SList(new Sym("color"), 0, 0, 0, 0)),
                new SList(new Sym("fill"), new SList(new Sym("type"), new Sym("background"))))));
        symbol.Add(new SList(new Sym("symbol"), name + "_1_1",
            Pin("input", "clock", -10.16, -2.54, 0, "C", "1"),
            Pin("input", "line", -10.16, 2.54, 0, "D", "2"),
            Pin("output", "line", 10.16, -2.54, 180, "~{Q}", "3"),
            Pin("power_in", "line", 3.81, -10.16, 90, "GND", "4"),
            Pin("output", "line", 10.16, 2.54, 180, "Q", "5"),
            Pin("input", "line", -3.81, -10.16, 90, "~{CLR}", "6"),
            Pin("input", "line", -3.81, 10.16, 270, "~{PRE}", "7"),
            Pin("power_in", "line", 3.81, 10.16, 270, "VCC", "8")));
        return symbol;
    }

    private static SList Property(string name, string value, int id, double x, double y, bool visible, bool left = false)
    {
        var effects = new SList(new Sym("effects"), new SList(new Sym("font"), new SList(new Sym("size"), 1.27, 1.27)));
        if (left) effects.Add(new SList(new Sym("justify"), new Sym("left")));
        if (!visible) effects.Add(new Sym("hide"));
        return new SList(new Sym("property"), name, value, new SList(new Sym("id"), id), new SList(new Sym("at"), x, y, 0), effects);
    }

    private static SList Pin(string type, string shape, double x, double y, int angle, string pinName, string number)
    {
        SList Effects() => new(new Sym("effects"), new SList(new Sym("font"), new SList(new Sym("size"), 1.016, 1.016)));
        return new SList(new Sym("pin"), new Sym(type), new Sym(shape), new SList(new Sym("at"), x, y, angle), new SList(new Sym("length"), 2.54),
            new SList(new Sym("name"), pinName, Effects()), new SList(new Sym("number"), number, Effects()));
    }
}
