namespace ColdStandby.Schematics.Generator;

/// <summary>The Disk Manager board, in the storage cabinet.</summary>
internal static class DmBoard
{
    public static Sheet Draw(KicadLibrary library, PinMap pinMap)
    {
        var sheet = new Sheet(library, "dm", "ColdStandby DM board (Disk Manager)", "A2");
        PullResistor Pull(string signal) => pinMap.Get("dm", signal).Pull!;

        sheet.Text(20.32, 20.32, "ColdStandby DM board: grants the shared enclosures to one side. Net labels on the ESP32 are the pin map's signal names (schematics/pinmap.csv).", 3.0);
        sheet.Text(20.32, 27.94, "Every output is LOW at reset through its 4k7 pull-down (nanoFramework also opens an output LOW): no access for either side, no grant to either SMU.", 2.0);

        Blocks.Esp32(sheet, pinMap, "dm", 132.08, 101.6);

        sheet.Text(200.66, 45.72, "Disk-controller link: UART2 (COM3) -> RS-232 -> J3 CONTROLLER\n(DTE pinout: null-modem cable to the controller)", 2.0);
        Blocks.Rs232(sheet, "U2", ["C4", "C5", "C6", "C7", "C8"], "J3", "CONTROLLER", "ControllerLinkTx", "ControllerLinkRx", "CTRL_TXD", "CTRL_RXD", 246.38, 93.98);

        sheet.Text(375.92, 45.72, "Management link: UART1 (COM2) -> USB-UART bridge -> J2 MGMT,\nUSB cable to the management PC", 2.0);
        Blocks.Usb(sheet, "U3", "J2", "MGMT", ["R3", "R4", "R5"], ["C9", "C10"], "ManagementLinkTx", "ManagementLinkRx", 441.96, 93.98);

        double row = 210.82;
        sheet.Text(20.32, row - 45.72, "Access right, side A: isolated contact J6\nto enclosure set A (closed = access)", 2.0);
        Blocks.OptoOutput(sheet, Pull("AccessA"), "Q1", "R14", "U4", "AccessA", "ACCA", "ACCESS_A_P", "ACCESS_A_N", 30.48, row);
        sheet.Terminal("J6", "ACCESS_A", 152.4, row + 10.16, "ACCESS_A_P", "ACCESS_A_N");

        sheet.Text(190.5, row - 45.72, "Access right, side B: isolated contact J7\nto enclosure set B (closed = access)", 2.0);
        Blocks.OptoOutput(sheet, Pull("AccessB"), "Q2", "R15", "U5", "AccessB", "ACCB", "ACCESS_B_P", "ACCESS_B_N", 190.5, row);
        sheet.Terminal("J7", "ACCESS_B", 312.42, row + 10.16, "ACCESS_B_P", "ACCESS_B_N");

        sheet.Text(350.52, row - 45.72, "Side A storage link J4: SMU A's request in (pins 1-2), grant out (3-4)", 2.0);
        Blocks.OptoInput(sheet, Pull("RequestA"), "U6", "D1", "RequestA", "A_REQ_P", "A_REQ_N", 370.84, row);
        sheet.Terminal("J4", "SIDE_A", 414.02, row + 5.08, "A_REQ_P", "A_REQ_N", "A_GNT_P", "A_GNT_N");
        Blocks.LoopOutput(sheet, Pull("GrantA"), "Q3", "R16", "GrantA", "A_GNT_P", "A_GNT_N", 449.58, row);

        row = 297.18;
        sheet.Text(350.52, row - 45.72, "Side B storage link J5: SMU B's request in (pins 1-2), grant out (3-4)", 2.0);
        Blocks.OptoInput(sheet, Pull("RequestB"), "U7", "D2", "RequestB", "B_REQ_P", "B_REQ_N", 370.84, row);
        sheet.Terminal("J5", "SIDE_B", 414.02, row + 5.08, "B_REQ_P", "B_REQ_N", "B_GNT_P", "B_GNT_N");
        Blocks.LoopOutput(sheet, Pull("GrantB"), "Q4", "R17", "GrantB", "B_GNT_P", "B_GNT_N", 449.58, row);

        sheet.Text(20.32, row - 30.48, "Supply: 5 V from the cabinet -> 3.3 V LDO. The DM keeps its grant memory and event log in flash, not on a battery.", 2.0);
        sheet.Terminal("J8", "5V_IN", 40.64, row + 2.54, "+5V", "GND");
        Blocks.Regulator(sheet, "U8", "+5V", "C33", "C34", 106.68, row + 5.08);
        return sheet;
    }
}
