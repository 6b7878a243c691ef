using System.Reflection;

namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>Where things are: the source tree, the nanoFramework kit, nanoFramework's mscorlib, this build's configuration.</summary>
public static class Repository
{
    /// <summary>The folder holding nf.sln, found by walking up from the test output.</summary>
    public static string Root { get; } = FindRoot();

    public static string File(string relative) => Path.Combine(Root, relative);

    /// <summary>The configuration this test assembly was built with; the child builds use the same, so they reuse its outputs.</summary>
    public static string Configuration => Metadata("Configuration");

    /// <summary>The nanoFramework kit: $NANOFRAMEWORK_KIT, else ../shared/nanoframework beside the source tree (where CI has it).</summary>
    public static string Kit
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("NANOFRAMEWORK_KIT");
            return Path.GetFullPath(string.IsNullOrEmpty(fromEnvironment) ? Path.Combine(Root, "..", "shared", "nanoframework") : fromEnvironment);
        }
    }

    public static string KitFile(string relative) => Path.Combine(Kit, relative);

    public static string TestFramework => KitFile("lib/nanoFramework.TestFramework/3.0.77");

    /// <summary>nanoFramework's mscorlib.dll (with its .pe beside it), where this build's restore put it.</summary>
    public static string Mscorlib => Path.Combine(Metadata("NuGetPackageRoot"), "nanoframework.corelibrary", Metadata("NanoFrameworkCoreLibraryVersion"), "lib", "mscorlib.dll");

    /// <summary>Why the nanoCLR tests cannot run here, or null when they can.</summary>
    public static string? KitUnavailable()
    {
        if (!Directory.Exists(Kit))
        {
            return $"the nanoFramework kit is not at {Kit} (put it at ../shared/nanoframework beside the repository or set NANOFRAMEWORK_KIT)";
        }

        foreach (string needed in new[] { "nanoclr/linux-x64/run-nanoclr", "nanoclr/linux-x64/nanoFramework.nanoCLR.so", "mdp/nanoFramework.Tools.MetadataProcessor.dll" })
        {
            if (!System.IO.File.Exists(KitFile(needed)))
            {
                return $"the nanoFramework kit at {Kit} lacks {needed}";
            }
        }

        return OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64
            ? null
            : "the kit's nanoCLR runs on Linux x64 only";
    }

    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"no {key} in the test assembly's metadata");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "nf.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("nf.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A test that needs the nanoFramework kit: skipped, with the reason, where it is missing.</summary>
internal sealed class NanoFactAttribute : FactAttribute
{
    public NanoFactAttribute() => Skip = Repository.KitUnavailable();
}

/// <summary>A theory that needs the nanoFramework kit (see <see cref="NanoFactAttribute"/>).</summary>
internal sealed class NanoTheoryAttribute : TheoryAttribute
{
    public NanoTheoryAttribute() => Skip = Repository.KitUnavailable();
}
