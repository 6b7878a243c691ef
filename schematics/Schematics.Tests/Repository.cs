using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

/// <summary>The files under test, found by walking up from the test output to the repository root.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string SchematicsFolder => Path.Combine(Root, "schematics");

    public static string PinMapPath => Path.Combine(SchematicsFolder, "pinmap.csv");

    public static PinMap PinMap() => Schematics.PinMap.Load(PinMapPath);

    /// <summary>The board's schematic: smu.kicad_sch or dm.kicad_sch.</summary>
    public static KicadSchematic Board(string board) => KicadSchematic.Load(Path.Combine(SchematicsFolder, board + ".kicad_sch"));

    /// <summary>The firmware's pin constants for the board.</summary>
    public static string PinsFile(string board) => board switch
    {
        "smu" => Path.Combine(Root, "firmware", "Boards", "Smu", "SmuPins.cs"),
        "dm" => Path.Combine(Root, "firmware", "Boards", "DiskManager", "DiskManagerPins.cs"),
        _ => throw new ArgumentException(board),
    };

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "schematics", "pinmap.csv"))) return folder.FullName;
        throw new DirectoryNotFoundException("schematics/pinmap.csv not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>ESP32 (WROOM-32 module) facts the pin map is checked against.</summary>
public static class Esp32
{
    /// <summary>Strapping pins: their level at reset picks the boot mode, flash voltage, debug output, SDIO timing.</summary>
    public static readonly int[] StrappingPins = [0, 2, 5, 12, 15];

    /// <summary>Wired to the module's SPI flash.</summary>
    public static readonly int[] FlashPins = [6, 7, 8, 9, 10, 11];

    /// <summary>Input only, and without internal pull resistors.</summary>
    public static bool InputOnly(int gpio) => gpio is >= 34 and <= 39;

    /// <summary>The GPIO behind an ESP32 module pin name ("IO23", "SENSOR_VP", "TXD0/IO1"), or -1.</summary>
    public static int GpioOfPinName(string name)
    {
        if (name == "SENSOR_VP") return 36;
        if (name == "SENSOR_VN") return 39;
        var match = System.Text.RegularExpressions.Regex.Match(name, @"(?:^|/)IO(\d+)$");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
    }
}
