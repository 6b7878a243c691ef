namespace ColdStandby.Schematics.Generator;

/// <summary>Circuit blocks both boards share: the ESP32 and its programming header, serial links, the 3.3 V supply.</summary>
internal static class Blocks
{
    /// <summary>
    /// The ESP32-WROOM-32E module with every pin-map signal labelled on its GPIO, the EN reset RC, the
    /// IO0 boot pull-up, decoupling, and the PROG header J1 for nanoff and the debugger (UART0).
    /// </summary>
    public static void Esp32(Sheet sheet, PinMap pinMap, string board, double x, double y)
    {
        var pins = new List<(string, string)> { ("1", "GND"), ("2", "+3V3"), ("3", "EN"), ("25", "IO0") };
        foreach (var row in pinMap.Board(board)) pins.Add((Esp32Pins.ModulePin(row.Gpio), row.Signal));
        sheet.Part("U1", "RF_Module:ESP32-WROOM-32", "ESP32-WROOM-32E", x, y, 0, [.. pins], restUnconnected: true,
            footprint: "RF_Module:ESP32-WROOM-32");
        sheet.Text(x - 15.24, y - 45.72, "ESP32-WROOM-32E (same pinout as the WROOM-32 symbol)", 2.0);
        sheet.Text(x - 15.24, y + 48.26, "Strapping pins IO0, IO2, IO5, IO12, IO15 carry no signal;\nIO0 is only the boot pin (J1.5). Flash pins SD0-SD3, CMD, CLK\nare the module's own. Inputs on IO34-IO39 have no internal pulls.");

        double left = x - 68.58;
        sheet.C("C1", "10u", left, y - 22.86, "+3V3");
        sheet.C("C2", "100n", left + 10.16, y - 22.86, "+3V3");
        sheet.R("R1", "10k", left + 22.86, y - 2.54, "+3V3", "EN");
        sheet.C("C3", "1u", left + 33.02, y - 2.54, "EN");
        sheet.R("R2", "10k", left + 22.86, y + 20.32, "+3V3", "IO0");
        sheet.Part("J1", "Connector_Generic:Conn_01x06", "PROG", left, y + 20.32, 0,
            Parts.Pins("1", "+3V3", "2", "DebugTx", "3", "DebugRx", "4", "EN", "5", "IO0", "6", "GND"),
            footprint: "Connector_PinHeader_2.54mm:PinHeader_1x06_P2.54mm_Vertical");
        sheet.Text(left - 12.7, y + 43.18, "J1 PROG: 3.3 V USB-serial adapter with auto-reset\n(ESP-Prog or similar): 2 = ESP32 TXD0 -> adapter RXD,\n3 = ESP32 RXD0 <- adapter TXD, 4 = EN (RTS), 5 = IO0 (DTR).\nUART0 stays nanoFramework's: nanoff and the debugger.");
    }

    /// <summary>A MAX3232 on one UART: T1 drives the DE-9's pin 3 (TxD), R1 reads its pin 2 (RxD), DTE pinout.</summary>
    public static void Rs232(Sheet sheet, string transceiver, string[] caps, string connector, string connectorValue,
        string tx, string rx, string lineTx, string lineRx, double x, double y)
    {
        string p = transceiver + "_";
        sheet.Part(transceiver, "Interface_UART:MAX3232", "MAX3232", x, y, 0, Parts.Pins(
            "1", p + "C1P", "3", p + "C1N", "4", p + "C2P", "5", p + "C2N", "2", p + "VP", "6", p + "VN",
            "16", "+3V3", "15", "GND", "11", tx, "12", rx, "14", lineTx, "13", lineRx, "10", "GND",
            "7", Sheet.NoConnect, "8", Sheet.NoConnect, "9", Sheet.NoConnect), footprint: "Package_SO:SOIC-16_3.9x9.9mm_P1.27mm");
        sheet.C(caps[0], "100n", x - 40.64, y - 30.48, p + "C1P", p + "C1N");
        sheet.C(caps[1], "100n", x + 40.64, y - 30.48, p + "C2P", p + "C2N");
        sheet.C(caps[2], "100n", x + 53.34, y - 30.48, p + "VP");
        sheet.C(caps[3], "100n", x + 63.5, y - 30.48, p + "VN");
        sheet.C(caps[4], "100n", x - 30.48, y - 30.48, "+3V3");
        sheet.Part(connector, "Connector:DB9_Male", connectorValue, x + 68.58, y + 2.54, 0,
            Parts.Pins("2", lineRx, "3", lineTx, "5", "GND"), restUnconnected: true,
            footprint: "Connector_Dsub:DSUB-9_Male_Horizontal_P2.77x2.84mm_EdgePinOffset9.90mm_Housed_MountingHolesOffset11.32mm");
    }

