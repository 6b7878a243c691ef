namespace ColdStandby.Schematics.Generator;

/// <summary>The Server Management Unit board: one per server, battery-backed.</summary>
internal static class SmuBoard
{
    public static Sheet Draw(KicadLibrary library, PinMap pinMap)
    {
        var sheet = new Sheet(library, "smu", "ColdStandby SMU board (Server Management Unit)", "A1");
        PullResistor Pull(string signal) => pinMap.Get("smu", signal).Pull!;

        sheet.Text(20.32, 20.32, "ColdStandby SMU board: one per server, battery-backed. Net labels on the ESP32 are the pin map's signal names (schematics/pinmap.csv).", 3.0);
        sheet.Text(20.32, 27.94, "Every output is LOW at reset through its 4k7 pull-down (nanoFramework also opens an output LOW): power button not pressed, request latch neither set nor cleared, alarm relay released = ALARM.", 2.0);

        Blocks.Esp32(sheet, pinMap, "smu", 132.08, 101.6);

        sheet.Text(200.66, 45.72, "Peer link: UART2 (COM3) -> RS-232 -> J2 PEER,\nnull-modem cable to the other SMU's J2", 2.0);
        Blocks.Rs232(sheet, "U2", ["C4", "C5", "C6", "C7", "C8"], "J2", "PEER", "PeerLinkTx", "PeerLinkRx", "PEER_TXD", "PEER_RXD", 246.38, 93.98);

        sheet.Text(375.92, 45.72, "Host link: UART1 (COM2) -> USB-UART bridge -> J3 HOST,\nUSB cable to this server", 2.0);
        Blocks.Usb(sheet, "U3", "J3", "HOST", ["R3", "R4", "R5"], ["C9", "C10"], "HostLinkTx", "HostLinkRx", 441.96, 93.98);

        double row = 210.82;
        sheet.Text(20.32, row - 45.72, "Power button: opto U4 across the server's front-panel\nPWR_SW pins (J4), beside the case button; J4.1 = + side", 2.0);
        Blocks.OptoOutput(sheet, Pull("PowerButton"), "Q1", "R11", "U4", "PowerButton", "PWRBTN", "SRV_PWRSW_P", "SRV_PWRSW_N", 30.48, row);
        sheet.Terminal("J4", "PWR_SW", 152.4, row + 10.16, "SRV_PWRSW_P", "SRV_PWRSW_N");

        sheet.Text(185.42, row - 45.72, "Power good: the server's front-panel\nPWR_LED pins (J5) light opto U5", 2.0);
        sheet.Terminal("J5", "PWR_LED", 198.12, row + 5.08, "SRV_PWRLED_P", "SRV_PWRLED_N");
        Blocks.OptoInput(sheet, Pull("PowerGood"), "U5", "D1", "PowerGood", "SRV_PWRLED_P", "SRV_PWRLED_N", 238.76, row);

        sheet.Text(292.1, row - 45.72, "Storage request: latch U9 holds it through the ESP32's reset or hang; set = rising edge on RequestSet,\n"
            + "clear = RequestClear high (Q4), or the supervisor U10 at power-up and below 3.08 V. Q drives the loop; read back on GPIO18", 2.0);
        var latch = new LatchCircuit("U9", "C21", "RequestSet", Pull("RequestSet"), "RequestClear", Pull("RequestClear"),
            "Q4", "REQ_CLR_N", "R17", "C22", "+3V3", "REQ_Q", Sheet.NoConnect);
        Blocks.Latch(sheet, latch, 345.44, row);
        sheet.R("R18", "1k", 378.46, row + 7.62, "REQ_Q", "StorageRequest");
        sheet.R(Pull("StorageRequest").Reference, Pull("StorageRequest").Value, 391.16, row + 20.32, "StorageRequest", "GND");

        sheet.Text(431.8, row - 30.48, "Storage link to the DM: J6 STORAGE, straight 4-wire\ncable to DM J4 (side A) or J5 (side B)", 2.0);
        Blocks.LoopOutput(sheet, null, "Q2", "R13", "REQ_Q", "STOR_REQ_P", "STOR_REQ_N", 383.54, row + 20.32);
        sheet.Terminal("J6", "STORAGE", 472.44, row + 5.08, "STOR_REQ_P", "STOR_REQ_N", "STOR_GNT_P", "STOR_GNT_N");
        Blocks.OptoInput(sheet, Pull("StorageGranted"), "U6", "D2", "StorageGranted", "STOR_GNT_P", "STOR_GNT_N", 510.54, row);

        Blocks.Supervisor(sheet, "U10", "C23", [("D4", "Diode:BAT54C", ["REQ_CLR_N", "EN"])], 353.06, row + 71.12);
        sheet.Text(320.04, row + 93.98, "Supervisor U10: holds every latch's /CLR and the ESP32's EN low below 3.08 V and for 350 ms after power-up.\n"
            + "The Schottkys keep them apart: EN pulled low by the PROG adapter never clears the latch.", 1.5);

        sheet.Text(599.44, row - 45.72, "Alarm relay K1: energised = no alarm; released\n(NC closed) = ALARM, also while the SMU is off or rebooting", 2.0);
        sheet.R(Pull("Alarm").Reference, Pull("Alarm").Value, 609.6, row + 7.62, "Alarm", "GND");
        sheet.Fet("Q3", 640.08, row, "Alarm", "RELAY_COIL_N");
        sheet.Part("K1", "Relay:G5V-1", "G5V-1 DC3", 670.56, row - 20.32, 0,
            Parts.Pins("2", "+3V3", "9", "RELAY_COIL_N", "5", "ALARM_COM", "1", "ALARM_NC", "10", "ALARM_NO"), footprint: "Relay_THT:Relay_SPDT_Omron_G5V-1");
        sheet.D("D3", 650.24, row - 40.64, "+3V3", "RELAY_COIL_N");
        sheet.Terminal("J7", "ALARM", 704.85, row + 5.08, "ALARM_COM", "ALARM_NC", "ALARM_NO");
        sheet.Text(599.44, row + 25.4, "J7: 1 COM, 2 NC = closed on ALARM, 3 NO = closed while healthy", 1.5);

        row = 365.76;
        sheet.Text(20.32, row - 30.48, "Repair button and side strap", 2.0);
        sheet.R(Pull("RepairButton").Reference, Pull("RepairButton").Value, 35.56, row - 7.62, "+3V3", "RepairButton");
        sheet.Part("SW1", "Switch:SW_Push", "REPAIR", 55.88, row + 7.62, 0, Parts.Pins("1", "RepairButton", "2", "GND"), footprint: "Button_Switch_THT:SW_PUSH_6mm");
        sheet.C("C20", "100n", 81.28, row + 7.62, "RepairButton");
        sheet.R(Pull("SideStrapA").Reference, Pull("SideStrapA").Value, 111.76, row - 7.62, "+3V3", "SideStrapA");
        sheet.R(Pull("SideStrapB").Reference, Pull("SideStrapB").Value, 127, row - 7.62, "+3V3", "SideStrapB");
        sheet.Part("JP1", "Connector_Generic:Conn_01x03", "SIDE", 165.1, row + 10.16, 0,
            Parts.Pins("1", "SideStrapA", "2", "GND", "3", "SideStrapB"), footprint: "Connector_PinHeader_2.54mm:PinHeader_1x03_P2.54mm_Vertical");
        sheet.Text(96.52, row + 25.4, "JP1 SIDE: jumper on 1-2 = side A, on 2-3 = side B.\nNo jumper or both pins low: the SMU refuses to run (strap fault).", 1.5);

        sheet.Text(205.74, row - 30.48, "Battery backup: 5 V in (server 5VSB or adapter) -> MCP73871 charger with power path -> VSYS -> 3.3 V LDO;\nthe Li-ion cell BT1 carries the SMU through a loss of the 5 V", 2.0);
        sheet.Terminal("J10", "5V_IN", 218.44, row + 2.54, "+5V", "GND");
        sheet.C("C30", "4u7", 241.3, row + 12.7, "+5V");
        sheet.Part("U7", "Battery_Management:MCP73871-2AA", "MCP73871-2AAI/ML", 294.64, row + 12.7, 0, Parts.Pins(
            "18", "+5V", "2", "+5V", "3", "+5V", "17", "+5V", "4", "+5V", "13", "CHG_PROG1", "12", "CHG_PROG3", "5", "CHG_THERM", "9", "GND",
            "1", "VSYS", "14", "VBAT", "16", "VBAT", "6", "ExternalPower", "7", Sheet.NoConnect, "8", Sheet.NoConnect, "10", "GND"),
            restUnconnected: true, footprint: "Package_DFN_QFN:QFN-20-1EP_4x4mm_P0.5mm_EP2.5x2.5mm");
        sheet.R("R30", "2k", 243.84, row + 50.8, "CHG_PROG1", "GND");
        sheet.R("R31", "100k", 256.54, row + 50.8, "CHG_PROG3", "GND");
        sheet.R("R32", "10k", 269.24, row + 50.8, "CHG_THERM", "GND");
        sheet.R(Pull("ExternalPower").Reference, Pull("ExternalPower").Value, 345.44, row + 12.7, "+3V3", "ExternalPower");
        sheet.Part("BT1", "Device:Battery_Cell", "Li-ion 18650 (protected)", 365.76, row + 12.7, 0, Parts.Pins("1", "VBAT", "2", "GND"),
            footprint: "Battery:BatteryHolder_Keystone_1042_1x18650");
        sheet.C("C31", "4u7", 398.78, row + 12.7, "VBAT");
        sheet.C("C32", "4u7", 414.02, row + 12.7, "VSYS");
        Blocks.Regulator(sheet, "U8", "VSYS", "C33", "C34", 464.82, row + 5.08);
        sheet.Text(205.74, row + 71.12, "PROG1 2k: 500 mA charge. THERM: fixed 10k (fit the pack's NTC instead where it has one). VPCC, SEL, CE, PROG2 to the 5 V input.\nU7 ~PG (open drain) is low while 5 V is present (ExternalPower asserted); the pull-up reads high when the SMU runs on its cell.", 1.5);
        return sheet;
    }
}
