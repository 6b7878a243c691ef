using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>
/// Compiles C# for nanoFramework in the test (Roslyn, against nanoFramework's mscorlib and the given
/// nanoFramework assemblies) and turns the result into a .pe with the kit's MetadataProcessor.
/// </summary>
public static class NanoCompiler
{
    /// <summary>Compiles sources into an assembly and its .pe; throws with the compiler's errors.</summary>
    /// <param name="name">The assembly name.</param>
    /// <param name="sources">The C# sources.</param>
    /// <param name="references">The nanoFramework .dll files referenced (mscorlib is added).</param>
    /// <param name="executable">An exe (with Main) rather than a library.</param>
    public static PeAssembly Compile(string name, IEnumerable<string> sources, IEnumerable<string> references, bool executable = false)
    {
        var all = references.Prepend(Repository.Mscorlib).Distinct().ToList();
        var compilation = CSharpCompilation.Create(
            name,
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: new[] { "NANOFRAMEWORK" }))),
            all.Select(r => MetadataReference.CreateFromFile(r)),
            new CSharpCompilationOptions(executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
        string folder = Path.Combine(Path.GetTempPath(), "coldstandby-nanocompile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string dll = Path.Combine(folder, name + ".dll");
            var result = compilation.Emit(dll);
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (!result.Success)
            {
                throw new InvalidOperationException($"{name} does not compile for nanoFramework:\n" + string.Join("\n", errors));
            }

            var start = new ProcessStartInfo(Repository.KitFile("mdp/mdp")) { RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("pe");
            start.ArgumentList.Add(dll);
            foreach (string reference in all)
            {
                start.ArgumentList.Add(reference);
            }

            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"the MetadataProcessor failed on {name}:\n{output}");
            }

            return PeAssembly.ReadFile(Path.ChangeExtension(dll, ".pe"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
