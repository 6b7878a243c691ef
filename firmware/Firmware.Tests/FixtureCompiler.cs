using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ColdStandby.Firmware.Tests;

/// <summary>What a fixture is compiled against.</summary>
public enum FixtureTarget
{
    /// <summary>nanoFramework's mscorlib, as the real firmware build: what compiles there yet cannot run.</summary>
    NanoFramework,

    /// <summary>.NET's own libraries: deny-listed types that nanoFramework's mscorlib does not even have.</summary>
    DotNet,

    /// <summary>A stand-in "mscorlib" with one type the real one lacks: a reference the real board cannot resolve.</summary>
    FakeMscorlib,
}

/// <summary>Compiles small C# fixtures with Roslyn into DLLs in a temporary folder, for the check to read.</summary>
public sealed class FixtureCompiler : IDisposable
{
    /// <summary>The type the stand-in mscorlib adds: real .NET has it, nanoFramework's mscorlib does not.</summary>
    public const string TypeMscorlibLacks = "System.Collections.BitArray";

    // Just enough of a core library for Roslyn to compile a class with a field, plus the one extra type.
    const string FakeMscorlibSource = """
        namespace System
        {
            public class Object { }
            public abstract class ValueType { }
            public abstract class Enum : ValueType { }
            public struct Void { }
            public struct Boolean { }
            public struct Int32 { }
            public sealed class String { }
            public abstract class Array { }
            public class Attribute { }
            public enum AttributeTargets { All = 32767 }
            public sealed class AttributeUsageAttribute : Attribute
            {
                public AttributeUsageAttribute(AttributeTargets validOn) { }
                public bool AllowMultiple { get; set; }
                public bool Inherited { get; set; }
            }
            public abstract class Delegate { }
            public abstract class MulticastDelegate : Delegate { }
            public class Exception { }
            public class Type { }
            public struct IntPtr { }
            public struct RuntimeTypeHandle { }
            public struct RuntimeMethodHandle { }
            public struct RuntimeFieldHandle { }
            public interface IDisposable { }
        }
        namespace System.Collections
        {
            public interface IEnumerable { }
            public class BitArray { }
        }
        """;

    static readonly Lazy<MetadataReference[]> DotNetReferences = new(() =>
    {
        var runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == runtime)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToArray();
    });

    readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("firmware-check-");

    /// <summary>Compiles <paramref name="source"/> as assembly <paramref name="name"/>; returns the DLL's path.</summary>
    public string Compile(string name, string source, FixtureTarget target) =>
        Emit(name, source, ReferencesFor(target));

    IReadOnlyList<MetadataReference> ReferencesFor(FixtureTarget target) => target switch
    {
        FixtureTarget.NanoFramework => [MetadataReference.CreateFromFile(NanoFramework.Mscorlib.Path)],
        FixtureTarget.DotNet => DotNetReferences.Value,
        FixtureTarget.FakeMscorlib => [MetadataReference.CreateFromFile(FakeMscorlib())],
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    string FakeMscorlib()
    {
        var path = Path.Combine(folder.FullName, "fake", "mscorlib.dll");
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Emit("mscorlib", FakeMscorlibSource, [], path);
    }

    string Emit(string name, string source, IReadOnlyList<MetadataReference> references, string? path = null)
    {
        path ??= Path.Combine(folder.FullName, name + ".dll");
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                optimizationLevel: OptimizationLevel.Release,
                allowUnsafe: true));
        var result = compilation.Emit(path);
        if (!result.Success)
            throw new InvalidOperationException($"fixture {name} does not compile:\n" + string.Join("\n",
                result.Diagnostics.Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)));
        return path;
    }

    public void Dispose() => folder.Delete(recursive: true);
}
