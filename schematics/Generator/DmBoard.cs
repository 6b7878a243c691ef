namespace ColdStandby.Schematics.Generator;

/// <summary>The Disk Manager board, in the storage cabinet.</summary>
internal static class DmBoard
{
    public static Sheet Draw(KicadLibrary library, PinMap pinMap)
    {
        var sheet = new Sheet(library, "dm", "ColdStandby DM board (Disk Manager)", "A1");
        PullResistor Pull(string signal) => pinMap.Get("dm", signal).Pull!;

        sheet.Text(20.32, 22.86, "ColdStandby DM board: grants the shared enclosures to one side. Net labels on the ESP32 are the pin map's signal names (schematics/pinmap.csv).", 3.0);
        sheet.Text(20.32, 30.48, "Every output is LOW at reset through its 4k7 pull-down (nanoFramework also opens an output LOW): the access latches are neither set nor cleared by a reset; LEDs dark.", 2.0);

        // Row 1: the ESP32, the disk-controller link, the management link, the supervisor and the status LEDs.
        Blocks.Esp32(sheet, pinMap, "dm", 132.08, 101.6);

        sheet.Text(200.66, 45.72, "Disk-controller link: UART2 (COM3) -> RS-232 -> J3 CONTROLLER\n(DTE pinout: null-modem cable to the controller)", 2.0);
        Blocks.Rs232(sheet, "U2", ["C4", "C5", "C6", "C7", "C8"], "J3", "CONTROLLER", "ControllerLinkTx", "ControllerLinkRx", "CTRL_TXD", "CTRL_RXD", 246.38, 93.98);

        sheet.Text(360.68, 45.72, "Management link: UART1 (COM2) -> USB-UART bridge -> J2 MGMT,\nUSB cable to the management PC; U9 clamps ESD on the socket", 2.0);
        Blocks.Usb(sheet, "U3", "U9", "J2", "MGMT", ["R3", "R4", "R5"], ["C9", "C10"], "ManagementLinkTx", "ManagementLinkRx", 459.74, 93.98);

        sheet.Text(546.1, 45.72, "Supervisor U12: a cold power-on or a brown-out below 3.08 V clears\nboth latches (nobody holds) and holds the ESP32 in reset; the\nSchottkys keep EN apart from the latches' /CLR.", 2.0);
        Blocks.Supervisor(sheet, "U12", "C24", [("D3", "Diode:BAT54C", ["ACC_A_CLR_N", "ACC_B_CLR_N"]), ("D4", "Diode:BAT54W", ["EN"])], 563.88, 88.9);

        sheet.Text(706.12, 124.46, "Status LEDs: RUN (green) blinks while the\nfirmware runs; ALARM (red) on a fault.\nBoth dark in reset.", 2.0);
        Blocks.StatusLeds(sheet, Pull("RunLed"), Pull("AlarmLed"), "R40", "R41", "D14", "D15", 716.28, 139.7);

        // Row 2: the two access latches and the two sides' storage links.
        double row = 215.9;
        sheet.Text(20.32, row - 45.72, "Access latches U10 (side A), U11 (side B): they hold through the DM's reset or hang.\n"
            + "Set = rising edge on AccessSetX; clear = AccessClearX high (Q1/Q2), or the supervisor U12 at power-up.\n"
            + "Interlock: each latch's D is the other's /Q, so a set is refused while the other side holds.", 2.0);
        Blocks.Latch(sheet, new LatchCircuit("U10", "C20", "AccessSetA", Pull("AccessSetA"), "AccessClearA", Pull("AccessClearA"),
            "Q1", "ACC_A_CLR_N", "R24", "C21", "ACC_B_NQ", "AccessA", "ACC_A_NQ"), 71.12, row);
        Blocks.Latch(sheet, new LatchCircuit("U11", "C22", "AccessSetB", Pull("AccessSetB"), "AccessClearB", Pull("AccessClearB"),
            "Q2", "ACC_B_CLR_N", "R25", "C23", "ACC_A_NQ", "AccessB", "ACC_B_NQ"), 180.34, row);
        sheet.R(Pull("AccessA").Reference, Pull("AccessA").Value, 111.76, row + 20.32, "AccessA", "GND");
        sheet.R(Pull("AccessB").Reference, Pull("AccessB").Value, 220.98, row + 20.32, "AccessB", "GND");

        sheet.Text(256.54, row - 45.72, "Side A storage link J4: SMU A's request in (pins 1-2),\ngrant out (3-4) from latch U10's Q and /Q", 2.0);
        Blocks.OptoInput(sheet, Pull("RequestA"), "U6", "D1", "D6", "RequestA", "A_REQ_P", "A_REQ_N", 294.64, row);
        sheet.Terminal("J4", "SIDE_A", 337.82, row + 5.08, "A_REQ_P", "A_REQ_N", "A_GNT_P", "A_GNT_N");
        Blocks.PolarityLoop(sheet, "AccessA", "ACC_A_NQ", "R16", "R18", "A_GNT_P", "A_GNT_N", "D8", "D9", 363.22, row);

        sheet.Text(449.58, row - 45.72, "Side B storage link J5: SMU B's request in (pins 1-2),\ngrant out (3-4) from latch U11's Q and /Q", 2.0);
        Blocks.OptoInput(sheet, Pull("RequestB"), "U7", "D2", "D7", "RequestB", "B_REQ_P", "B_REQ_N", 487.68, row);
        sheet.Terminal("J5", "SIDE_B", 530.86, row + 5.08, "B_REQ_P", "B_REQ_N", "B_GNT_P", "B_GNT_N");
        Blocks.PolarityLoop(sheet, "AccessB", "ACC_B_NQ", "R17", "R19", "B_GNT_P", "B_GNT_N", "D10", "D11", 556.26, row);

        // Row 3: the access-right outputs to the enclosures, the protected 5 V entry, the regulator.
        row = 355.6;
        sheet.Text(20.32, row - 30.48, "Access right A: relay U4 (TLP222A) from latch\nU10's Q: J6 to enclosure set A (closed = access)", 2.0);
        Blocks.LatchedRelayOutput(sheet, "AccessA", "R14", "U4", "D12", "SMAJ33CA", "ACCA", "ACCESS_A_P", "ACCESS_A_N", 33.02, row);
        sheet.Terminal("J6", "ACCESS_A", 111.76, row + 5.08, "ACCESS_A_P", "ACCESS_A_N");

        sheet.Text(149.86, row - 30.48, "Access right B: relay U5 (TLP222A) from latch\nU11's Q: J7 to enclosure set B (closed = access)", 2.0);
        Blocks.LatchedRelayOutput(sheet, "AccessB", "R15", "U5", "D13", "SMAJ33CA", "ACCB", "ACCESS_B_P", "ACCESS_B_N", 162.56, row);
        sheet.Terminal("J7", "ACCESS_B", 241.3, row + 5.08, "ACCESS_B_P", "ACCESS_B_N");
        sheet.Text(20.32, row + 53.34, "The enclosures' access-right input this assumes: a dry-contact input, at most 30 V DC (or 24 V AC) and 100 mA, either polarity.\n"
            + "TLP222A: 60 V, 0.5 A, about 0.5 ohm closed; SMAJ33CA clamps to under its 60 V. An input outside that needs another relay.", 1.5);

        sheet.Text(281.94, row - 30.48, "Protected 5 V entry from the cabinet: F1 0.5 A PTC, Q3 reverse-polarity\nP-MOSFET, D5 TVS, C35 damping electrolytic against hot-plug ringing", 2.0);
        Blocks.PowerEntry(sheet, new PowerEntryParts("J8", "F1", "0.5A PTC", "Q3", "R33", "D5", "C35", "C30"), 297.18, row);

        sheet.Text(441.96, row - 30.48, "3.3 V: AP7361C (SOT-223) from +5V", 2.0);
        Blocks.Regulator(sheet, "U8", "+5V", "C33", "C34", 474.98, row + 5.08);
        return sheet;
    }
}