    /// <summary>
    /// A CP2102N USB-UART bridge on one UART, self-powered from the board's 3.3 V (so it works off the
    /// battery), VBUS sensed through a divider; the USB-B socket goes to the server or the management PC.
    /// </summary>
    public static void Usb(Sheet sheet, string bridge, string connector, string connectorValue, string[] resistors, string[] caps,
        string tx, string rx, double x, double y)
    {
        string p = connector + "_";
        sheet.Part(bridge, "Interface_USB:CP2102N-Axx-xQFN20", "CP2102N-A02-GQFN20", x, y, 0, Parts.Pins(
            "8", p + "VSNS", "4", p + "DP", "5", p + "DN", "6", "+3V3", "7", "+3V3", "3", "GND",
            "9", bridge + "_RST", "18", rx, "17", tx), restUnconnected: true, footprint: "Package_DFN_QFN:QFN-20-1EP_3x3mm_P0.5mm_EP1.6x1.6mm");
        sheet.Part(connector, "Connector:USB_B", connectorValue, x - 76.2, y + 5.08, 0,
            Parts.Pins("1", p + "VBUS", "2", p + "DN", "3", p + "DP", "4", "GND", "5", "GND"), footprint: "Connector_USB:USB_B_OST_USB-B1HSxx_Horizontal");
        sheet.RH(resistors[0], "22k1", x - 55.88, y - 27.94, p + "VBUS", p + "VSNS");
        sheet.R(resistors[1], "47k5", x - 35.56, y - 27.94, p + "VSNS", "GND");
        sheet.R(resistors[2], "1k", x - 25.4, y + 22.86, "+3V3", bridge + "_RST");
        sheet.C(caps[0], "100n", x + 20.32, y - 38.1, "+3V3");
        sheet.C(caps[1], "4u7", x + 30.48, y - 38.1, "+3V3");
    }

    /// <summary>
    /// A current-loop output to another box: the board's 3.3 V through <paramref name="loopResistor"/> out on
    /// the + pin, back on the - pin into a 2N7002 whose gate is <paramref name="gate"/>. The gate's pull-down
    /// (<paramref name="pull"/>, or one placed with the circuit driving the gate) holds it off while nothing
    /// drives it, so no current flows: the far end reads "not asserted".
    /// </summary>
    public static void LoopOutput(Sheet sheet, PullResistor? pull, string fet, string loopResistor, string gate,
        string plus, string minus, double x, double y)
    {
        if (pull != null) sheet.R(pull.Reference, pull.Value, x, y + 7.62, gate, "GND");
        sheet.Fet(fet, x + 30.48, y, gate, minus);
        sheet.RH(loopResistor, "470", x + 45.72, y - 30.48, "+3V3", plus);
    }

    /// <summary>
    /// An opto-isolated input: the far box's current loop lights the PC817 (1N4148 across it against
    /// reversal), whose transistor pulls the GPIO low; the pull-up reads "not asserted" when the loop is
    /// open, unplugged or unpowered.
    /// </summary>
    public static void OptoInput(Sheet sheet, PullResistor pull, string opto, string diode, string signal,
        string plus, string minus, double x, double y)
    {
        sheet.Opto(opto, x, y, plus, minus, signal, "GND");
        sheet.D(diode, x - 5.08, y + 15.24, plus, minus);
        sheet.R(pull.Reference, pull.Value, x + 25.4, y - 25.4, "+3V3", signal);
    }

    /// <summary>
    /// An opto-isolated switch output (a contact closure for another box): the 2N7002 lights the PC817,
    /// whose transistor closes the terminal pair. Gate pull-down (<paramref name="pull"/>, or one placed with
    /// the circuit driving the gate): open while nothing drives it.
    /// </summary>
    public static void OptoOutput(Sheet sheet, PullResistor? pull, string fet, string ledResistor, string opto, string signal,
        string prefix, string collector, string emitter, double x, double y)
    {
        if (pull != null) sheet.R(pull.Reference, pull.Value, x, y + 7.62, signal, "GND");
        sheet.Fet(fet, x + 30.48, y, signal, prefix + "_LED_K");
        sheet.RH(ledResistor, "470", x + 45.72, y - 30.48, "+3V3", prefix + "_LED_A");
        sheet.Opto(opto, x + 83.82, y - 2.54, prefix + "_LED_A", prefix + "_LED_K", collector, emitter);
    }

