namespace ColdStandby.Firmware.Tests;

/// <summary>The check itself: every firmware library's nanoFramework build holds only what a 1.17 board runs.</summary>
public class FirmwareLibraryTests
{
    public static TheoryData<string> Libraries => FirmwareLibraries.Names();

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Nanoframework_build_holds_only_what_a_1_17_board_can_run(string library)
    {
        var path = FirmwareLibraries.PathOf(library);
        Assert.True(File.Exists(path), $"{path} is listed but was not built");

        var findings = FirmwareAssemblyCheck.Run(path, NanoFramework.Mscorlib);

        Assert.True(findings.Count == 0,
            $"{library} has {findings.Count} thing(s) a nanoFramework 1.17 board cannot run:\n"
            + string.Join("\n", findings));
    }

    [Fact]
    public void The_list_holds_the_nanoframework_builds_including_protocol()
    {
        var paths = FirmwareLibraries.Paths();

        Assert.NotEmpty(paths);
        Assert.Contains("ColdStandby.Protocol", paths.Select(Path.GetFileNameWithoutExtension));
        Assert.All(paths, path => Assert.Contains(Path.DirectorySeparatorChar + "netstandard2.0" + Path.DirectorySeparatorChar, path));
    }

    // Guards the csproj glob: a new folder under firmware/ with a project in it must show up without any edit here.
    [Fact]
    public void Every_non_test_project_under_firmware_is_listed()
    {
        var firmware = FirmwareLibraries.SourceFolder();
        Assert.True(firmware != null, "the test output is expected under firmware/Firmware.Tests/");

        var expected = firmware.GetDirectories()
            .Where(folder => !folder.Name.EndsWith(".Tests", StringComparison.Ordinal))
            .SelectMany(folder => folder.GetFiles("*.csproj"))
            .Select(project => "ColdStandby." + Path.GetFileNameWithoutExtension(project.Name)); // AssemblyName, firmware/Directory.Build.props
        var listed = FirmwareLibraries.Paths().Select(Path.GetFileNameWithoutExtension);

        Assert.Empty(expected.Except(listed));
    }
}
