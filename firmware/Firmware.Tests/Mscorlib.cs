using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ColdStandby.Firmware.Tests;

/// <summary>
/// The types nanoFramework's own mscorlib.dll defines, read from its metadata: the one list a firmware
/// library's references into "mscorlib" must stay inside.
/// </summary>
public sealed class Mscorlib
{
    public string Path { get; }
    public Version Version { get; }
    public IReadOnlySet<string> TypeNames { get; }

    Mscorlib(string path, Version version, IReadOnlySet<string> typeNames) =>
        (Path, Version, TypeNames) = (path, version, typeNames);

    public bool Defines(string fullName) => TypeNames.Contains(fullName);

    /// <summary>Reads the types (nested ones as Outer+Inner) and type forwarders of the mscorlib at <paramref name="path"/>.</summary>
    public static Mscorlib Load(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        var names = md.TypeDefinitions.Select(type => MetadataNames.OfType(md, type))
            .Concat(md.ExportedTypes.Select(type => ExportedName(md, type)))
            .ToHashSet(StringComparer.Ordinal);
        return new Mscorlib(path, md.GetAssemblyDefinition().Version, names);
    }

    static string ExportedName(MetadataReader md, ExportedTypeHandle handle)
    {
        var type = md.GetExportedType(handle);
        var name = md.GetString(type.Name);
        if (type.Implementation.Kind == HandleKind.ExportedType)
            return ExportedName(md, (ExportedTypeHandle)type.Implementation) + "+" + name;
        var ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }

    /// <summary>
    /// Where the restore put nanoFramework.CoreLibrary's mscorlib.dll: the package folder this build used (written
    /// into the test assembly by the csproj), else NUGET_PACKAGES, else ~/.nuget/packages.
    /// </summary>
    public static string Locate()
    {
        var candidates = PackageRoots()
            .Select(root => System.IO.Path.Combine(root, "nanoframework.corelibrary", CoreLibraryVersion, "lib", "mscorlib.dll"))
            .ToList();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException(
                "nanoFramework's mscorlib.dll not found; looked at: " + string.Join(", ", candidates)
                + ". Restore a firmware library (dotnet restore nf.sln) first.");
    }

    /// <summary>The nanoFramework.CoreLibrary version Directory.Packages.props pins, as the build saw it.</summary>
    public static string CoreLibraryVersion =>
        BuildMetadata("NanoFrameworkCoreLibraryVersion")
        ?? throw new InvalidOperationException("the build did not record the nanoFramework.CoreLibrary version");

    static IEnumerable<string> PackageRoots()
    {
        var fromBuild = BuildMetadata("NuGetPackageRoot");
        if (!string.IsNullOrEmpty(fromBuild)) yield return fromBuild;
        var fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(fromEnvironment)) yield return fromEnvironment;
        yield return System.IO.Path.Combine(
            Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    static string? BuildMetadata(string key) => typeof(Mscorlib).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(attribute => attribute.Key == key)?.Value;
}
