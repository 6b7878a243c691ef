namespace ColdStandby.Firmware.Tests;

/// <summary>
/// The firmware libraries' nanoFramework builds, as listed by the csproj's WriteFirmwareLibraryList target:
/// every project under firmware/ that is not a test project, found by glob, so no list is kept by hand.
/// </summary>
public static class FirmwareLibraries
{
    public const string ListFile = "firmware-libraries.txt";

    /// <summary>Full paths of the netstandard2.0 (nanoFramework) DLLs, one per firmware library.</summary>
    public static IReadOnlyList<string> Paths() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, ListFile))
            .Where(line => line.Trim().Length > 0)
            .ToList();

    /// <summary>Assembly names, e.g. ColdStandby.Protocol: short, readable test case names.</summary>
    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var path in Paths()) names.Add(Path.GetFileNameWithoutExtension(path));
        return names;
    }

    public static string PathOf(string assemblyName) =>
        Paths().Single(path => Path.GetFileNameWithoutExtension(path) == assemblyName);

    /// <summary>The firmware/ folder of the source tree, found by walking up from the test output.</summary>
    public static DirectoryInfo? SourceFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Firmware.Tests", "Firmware.Tests.csproj"))) return folder;
        return null;
    }
}
