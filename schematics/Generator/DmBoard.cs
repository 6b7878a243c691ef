namespace ColdStandby.Schematics.Generator;

/// <summary>The Disk Manager board, in the storage cabinet.</summary>
internal static class DmBoard
{
    public static Sheet Draw(KicadLibrary library, PinMap pinMap)
    {
        var sheet = new Sheet(library, "dm", "ColdStandby DM board (Disk Manager)", "A2");
        PullResistor Pull(string signal) => pinMap.Get("dm", signal).Pull!;

        sheet.Text(20.32, 20.32, "ColdStandby DM board: grants the shared enclosures to one side. Net labels on the ESP32 are the pin map's signal names (schematics/pinmap.csv).", 3.0);
        sheet.Text(20.32, 27.94, "Every output is LOW at reset through its 4k7 pull-down (nanoFramework also opens an output LOW): the access latches are neither set nor cleared by a reset.", 2.0);

        Blocks.Esp32(sheet, pinMap, "dm", 132.08, 101.6);

        sheet.Text(200.66, 45.72, "Disk-controller link: UART2 (COM3) -> RS-232 -> J3 CONTROLLER\n(DTE pinout: null-modem cable to the controller)", 2.0);
        Blocks.Rs232(sheet, "U2", ["C4", "C5", "C6", "C7", "C8"], "J3", "CONTROLLER", "ControllerLinkTx", "ControllerLinkRx", "CTRL_TXD", "CTRL_RXD", 246.38, 93.98);

        sheet.Text(375.92, 45.72, "Management link: UART1 (COM2) -> USB-UART bridge -> J2 MGMT,\nUSB cable to the management PC", 2.0);
        Blocks.Usb(sheet, "U3", "J2", "MGMT", ["R3", "R4", "R5"], ["C9", "C10"], "ManagementLinkTx", "ManagementLinkRx", 441.96, 93.98);

        double row = 210.82;
        sheet.Text(20.32, row - 45.72, "Access right, side A: isolated contact J6 to enclosure\nset A (closed = access), driven by latch U10's Q", 2.0);
        Blocks.OptoOutput(sheet, Pull("AccessA"), "Q1", "R14", "U4", "AccessA", "ACCA", "ACCESS_A_P", "ACCESS_A_N", 30.48, row);
        sheet.Terminal("J6", "ACCESS_A", 152.4, row + 10.16, "ACCESS_A_P", "ACCESS_A_N");

        sheet.Text(190.5, row - 45.72, "Access right, side B: isolated contact J7 to enclosure\nset B (closed = access), driven by latch U11's Q", 2.0);
        Blocks.OptoOutput(sheet, Pull("AccessB"), "Q2", "R15", "U5", "AccessB", "ACCB", "ACCESS_B_P", "ACCESS_B_N", 190.5, row);
        sheet.Terminal("J7", "ACCESS_B", 312.42, row + 10.16, "ACCESS_B_P", "ACCESS_B_N");

        sheet.Text(350.52, row - 45.72, "Side A storage link J4: SMU A's request in (pins 1-2), grant out (3-4) = latch U10's Q", 2.0);
        Blocks.OptoInput(sheet, Pull("RequestA"), "U6", "D1", "RequestA", "A_REQ_P", "A_REQ_N", 370.84, row);
        sheet.Terminal("J4", "SIDE_A", 414.02, row + 5.08, "A_REQ_P", "A_REQ_N", "A_GNT_P", "A_GNT_N");
        Blocks.LoopOutput(sheet, null, "Q3", "R16", "AccessA", "A_GNT_P", "A_GNT_N", 449.58, row);

        row = 297.18;
        sheet.Text(350.52, row - 45.72, "Side B storage link J5: SMU B's request in (pins 1-2), grant out (3-4) = latch U11's Q", 2.0);
        Blocks.OptoInput(sheet, Pull("RequestB"), "U7", "D2", "RequestB", "B_REQ_P", "B_REQ_N", 370.84, row);
        sheet.Terminal("J5", "SIDE_B", 414.02, row + 5.08, "B_REQ_P", "B_REQ_N", "B_GNT_P", "B_GNT_N");
        Blocks.LoopOutput(sheet, null, "Q4", "R17", "AccessB", "B_GNT_P", "B_GNT_N", 449.58, row);

        sheet.Text(20.32, row - 30.48, "Supply: 5 V from the cabinet -> 3.3 V LDO", 2.0);
        sheet.Terminal("J8", "5V_IN", 40.64, row + 2.54, "+5V", "GND");
        Blocks.Regulator(sheet, "U8", "+5V", "C33", "C34", 106.68, row + 5.08);

        sheet.Text(170.18, row - 30.48, "Access latches U10 (side A), U11 (side B): they hold through the DM's reset or hang.\n"
            + "Set = rising edge on AccessSetX; clear = AccessClearX high (Q5/Q6), or the supervisor U12 at power-up.\n"
            + "Interlock: each latch's D is the other's /Q, so a set is refused while the other side holds.", 2.0);
        Blocks.Latch(sheet, new LatchCircuit("U10", "C20", "AccessSetA", Pull("AccessSetA"), "AccessClearA", Pull("AccessClearA"),
            "Q5", "ACC_A_CLR_N", "R24", "C21", "ACC_B_NQ", "AccessA", "ACC_A_NQ"), 223.52, row);
        Blocks.Latch(sheet, new LatchCircuit("U11", "C22", "AccessSetB", Pull("AccessSetB"), "AccessClearB", Pull("AccessClearB"),
            "Q6", "ACC_B_CLR_N", "R25", "C23", "ACC_A_NQ", "AccessB", "ACC_B_NQ"), 309.88, row);
        Blocks.Supervisor(sheet, "U12", "C24", [("D3", "Diode:BAT54C", ["ACC_A_CLR_N", "ACC_B_CLR_N"]), ("D4", "Diode:BAT54W", ["EN"])], 213.36, row + 71.12);
        sheet.Text(170.18, row + 91.44, "Supervisor U12: a cold power-on or a brown-out below 3.08 V clears both latches (nobody holds) and holds the ESP32 in reset.", 1.5);
        return sheet;
    }
}
