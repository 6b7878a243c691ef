using System.Diagnostics;

namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>
/// One run of the kit's POSIX nanoCLR (through its run-nanoclr wrapper) on a set of assemblies. The
/// runner loads them keyed by file path, in path order, and starts the entry point of the last one
/// that has one; so each goes into a fresh folder as <c>NN-Name.pe</c> in the order given.
/// </summary>
public sealed class NanoClrRun
{
    private NanoClrRun(int exitCode, string[] output, string errors, TimeSpan elapsed)
    {
        ExitCode = exitCode;
        Output = output;
        Errors = errors;
        Elapsed = elapsed;
    }

    /// <summary>Gets run-nanoclr's verdict: 0 when the CLR loaded everything, became ready, finished and printed no failure; 124 on timeout.</summary>
    public int ExitCode { get; }

    /// <summary>Gets what the program printed, line by line.</summary>
    public string[] Output { get; }

    /// <summary>Gets why run-nanoclr failed (and the CLR's last lines), when it did.</summary>
    public string Errors { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>Runs assemblies on the nanoCLR; the last one with an entry point is started.</summary>
    public static NanoClrRun Run(IEnumerable<PeAssembly> assemblies, TimeSpan timeout)
    {
        string folder = Path.Combine(Path.GetTempPath(), "coldstandby-nanoclr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var start = new ProcessStartInfo(Repository.KitFile("nanoclr/linux-x64/run-nanoclr"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            start.ArgumentList.Add("-q");
            start.ArgumentList.Add("-t");
            start.ArgumentList.Add(((int)timeout.TotalSeconds).ToString());
            int n = 0;
            foreach (var assembly in assemblies)
            {
                string file = $"{n++:00}-{assembly.Name}.pe";
                File.WriteAllBytes(Path.Combine(folder, file), assembly.Bytes);
                start.ArgumentList.Add(file);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout + TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit();
            return new NanoClrRun(process.ExitCode, output.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries), errors.Result, clock.Elapsed);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
