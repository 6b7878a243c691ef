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
        sheet.Text(x - 15.24, y - 45.72, "ESP32-WROOM-32E (WROOM-32 pinout)", 2.0);
        sheet.Text(x - 12.7, y + 48.26, "Strapping pins IO0, IO2, IO5, IO12, IO15 carry no signal;\nIO0 is only the boot pin (J1.5). Flash pins SD0-SD3, CMD, CLK\nare the module's own. Inputs on IO34-IO39 have no internal pulls.");

        double left = x - 68.58;
        sheet.C("C1", "10u", left, y - 22.86, "+3V3");
        sheet.C("C2", "100n", left + 10.16, y - 22.86, "+3V3");
        sheet.R("R1", "10k", left + 22.86, y - 2.54, "+3V3", "EN");
        sheet.C("C3", "1u", left + 33.02, y - 2.54, "EN");
        sheet.R("R2", "10k", left + 22.86, y + 20.32, "+3V3", "IO0");
        sheet.Part("J1", "Connector_Generic:Conn_01x06", "PROG", left, y + 20.32, 0,
            Parts.Pins("1", "+3V3", "2", "DebugTx", "3", "DebugRx", "4", "EN", "5", "IO0", "6", "GND"),
            footprint: "Connector_PinHeader_2.54mm:PinHeader_1x06_P2.54mm_Vertical", part: "1x06 header");
        sheet.Text(left - 12.7, y + 43.18, "J1 PROG: 3.3 V USB-serial adapter with auto-reset\n(ESP-Prog or similar): 2 = ESP32 TXD0 -> adapter RXD,\n3 = ESP32 RXD0 <- adapter TXD, 4 = EN (RTS), 5 = IO0 (DTR).\nUART0 stays nanoFramework's: nanoff and the debugger.");
    }

    /// <summary>
    /// A MAX3232E on one UART (±15 kV IEC 61000-4-2 air, ±8 kV contact on its RS-232 pins: the DE-9 needs no
    /// further ESD part): T1 drives the DE-9's pin 3 (TxD), R1 reads its pin 2 (RxD), DTE pinout.
    /// </summary>
    public static void Rs232(Sheet sheet, string transceiver, string[] caps, string connector, string connectorValue,
        string tx, string rx, string lineTx, string lineRx, double x, double y)
    {
        string p = transceiver + "_";
        sheet.Part(transceiver, "Interface_UART:MAX3232", "MAX3232EIDR", x, y, 0, Parts.Pins(
            "1", p + "C1P", "3", p + "C1N", "4", p + "C2P", "5", p + "C2N", "2", p + "VP", "6", p + "VN",
            "16", "+3V3", "15", "GND", "11", tx, "12", rx, "14", lineTx, "13", lineRx, "10", "GND",
            "7", Sheet.NoConnect, "8", Sheet.NoConnect, "9", Sheet.NoConnect), footprint: "Package_SO:SOIC-16_3.9x9.9mm_P1.27mm");
        sheet.C(caps[0], "100n", x - 40.64, y - 30.48, p + "C1P", p + "C1N");
        sheet.C(caps[1], "100n", x + 40.64, y - 30.48, p + "C2P", p + "C2N");
        sheet.C(caps[2], "100n", x + 53.34, y - 30.48, p + "VP");
        sheet.C(caps[3], "100n", x + 63.5, y - 30.48, p + "VN");
        sheet.C(caps[4], "100n", x - 20.32, y - 35.56, "+3V3");
        sheet.Part(connector, "Connector:DB9_Male", connectorValue, x + 68.58, y + 2.54, 0,
            Parts.Pins("2", lineRx, "3", lineTx, "5", "GND"), restUnconnected: true,
            footprint: "Connector_Dsub:DSUB-9_Male_Horizontal_P2.77x2.84mm_EdgePinOffset9.90mm_Housed_MountingHolesOffset11.32mm", part: "DE-9 male");
    }

    /// <summary>
    /// A CP2102N USB-UART bridge on one UART, self-powered from the board's 3.3 V (so it works off the
    /// battery), VBUS sensed through a divider; the USB-B socket goes to the server or the management PC.
    /// A USBLC6-2SC6 next to the socket clamps ESD on D+, D- and VBUS.
    /// </summary>
    public static void Usb(Sheet sheet, string bridge, string esd, string connector, string connectorValue, string[] resistors, string[] caps,
        string tx, string rx, double x, double y)
    {
        string p = connector + "_";
        sheet.Part(bridge, "Interface_USB:CP2102N-Axx-xQFN20", "CP2102N-A02-GQFN20", x, y, 0, Parts.Pins(
            "8", p + "VSNS", "4", p + "DP", "5", p + "DN", "6", "+3V3", "7", "+3V3", "3", "GND",
            "9", bridge + "_RST", "18", rx, "17", tx), restUnconnected: true, footprint: "Package_DFN_QFN:QFN-20-1EP_3x3mm_P0.5mm_EP1.6x1.6mm");
        sheet.Part(connector, OwnSymbols.UsbB, connectorValue, x - 81.28, y + 5.08, 0,
            Parts.Pins("1", p + "VBUS", "2", p + "DN", "3", p + "DP", "4", "GND", "5", "GND"),
            footprint: "Connector_USB:USB_B_OST_USB-B1HSxx_Horizontal", part: "USB-B");
        sheet.Part(esd, "Power_Protection:USBLC6-2SC6", "USBLC6-2SC6", x - 45.72, y + 27.94, 0,
            Parts.Pins("1", p + "DP", "6", p + "DP", "3", p + "DN", "4", p + "DN", "5", p + "VBUS", "2", "GND"), footprint: "Package_TO_SOT_SMD:SOT-23-6");
        sheet.RH(resistors[0], "22k1", x - 55.88, y - 27.94, p + "VBUS", p + "VSNS");
        sheet.R(resistors[1], "47k5", x - 35.56, y - 27.94, p + "VSNS", "GND");
        sheet.R(resistors[2], "1k", x - 25.4, y + 22.86, "+3V3", bridge + "_RST");
        sheet.C(caps[0], "100n", x + 20.32, y - 38.1, "+3V3");
        sheet.C(caps[1], "4u7", x + 30.48, y - 38.1, "+3V3");
    }

    /// <summary>
    /// A current loop to another box driven by both outputs of a latch: Q through 220 ohm on the + wire, /Q
    /// through 220 ohm on the - wire. Asserted, + is high and - low and the far opto lights; deasserted the
    /// polarity is reversed, which the far opto's reverse diode takes and its LED never sees. So no single
    /// short or open in the cable can light the far LED: it would need a source above 3.3 V + 1 V on the +
    /// wire or a sink below 0 V on the - wire (schematics/README.md, "Cable faults"). A TVS clamps each wire to
    /// ground; an unpowered board's latch outputs are high impedance (SN74LVC's Ioff), so the loop is off.
    /// </summary>
    public static void PolarityLoop(Sheet sheet, string q, string notQ, string plusResistor, string minusResistor, string plus, string minus,
        string plusTvs, string minusTvs, double x, double y)
    {
        sheet.RH(plusResistor, "220", x, y, q, plus);
        sheet.RH(minusResistor, "220", x, y + 12.7, notQ, minus);
        sheet.Tvs(plusTvs, "SMF5.0CA", x + 22.86, y + 27.94, plus);
        sheet.Tvs(minusTvs, "SMF5.0CA", x + 40.64, y + 27.94, minus);
    }

    /// <summary>
    /// An opto-isolated input: the far box's current loop lights the PC817 (1N4148 across its LED against the
    /// reversed, deasserted polarity), whose transistor pulls the GPIO low; the pull-up reads "not asserted"
    /// when the loop is open, reversed, unplugged or unpowered. A TVS across the pair takes ESD without
    /// joining the isolated pair to this board's ground. <paramref name="series"/>, when given, limits the
    /// current from a source that has no resistor of its own (a motherboard's power-LED header).
    /// </summary>
    public static void OptoInput(Sheet sheet, PullResistor pull, string opto, string diode, string tvs, string signal,
        string plus, string minus, double x, double y, string? series = null)
    {
        string anode = series == null ? plus : opto + "_LED_A";
        if (series != null) sheet.RH(series, "1k", x - 25.4, y - 17.78, plus, anode);
        sheet.Opto(opto, x, y, anode, minus, signal, "GND");
        sheet.D(diode, x - 5.08, y + 15.24, anode, minus);
        sheet.Tvs(tvs, "SMF5.0CA", x - 30.48, y + 20.32, plus, minus);
        sheet.R(pull.Reference, pull.Value, x + 33.02, y - 25.4, "+3V3", signal);
    }

    /// <summary>
    /// A polarity-free contact for another box from a GPIO: the GPIO's 2N7002 (gate pulled down: open while
    /// nothing drives it) lights the LED of a TLP222A photo-MOSFET relay (60 V, 0.5 A), whose output closes
    /// the terminal pair in either direction. A TVS across the pair clamps ESD.
    /// </summary>
    public static void PhotoRelayOutput(Sheet sheet, PullResistor pull, string fet, string ledResistor, string relay, string tvs, string tvsValue,
        string signal, string prefix, string contactA, string contactB, double x, double y)
    {
        sheet.R(pull.Reference, pull.Value, x, y + 7.62, signal, "GND");
        sheet.Fet(fet, x + 30.48, y, signal, prefix + "_LED_K");
        sheet.RH(ledResistor, "330", x + 45.72, y - 30.48, "+3V3", prefix + "_LED_A");
        sheet.PhotoRelay(relay, x + 83.82, y - 2.54, prefix + "_LED_A", prefix + "_LED_K", contactA, contactB);
        sheet.Tvs(tvs, tvsValue, x + 109.22, y + 20.32, contactA, contactB);
    }

    /// <summary>
    /// A polarity-free contact driven straight from a latch's Q (SN74LVC outputs drive 24 mA): Q through 330 ohm
    /// lights the TLP222A's LED (about 6 mA, its trigger is 3 mA at most), whose output closes the pair.
    /// </summary>
    public static void LatchedRelayOutput(Sheet sheet, string q, string ledResistor, string relay, string tvs, string tvsValue,
        string prefix, string contactA, string contactB, double x, double y)
    {
        sheet.R(ledResistor, "330", x, y - 15.24, q, prefix + "_LED_A");
        sheet.PhotoRelay(relay, x + 27.94, y, prefix + "_LED_A", "GND", contactA, contactB);
        sheet.Tvs(tvs, tvsValue, x + 53.34, y + 20.32, contactA, contactB);
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

    /// <summary>
    /// The 3.3 V regulator from <paramref name="input"/>: an AP7361C in SOT-223 (tab to a copper pour), for
    /// its dissipation: the AP2112K in SOT-23-5 ran too hot on 5 V (schematics/README.md, "Power").
    /// </summary>
    public static void Regulator(Sheet sheet, string regulator, string input, string inCap, string outCap, double x, double y)
    {
        sheet.Part(regulator, "Regulator_Linear:AP7361C-33E", "AP7361C-33E", x, y, 0,
            Parts.Pins("1", input, "2", "GND", "3", "+3V3"), footprint: "Package_TO_SOT_SMD:SOT-223-3_TabPin2", fieldsAt: new Point(2.54, 8.89));
        sheet.C(inCap, "1u", x - 22.86, y + 7.62, input);
        sheet.C(outCap, "10u", x + 22.86, y + 7.62, "+3V3");
    }

    /// <summary>
    /// The protected 5 V entry: the terminal, a resettable fuse, an AO3401A P-MOSFET in the + line (its body
    /// diode starts it, its gate to ground turns it fully on; a reversed lead leaves it off), then on the
    /// protected +5V a unidirectional TVS, a damping electrolytic (it tames the ringing of a long lead
    /// hot-plugged into ceramic capacitors) and a ceramic. PWR_FLAGs tell ERC that power and ground enter here.
    /// </summary>
    public static void PowerEntry(Sheet sheet, PowerEntryParts p, double x, double y)
    {
        sheet.Terminal(p.Connector, "5V_IN", x, y, "VIN_RAW", "GND");
        sheet.Inline(p.Fuse, "Device:Polyfuse", p.FuseValue, "Fuse:Fuse_1812_4532Metric", x + 20.32, y - 15.24, "VIN_RAW", "VIN_FUSED");
        sheet.Part(p.ReverseFet, "Transistor_FET:AO3401A", "AO3401A", x + 58.42, y - 12.7, 90,
            Parts.Pins("3", "VIN_FUSED", "2", "+5V", "1", "VIN_GATE"), fieldsAt: new Point(-3.81, -8.89));
        sheet.R(p.GateResistor, "10k", x + 68.58, y + 12.7, "VIN_GATE", "GND");
        sheet.Part(p.Tvs, "Diode:SM6T6V8A", "SM6T6V8A", x + 83.82, y, 270, Parts.Pins("1", "+5V", "2", "GND"));
        sheet.CP(p.Bulk, "47u 16V", x + 99.06, y, "+5V");
        sheet.C(p.Ceramic, "4u7", x + 114.3, y, "+5V");
        sheet.PowerFlag("+5V", new Point(x + 127, y - 7.62));
        sheet.PowerFlag("GND", new Point(x + 137.16, y + 7.62));
    }

    /// <summary>
    /// The run and alarm LEDs a technician reads without a laptop: each on its own GPIO (pulled down: dark
    /// while the ESP32 is in reset), through a series resistor to a 0603 LED.
    /// </summary>
    public static void StatusLeds(Sheet sheet, PullResistor run, PullResistor alarm, string runResistor, string alarmResistor,
        string runLed, string alarmLed, double x, double y)
    {
        sheet.R(run.Reference, run.Value, x, y + 7.62, "RunLed", "GND");
        sheet.Led(runLed, "green", runResistor, "680", x + 15.24, y, "RunLed", "LED_RUN");
        sheet.R(alarm.Reference, alarm.Value, x, y + 43.18, "AlarmLed", "GND");
        sheet.Led(alarmLed, "red", alarmResistor, "680", x + 15.24, y + 35.56, "AlarmLed", "LED_ALM");
    }
}

/// <summary>The parts of a protected 5 V entry (<see cref="Blocks.PowerEntry"/>).</summary>
internal sealed record PowerEntryParts(string Connector, string Fuse, string FuseValue, string ReverseFet, string GateResistor, string Tvs, string Bulk, string Ceramic);

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
