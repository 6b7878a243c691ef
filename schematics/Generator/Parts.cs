namespace ColdStandby.Schematics.Generator;

/// <summary>The parts the boards are made of, placed the same way every time.</summary>
internal static class Parts
{
    public static (string, string)[] Pins(params string[] numberThenNet)
    {
        var pins = new (string, string)[numberThenNet.Length / 2];
        for (int i = 0; i < pins.Length; i++) pins[i] = (numberThenNet[2 * i], numberThenNet[2 * i + 1]);
        return pins;
    }

    /// <summary>A resistor standing up: pin 1 on top.</summary>
    public static void R(this Sheet sheet, string reference, string value, double x, double y, string top, string bottom) =>
        sheet.Part(reference, "Device:R", value, x, y, 0, Pins("1", top, "2", bottom), footprint: "Resistor_SMD:R_0603_1608Metric");

    /// <summary>A resistor lying down: pin 1 on the left.</summary>
    public static void RH(this Sheet sheet, string reference, string value, double x, double y, string left, string right) =>
        sheet.Part(reference, "Device:R", value, x, y, 90, Pins("1", left, "2", right), footprint: "Resistor_SMD:R_0603_1608Metric");

    /// <summary>A capacitor standing up: pin 1 on top.</summary>
    public static void C(this Sheet sheet, string reference, string value, double x, double y, string top, string bottom = "GND") =>
        sheet.Part(reference, "Device:C", value, x, y, 0, Pins("1", top, "2", bottom), footprint: "Capacitor_SMD:C_0603_1608Metric");

    /// <summary>An aluminium electrolytic standing up: + on top.</summary>
    public static void CP(this Sheet sheet, string reference, string value, double x, double y, string top, string bottom = "GND") =>
        sheet.Part(reference, "Device:C_Polarized", value, x, y, 0, Pins("1", top, "2", bottom), footprint: "Capacitor_SMD:CP_Elec_6.3x5.8");

    /// <summary>A 1N4148 lying down: cathode on the left.</summary>
    public static void D(this Sheet sheet, string reference, double x, double y, string cathode, string anode) =>
        sheet.Part(reference, "Diode:1N4148", "1N4148", x, y, 0, Pins("1", cathode, "2", anode));

    /// <summary>A bidirectional TVS standing up (<paramref name="value"/>: SMF5.0CA for 5 V lines, SMAJ33CA for the access contacts).</summary>
    public static void Tvs(this Sheet sheet, string reference, string value, double x, double y, string top, string bottom = "GND") =>
        sheet.Part(reference, "Device:D_TVS", value, x, y, 90, Pins("1", bottom, "2", top),
            footprint: value.StartsWith("SMAJ", StringComparison.Ordinal) ? "Diode_SMD:D_SMA" : "Diode_SMD:D_SOD-123F");

    /// <summary>A series resistor lying down from <paramref name="drive"/>, then an LED standing up to ground (anode on top) to its right.</summary>
    public static void Led(this Sheet sheet, string reference, string colour, string resistor, string resistorValue, double x, double y, string drive, string node)
    {
        sheet.RH(resistor, resistorValue, x, y, drive, node);
        sheet.Part(reference, "Device:LED", colour, x + 22.86, y + 7.62, 90, Pins("2", node, "1", "GND"), footprint: "LED_SMD:LED_0603_1608Metric");
    }

    /// <summary>An N-channel MOSFET low-side switch, source to ground: a 2N7002 for signal currents, an AO3400A (logic level) for the relay coil.</summary>
    public static void Fet(this Sheet sheet, string reference, double x, double y, string gate, string drain, string type = "2N7002") =>
        sheet.Part(reference, "Transistor_FET:" + type, type, x, y, 0, Pins("1", gate, "2", "GND", "3", drain));

    /// <summary>A PC817 optocoupler: LED on the left (anode above cathode), transistor on the right.</summary>
    public static void Opto(this Sheet sheet, string reference, double x, double y, string anode, string cathode, string collector, string emitter) =>
        sheet.Part(reference, "Isolator:PC817", "PC817", x, y, 0, Pins("1", anode, "2", cathode, "4", collector, "3", emitter));

    /// <summary>A TLP222A photo-MOSFET relay: LED on the left (anode above cathode), a polarity-free contact on the right.</summary>
    public static void PhotoRelay(this Sheet sheet, string reference, double x, double y, string anode, string cathode, string contactA, string contactB) =>
        sheet.Part(reference, "Relay_SolidState:TLP222A", "TLP222A", x, y, 0, Pins("1", anode, "2", cathode, "4", contactA, "3", contactB));

    /// <summary>A part lying in a supply line: pin 1 on the left (a fuse, a polyfuse).</summary>
    public static void Inline(this Sheet sheet, string reference, string libId, string value, string footprint, double x, double y, string left, string right) =>
        sheet.Part(reference, libId, value, x, y, 90, Pins("1", left, "2", right), footprint: footprint);

    /// <summary>A pluggable screw terminal block of <paramref name="nets"/>.Length ways, pins on the left.</summary>
    public static void Terminal(this Sheet sheet, string reference, string value, double x, double y, params string[] nets)
    {
        var pins = new (string, string)[nets.Length];
        for (int i = 0; i < nets.Length; i++) pins[i] = ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), nets[i]);
        sheet.Part(reference, $"Connector:Screw_Terminal_01x{nets.Length:00}", value, x, y, 0, pins,
            footprint: $"TerminalBlock_Phoenix:TerminalBlock_Phoenix_MKDS-1,5-{nets.Length}-5.08_1x{nets.Length:00}_P5.08mm_Horizontal",
            part: $"{nets.Length}-way 5.08");
    }
}