    /// <summary>
    /// A latch that holds through the ESP32's reset: an SN74LVC1G74 with /PRE high. A rising edge on its
    /// clock (the set GPIO, pulled down so a reset or boot makes no edge) copies D to Q. The clear GPIO
    /// (pulled down, active high) drives a 2N7002 that pulls /CLR low; /CLR has its own pull-up and a small
    /// filter capacitor, and the power supervisor joins it through a Schottky (<see cref="Supervisor"/>).
    /// nanoFramework opens every output driving LOW, so neither GPIO can move the latch when it is opened.
    /// </summary>
    public static void Latch(Sheet sheet, LatchCircuit latch, double x, double y)
    {
        sheet.Part(latch.Latch, OwnSymbols.Latch, "SN74LVC1G74DCUR", x, y, 0, Parts.Pins(
            "1", latch.Set, "2", latch.D, "3", latch.NotQ, "5", latch.Q, "6", latch.ClearNode, "7", "+3V3", "8", "+3V3", "4", "GND"),
            footprint: "Package_SO:VSSOP-8_2.3x2mm_P0.5mm");
        sheet.C(latch.Decoupling, "100n", x - 22.86, y - 17.78, "+3V3");
        sheet.R(latch.SetPull.Reference, latch.SetPull.Value, x - 33.02, y + 10.16, latch.Set, "GND");
        sheet.R(latch.ClearPullUp, "10k", x + 10.16, y + 30.48, "+3V3", latch.ClearNode);
        sheet.C(latch.ClearFilter, "1n", x + 20.32, y + 30.48, latch.ClearNode);
        sheet.Fet(latch.ClearFet, x - 15.24, y + 35.56, latch.Clear, latch.ClearNode);
        sheet.R(latch.ClearPull.Reference, latch.ClearPull.Value, x - 45.72, y + 43.18, latch.Clear, "GND");
    }

    /// <summary>
    /// The power supervisor: an MCP120 (open drain, 3.08 V) on +3V3. Below its threshold and for about
    /// 350 ms after the rail comes up it pulls <c>PWR_RST_N</c> low, and through one Schottky per net every
    /// latch's /CLR and the ESP32's EN: a power loss clears the latches, a flat battery holds the ESP32 in
    /// reset. The diodes keep the nets apart: EN pulled low by the PROG adapter or a reset never reaches /CLR.
    /// </summary>
    public static void Supervisor(Sheet sheet, string supervisor, string decoupling, (string Reference, string LibId, string[] Anodes)[] diodes,
        double x, double y)
    {
        sheet.Part(supervisor, "Power_Supervisor:MCP120-xxxxTT", "MCP120T-315I/TT", x, y, 0,
            Parts.Pins("2", "+3V3", "3", "GND", "1", "PWR_RST_N"), footprint: "Package_TO_SOT_SMD:SOT-23");
        sheet.C(decoupling, "100n", x - 15.24, y, "+3V3");
        double dx = x + 45.72;
        foreach (var (reference, libId, anodes) in diodes)
        {
            if (libId == "Diode:BAT54C")
                sheet.Part(reference, libId, "BAT54C", dx, y, 0, Parts.Pins("1", anodes[0], "2", anodes[1], "3", "PWR_RST_N"),
                    footprint: "Package_TO_SOT_SMD:SOT-23");
            else
                sheet.Part(reference, libId, "BAT54W", dx, y, 0, Parts.Pins("1", anodes[0], "3", "PWR_RST_N"), restUnconnected: true,
                    footprint: "Package_TO_SOT_SMD:SOT-323_SC-70");
            dx += 45.72;
        }
    }

    /// <summary>A 3.3 V LDO from <paramref name="input"/> with its capacitors.</summary>
    public static void Regulator(Sheet sheet, string regulator, string input, string inCap, string outCap, double x, double y)
    {
        sheet.Part(regulator, "Regulator_Linear:AP2112K-3.3", "AP2112K-3.3", x, y, 0,
            Parts.Pins("1", input, "3", input, "2", "GND", "5", "+3V3"), footprint: "Package_TO_SOT_SMD:SOT-23-5");
        sheet.C(inCap, "1u", x - 25.4, y + 7.62, input);
        sheet.C(outCap, "10u", x + 22.86, y + 7.62, "+3V3");
    }
}

/// <summary>
/// The parts and nets of one latch (<see cref="Blocks.Latch"/>): the flip-flop, its decoupling, the set
/// GPIO and its pull-down, the clear GPIO, its pull-down and MOSFET, the /CLR net with its pull-up and
/// filter, and what D, Q and /Q connect to.
/// </summary>
internal sealed record LatchCircuit(string Latch, string Decoupling, string Set, PullResistor SetPull, string Clear, PullResistor ClearPull,
    string ClearFet, string ClearNode, string ClearPullUp, string ClearFilter, string D, string Q, string NotQ);

/// <summary>The ESP32-WROOM-32 module's pin numbers by GPIO.</summary>
internal static class Esp32Pins
{
    private static readonly Dictionary<int, string> ByGpio = new()
    {
        [36] = "4", [39] = "5", [34] = "6", [35] = "7", [32] = "8", [33] = "9", [25] = "10", [26] = "11", [27] = "12",
        [14] = "13", [12] = "14", [13] = "16", [15] = "23", [2] = "24", [0] = "25", [4] = "26", [16] = "27", [17] = "28",
        [5] = "29", [18] = "30", [19] = "31", [21] = "33", [3] = "34", [1] = "35", [22] = "36", [23] = "37",
    };

    public static string ModulePin(int gpio) =>
        ByGpio.TryGetValue(gpio, out var pin) ? pin : throw new ArgumentException($"GPIO{gpio} is not on a WROOM-32 module pin");
}
