namespace ColdStandby.Schematics.Generator;

/// <summary>The Server Management Unit board: one per server, battery-backed.</summary>
internal static class SmuBoard
{
    public static Sheet Draw(KicadLibrary library, PinMap pinMap)
    {
        var sheet = new Sheet(library, "smu", "ColdStandby SMU board (Server Management Unit)", "A1");
        PullResistor Pull(string signal) => pinMap.Get("smu", signal).Pull!;

        sheet.Text(20.32, 22.86, "ColdStandby SMU board: one per server, battery-backed. Net labels on the ESP32 are the pin map's signal names (schematics/pinmap.csv).", 3.0);
        sheet.Text(20.32, 30.48, "Every output is LOW at reset through its 4k7 pull-down (nanoFramework also opens an output LOW): power button not pressed, request latch neither set nor cleared, alarm relay released = ALARM, LEDs dark.", 2.0);

        // Row 1: the ESP32, the peer link, the host link, the supervisor and the status LEDs.
        Blocks.Esp32(sheet, pinMap, "smu", 132.08, 101.6);

        sheet.Text(200.66, 45.72, "Peer link: UART2 (COM3) -> RS-232 -> J2 PEER,\nnull-modem cable to the other SMU's J2", 2.0);
        Blocks.Rs232(sheet, "U2", ["C4", "C5", "C6", "C7", "C8"], "J2", "PEER", "PeerLinkTx", "PeerLinkRx", "PEER_TXD", "PEER_RXD", 246.38, 93.98);

        sheet.Text(360.68, 45.72, "Host link: UART1 (COM2) -> USB-UART bridge -> J3 HOST,\nUSB cable to this server; U11 clamps ESD on the socket", 2.0);
        Blocks.Usb(sheet, "U3", "U11", "J3", "HOST", ["R3", "R4", "R5"], ["C9", "C10"], "HostLinkTx", "HostLinkRx", 459.74, 93.98);

        sheet.Text(546.1, 45.72, "Supervisor U10: holds the request latch's /CLR and the ESP32's EN low\nbelow 3.08 V and for 350 ms after power-up. The Schottkys keep them\napart: EN pulled low by the PROG adapter never clears the latch.", 2.0);
        Blocks.Supervisor(sheet, "U10", "C23", [("D4", "Diode:BAT54C", ["REQ_CLR_N", "EN"])], 571.5, 88.9);

        sheet.Text(689.61, 45.72, "Status LEDs: RUN (green) blinks while the\nfirmware runs; ALARM (red) while an alarm is\nraised (as the alarm relay). Both dark in reset.", 2.0);
        Blocks.StatusLeds(sheet, Pull("RunLed"), Pull("AlarmLed"), "R40", "R41", "D11", "D12", 701.04, 86.36);

        // Row 2: the server's front panel, the storage request latch and link, the alarm relay.
        double row = 210.82;
        sheet.Text(20.32, row - 45.72, "Power button: photo-MOSFET relay U4 across the server's\nfront-panel PWR_SW pins (J4), beside the case button;\npolarity-free, either pin may be the pulled-up one", 2.0);
        Blocks.PhotoRelayOutput(sheet, Pull("PowerButton"), "Q1", "R11", "U4", "D6", "SMF5.0CA", "PowerButton", "PWRBTN",
            "SRV_PWRSW_P", "SRV_PWRSW_N", 25.4, row);
        sheet.Terminal("J4", "PWR_SW", 162.56, row + 10.16, "SRV_PWRSW_P", "SRV_PWRSW_N");

        sheet.Text(190.5, row - 45.72, "Power good: the server's front-panel PWR_LED\npins (J5) light opto U5 through R29 1k", 2.0);
        sheet.Terminal("J5", "PWR_LED", 200.66, row + 5.08, "SRV_PWRLED_P", "SRV_PWRLED_N");
        Blocks.OptoInput(sheet, Pull("PowerGood"), "U5", "D1", "D7", "PowerGood", "SRV_PWRLED_P", "SRV_PWRLED_N", 256.54, row, series: "R29");

        sheet.Text(312.42, row - 45.72, "Storage request: latch U9 holds it through the ESP32's reset or hang. Set = rising edge on RequestSet;\n"
            + "clear = RequestClear high (Q2), or the supervisor U10 at power-up and below 3.08 V. Q and /Q drive the loop\n"
            + "to the DM with opposite polarities; Q is read back on GPIO18 through R18.", 2.0);
        var latch = new LatchCircuit("U9", "C21", "RequestSet", Pull("RequestSet"), "RequestClear", Pull("RequestClear"),
            "Q2", "REQ_CLR_N", "R17", "C22", "+3V3", "REQ_Q", "REQ_NQ");
        Blocks.Latch(sheet, latch, 368.3, row);
        sheet.R("R18", "1k", 401.32, row + 7.62, "REQ_Q", "StorageRequest");
        sheet.R(Pull("StorageRequest").Reference, Pull("StorageRequest").Value, 414.02, row + 20.32, "StorageRequest", "GND");

        sheet.Text(441.96, row - 17.78, "Storage link J6 STORAGE: straight 4-wire cable\nto DM J4 (side A) or J5 (side B)", 2.0);
        Blocks.PolarityLoop(sheet, "REQ_Q", "REQ_NQ", "R13", "R19", "STOR_REQ_P", "STOR_REQ_N", "D8", "D9", 447.04, row);
        sheet.Terminal("J6", "STORAGE", 518.16, row + 5.08, "STOR_REQ_P", "STOR_REQ_N", "STOR_GNT_P", "STOR_GNT_N");
        Blocks.OptoInput(sheet, Pull("StorageGranted"), "U6", "D2", "D10", "StorageGranted", "STOR_GNT_P", "STOR_GNT_N", 576.58, row);

        sheet.Text(629.92, row - 45.72, "Alarm relay K1: energised = no alarm; released (NC closed) = ALARM,\nalso while the SMU is off or rebooting. Q3 is logic-level (AO3400A):\nfully on at a 2.5 V gate for the coil's 50 mA, also on the battery.", 2.0);
        sheet.R(Pull("Alarm").Reference, Pull("Alarm").Value, 637.54, row + 7.62, "Alarm", "GND");
        sheet.Fet("Q3", 668.02, row, "Alarm", "RELAY_COIL_N", "AO3400A");
        sheet.Part("K1", "Relay:G5V-1", "G5V-1 DC3", 706.12, row - 10.16, 0,
            Parts.Pins("2", "+3V3", "9", "RELAY_COIL_N", "5", "ALARM_COM", "1", "ALARM_NC", "10", "ALARM_NO"), footprint: "Relay_THT:Relay_SPDT_Omron_G5V-1",
            fieldsAt: new Point(12.7, -12.7));
        sheet.D("D3", 670.56, row - 30.48, "+3V3", "RELAY_COIL_N");
        sheet.Terminal("J7", "ALARM", 754.38, row + 5.08, "ALARM_COM", "ALARM_NC", "ALARM_NO");
        sheet.Text(629.92, row + 33.02, "J7: 1 COM, 2 NC = closed on ALARM, 3 NO = closed while healthy", 1.5);

        // Row 3: repair button and side strap, the protected 5 V entry, the charger and cell, the regulator.
        row = 365.76;
        sheet.Text(20.32, row - 30.48, "Repair button and side strap", 2.0);
        sheet.R(Pull("RepairButton").Reference, Pull("RepairButton").Value, 35.56, row - 7.62, "+3V3", "RepairButton");
        sheet.Part("SW1", "Switch:SW_Push", "REPAIR", 66.04, row + 7.62, 0, Parts.Pins("1", "RepairButton", "2", "GND"),
            footprint: "Button_Switch_THT:SW_PUSH_6mm", part: "6 mm tactile");
        sheet.C("C20", "100n", 88.9, row + 7.62, "RepairButton");
        sheet.R(Pull("SideStrapA").Reference, Pull("SideStrapA").Value, 111.76, row - 7.62, "+3V3", "SideStrapA");
        sheet.R(Pull("SideStrapB").Reference, Pull("SideStrapB").Value, 127, row - 7.62, "+3V3", "SideStrapB");
        sheet.Part("JP1", "Connector_Generic:Conn_01x03", "SIDE", 160.02, row + 10.16, 0,
            Parts.Pins("1", "SideStrapA", "2", "GND", "3", "SideStrapB"),
            footprint: "Connector_PinHeader_2.54mm:PinHeader_1x03_P2.54mm_Vertical", part: "1x03 header");
        sheet.Text(96.52, row + 38.1, "JP1 SIDE: jumper on 1-2 = side A, on 2-3 = side B.\nNo jumper or both pins low: the SMU refuses to run (strap fault).", 1.5);

        sheet.Text(200.66, row - 30.48, "Protected 5 V entry (server 5VSB or adapter): F1 1.1 A PTC, Q4 reverse-polarity\nP-MOSFET, D5 TVS, C35 damping electrolytic against hot-plug ringing", 2.0);
        Blocks.PowerEntry(sheet, new PowerEntryParts("J10", "F1", "1.1A PTC", "Q4", "R33", "D5", "C35", "C30"), 215.9, row);

        sheet.Text(363.22, row - 30.48, "Battery backup: +5V -> MCP73871 charger with power path -> VSYS -> 3.3 V regulator;\nthe Li-ion cell BT1 (through fuse F2) carries the SMU through a loss of the 5 V", 2.0);
        sheet.Part("U7", "Battery_Management:MCP73871-2AA", "MCP73871-2AAI/ML", 411.48, row + 20.32, 0, Parts.Pins(
            "18", "+5V", "2", "+5V", "3", "+5V", "17", "+5V", "4", "+5V", "13", "CHG_PROG1", "12", "CHG_PROG3", "5", "CHG_THERM", "9", "GND",
            "1", "VSYS", "14", "VBAT", "16", "VBAT", "6", "ExternalPower", "8", "BatteryLow", "7", Sheet.NoConnect, "10", "GND"),
            restUnconnected: true, footprint: "Package_DFN_QFN:QFN-20-1EP_4x4mm_P0.5mm_EP2.5x2.5mm", fieldsAt: new Point(20.32, -27.94));
        sheet.R("R30", "2k", 363.22, row + 58.42, "CHG_PROG1", "GND");
        sheet.R("R31", "100k", 375.92, row + 58.42, "CHG_PROG3", "GND");
        sheet.Part("RT1", "Device:Thermistor_NTC", "10k NTC B3380", 388.62, row + 58.42, 0, Parts.Pins("1", "CHG_THERM", "2", "GND"),
            footprint: "Resistor_THT:R_Axial_DIN0204_L3.6mm_D1.6mm_P2.54mm_Vertical");
        sheet.R(Pull("ExternalPower").Reference, Pull("ExternalPower").Value, 462.28, row + 5.08, "+3V3", "ExternalPower");
        sheet.R(Pull("BatteryLow").Reference, Pull("BatteryLow").Value, 474.98, row + 5.08, "+3V3", "BatteryLow");
        sheet.Inline("F2", "Device:Fuse", "2A fast", "Fuse:Fuse_1206_3216Metric", 497.84, row + 12.7, "VBAT", "BAT_P");
        sheet.Part("BT1", "Device:Battery_Cell", "18650 protected", 518.16, row + 25.4, 0, Parts.Pins("1", "BAT_P", "2", "GND"),
            footprint: "Battery:BatteryHolder_Keystone_1042_1x18650", part: "18650 holder");
        sheet.C("C31", "4u7", 546.1, row + 25.4, "VBAT");
        sheet.C("C32", "4u7", 558.8, row + 25.4, "VSYS");
        sheet.Text(363.22, row + 83.82, "PROG1 2k: 500 mA charge. RT1: 10k NTC (B 3380) taped to the cell: charging only between about 3 and 45 C\n"
            + "(THERM 50 uA; stops above 1.24 V or below 0.25 V). VPCC, SEL, CE, PROG2 to +5V. ~PG low while 5 V is present (ExternalPower).\n"
            + "STAT1/~LBO (open drain, BatteryLow): low while charging, or, on the cell, when it falls below 3.2 V: low battery.", 1.5);

        sheet.Text(586.74, row - 30.48, "3.3 V: AP7361C (SOT-223) from VSYS", 2.0);
        Blocks.Regulator(sheet, "U8", "VSYS", "C33", "C34", 619.76, row + 5.08);
        return sheet;
    }
}
