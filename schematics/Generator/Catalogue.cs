namespace ColdStandby.Schematics.Generator;

/// <summary>
/// The orderable part behind every value and footprint the boards use: manufacturer and manufacturer part
/// number, written into each symbol (fields <c>Manufacturer</c> and <c>MPN</c>) and from there into the BOM.
/// A part the catalogue does not know stops the generator, so no symbol reaches a sheet without one.
/// </summary>
internal static class Catalogue
{
    private const string R0603 = "Resistor_SMD:R_0603_1608Metric";
    private const string C0603 = "Capacitor_SMD:C_0603_1608Metric";

    private static readonly Dictionary<(string Value, string Footprint), (string Manufacturer, string Mpn)> Parts = new()
    {
        // Resistors: 0603, 1 %, 0.1 W.
        [("220", R0603)] = ("Yageo", "RC0603FR-07220RL"),
        [("330", R0603)] = ("Yageo", "RC0603FR-07330RL"),
        [("470", R0603)] = ("Yageo", "RC0603FR-07470RL"),
        [("680", R0603)] = ("Yageo", "RC0603FR-07680RL"),
        [("1k", R0603)] = ("Yageo", "RC0603FR-071KL"),
        [("2k", R0603)] = ("Yageo", "RC0603FR-072KL"),
        [("4k7", R0603)] = ("Yageo", "RC0603FR-074K7L"),
        [("10k", R0603)] = ("Yageo", "RC0603FR-0710KL"),
        [("22k1", R0603)] = ("Yageo", "RC0603FR-0722K1L"),
        [("47k5", R0603)] = ("Yageo", "RC0603FR-0747K5L"),
        [("100k", R0603)] = ("Yageo", "RC0603FR-07100KL"),

        // Capacitors: 0603 ceramic (X7R, or X5R for the large values); the 5 V entry's damping electrolytic.
        [("1n", C0603)] = ("Murata", "GRM188R71H102KA01D"),
        [("100n", C0603)] = ("Murata", "GRM188R71H104KA93D"),
        [("1u", C0603)] = ("Murata", "GRM188R71C105KA12D"),
        [("4u7", C0603)] = ("Murata", "GRM188R61A475KE15D"),
        [("10u", C0603)] = ("Murata", "GRM188R61A106KE69D"),
        [("47u 16V", "Capacitor_SMD:CP_Elec_6.3x5.8")] = ("Panasonic", "EEE-FK1C470P"),

        // Semiconductors.
        [("1N4148", "Diode_THT:D_DO-35_SOD27_P7.62mm_Horizontal")] = ("Vishay", "1N4148-TAP"),
        [("BAT54C", "Package_TO_SOT_SMD:SOT-23")] = ("Nexperia", "BAT54C,215"),
        [("BAT54W", "Package_TO_SOT_SMD:SOT-323_SC-70")] = ("Nexperia", "BAT54W,115"),
        [("SM6T6V8A", "Diode_SMD:D_SMB")] = ("STMicroelectronics", "SM6T6V8A"),
        [("SMF5.0CA", "Diode_SMD:D_SOD-123F")] = ("Littelfuse", "SMF5.0CA"),
        [("SMAJ33CA", "Diode_SMD:D_SMA")] = ("Littelfuse", "SMAJ33CA"),
        [("2N7002", "Package_TO_SOT_SMD:SOT-23")] = ("Nexperia", "2N7002,215"),
        [("AO3400A", "Package_TO_SOT_SMD:SOT-23")] = ("Alpha & Omega", "AO3400A"),
        [("AO3401A", "Package_TO_SOT_SMD:SOT-23")] = ("Alpha & Omega", "AO3401A"),
        [("green", "LED_SMD:LED_0603_1608Metric")] = ("Kingbright", "APT1608SGC"),
        [("red", "LED_SMD:LED_0603_1608Metric")] = ("Kingbright", "APT1608EC"),
        [("PC817", "Package_DIP:DIP-4_W7.62mm")] = ("Sharp", "PC817X2NSZ9F"),
        [("TLP222A", "Package_DIP:DIP-4_W7.62mm")] = ("Toshiba", "TLP222A(F)"),
        [("USBLC6-2SC6", "Package_TO_SOT_SMD:SOT-23-6")] = ("STMicroelectronics", "USBLC6-2SC6"),
        [("SN74LVC1G74DCUR", "Package_SO:VSSOP-8_2.3x2mm_P0.5mm")] = ("Texas Instruments", "SN74LVC1G74DCUR"),
        [("MCP120T-315I/TT", "Package_TO_SOT_SMD:SOT-23")] = ("Microchip", "MCP120T-315I/TT"),
        [("ESP32-WROOM-32E", "RF_Module:ESP32-WROOM-32")] = ("Espressif", "ESP32-WROOM-32E-N4"),
        [("MAX3232EIDR", "Package_SO:SOIC-16_3.9x9.9mm_P1.27mm")] = ("Texas Instruments", "MAX3232EIDR"),
        [("CP2102N-A02-GQFN20", "Package_DFN_QFN:QFN-20-1EP_3x3mm_P0.5mm_EP1.6x1.6mm")] = ("Silicon Labs", "CP2102N-A02-GQFN20R"),
        [("MCP73871-2AAI/ML", "Package_DFN_QFN:QFN-20-1EP_4x4mm_P0.5mm_EP2.5x2.5mm")] = ("Microchip", "MCP73871-2AAI/ML"),
        [("AP7361C-33E", "Package_TO_SOT_SMD:SOT-223-3_TabPin2")] = ("Diodes Inc.", "AP7361C-33E-13"),

        // Protection.
        [("1.1A PTC", "Fuse:Fuse_1812_4532Metric")] = ("Bourns", "MF-MSMF110-2"),
        [("0.5A PTC", "Fuse:Fuse_1812_4532Metric")] = ("Bourns", "MF-MSMF050-2"),
        [("2A fast", "Fuse:Fuse_1206_3216Metric")] = ("Littelfuse", "0466002.NR"),
        [("10k NTC B3380", "Resistor_THT:R_Axial_DIN0204_L3.6mm_D1.6mm_P2.54mm_Vertical")] = ("Murata", "NXFT15XH103FA2B050"),

        // Electromechanical.
        [("G5V-1 DC3", "Relay_THT:Relay_SPDT_Omron_G5V-1")] = ("Omron", "G5V-1 DC3"),
        [("6 mm tactile", "Button_Switch_THT:SW_PUSH_6mm")] = ("Omron", "B3F-1000"),
        [("18650 holder", "Battery:BatteryHolder_Keystone_1042_1x18650")] = ("Keystone", "1042"),
        [("1x06 header", "Connector_PinHeader_2.54mm:PinHeader_1x06_P2.54mm_Vertical")] = ("Wurth Elektronik", "61300611121"),
        [("1x03 header", "Connector_PinHeader_2.54mm:PinHeader_1x03_P2.54mm_Vertical")] = ("Wurth Elektronik", "61300311121"),
        [("USB-B", "Connector_USB:USB_B_OST_USB-B1HSxx_Horizontal")] = ("On Shore Technology", "USB-B1HSW6"),
        [("DE-9 male", "Connector_Dsub:DSUB-9_Male_Horizontal_P2.77x2.84mm_EdgePinOffset9.90mm_Housed_MountingHolesOffset11.32mm")] = ("Amphenol", "L717SDE09P"),
        [("2-way 5.08", "TerminalBlock_Phoenix:TerminalBlock_Phoenix_MKDS-1,5-2-5.08_1x02_P5.08mm_Horizontal")] = ("Phoenix Contact", "1715721"),
        [("3-way 5.08", "TerminalBlock_Phoenix:TerminalBlock_Phoenix_MKDS-1,5-3-5.08_1x03_P5.08mm_Horizontal")] = ("Phoenix Contact", "1715734"),
        [("4-way 5.08", "TerminalBlock_Phoenix:TerminalBlock_Phoenix_MKDS-1,5-4-5.08_1x04_P5.08mm_Horizontal")] = ("Phoenix Contact", "1715747"),
    };

    /// <summary>The manufacturer and part number of <paramref name="orderValue"/> in <paramref name="footprint"/>.</summary>
    public static (string Manufacturer, string Mpn) For(string reference, string orderValue, string footprint) =>
        Parts.TryGetValue((orderValue, footprint), out var part) ? part
            : throw new KeyNotFoundException($"{reference}: no orderable part for '{orderValue}' in {footprint}: add it to Generator/Catalogue.cs");
}
