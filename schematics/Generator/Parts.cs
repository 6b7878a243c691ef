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

    /// <summary>A 1N4148 lying down: cathode on the left.</summary>
    public static void D(this Sheet sheet, string reference, double x, double y, string cathode, string anode) =>
        sheet.Part(reference, "Diode:1N4148", "1N4148", x, y, 0, Pins("1", cathode, "2", anode));

    /// <summary>A 2N7002 low-side switch, source to ground.</summary>
    public static void Fet(this Sheet sheet, string reference, double x, double y, string gate, string drain) =>
        sheet.Part(reference, "Transistor_FET:2N7002", "2N7002", x, y, 0, Pins("1", gate, "2", "GND", "3", drain));

    /// <summary>A PC817 optocoupler: LED on the left (anode above cathode), transistor on the right.</summary>
    public static void Opto(this Sheet sheet, string reference, double x, double y, string anode, string cathode, string collector, string emitter) =>
        sheet.Part(reference, "Isolator:PC817", "PC817", x, y, 0, Pins("1", anode, "2", cathode, "4", collector, "3", emitter));

    /// <summary>A pluggable screw terminal block of <paramref name="nets"/>.Length ways, pins on the left.</summary>
    public static void Terminal(this Sheet sheet, string reference, string value, double x, double y, params string[] nets)
    {
        var pins = new (string, string)[nets.Length];
        for (int i = 0; i < nets.Length; i++) pins[i] = ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), nets[i]);
        sheet.Part(reference, $"Connector:Screw_Terminal_01x{nets.Length:00}", value, x, y, 0, pins,
            footprint: $"TerminalBlock_Phoenix:TerminalBlock_Phoenix_MKDS-1,5-{nets.Length}-5.08_1x{nets.Length:00}_P5.08mm_Horizontal");
    }
}
