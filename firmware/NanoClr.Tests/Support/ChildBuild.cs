using System.Diagnostics;

namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>
/// Runs <c>dotnet build</c> on a nanoFramework project of the repository, one build at a time (they
/// share the firmware libraries' obj folders), without leaving build servers behind.
/// </summary>
public static class ChildBuild
{
    private static readonly object OneAtATime = new();

    /// <summary>Builds a project; throws with the build's errors when it fails.</summary>
    /// <param name="project">The project, relative to the repository root.</param>
    /// <param name="configuration">Debug or Release.</param>
    /// <returns>The wall time it took.</returns>
    public static TimeSpan Build(string project, string configuration) =>
        Run("build", Repository.File(project), "-c", configuration, "-nologo", "-v", "q", "-nodeReuse:false",
            "-p:UseSharedCompilation=false", "-p:NanoFrameworkKit=" + Repository.Kit);

    /// <summary>Runs a command line as README.md writes it (<c>dotnet build …</c>), in the repository root.</summary>
    public static TimeSpan RunCommandLine(string commandLine)
    {
        string[] words = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words[0] != "dotnet")
        {
            throw new ArgumentException("not a dotnet command: " + commandLine);
        }

        return Run(words.Skip(1).Concat(new[] { "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:NanoFrameworkKit=" + Repository.Kit }).ToArray());
    }

    private static TimeSpan Run(params string[] arguments)
    {
        lock (OneAtATime)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Repository.Root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            // The test host runs under `dotnet test`: keep its MSBuild settings away from the child build.
            foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet " + string.Join(" ", arguments) + " took over 10 minutes");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet {string.Join(" ", arguments)} failed (exit {process.ExitCode}):\n{output.Result}\n{errors.Result}");
            }

            return clock.Elapsed;
        }
    }
}
