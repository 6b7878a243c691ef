using System.Diagnostics;
using ColdStandby.Scenarios.Rig;

namespace ColdStandby.Benchmarks;

/// <summary>
/// The firmware on the nanoFramework CLR: builds the nanoCLR benchmark program (NanoClr/, with the
/// nanoFramework kit at ../shared/nanoframework or $NANOFRAMEWORK_KIT) and runs it on the kit's POSIX
/// nanoCLR, which prints each unit's managed heap, the step time of an idle SMU, a busy SMU and the
/// DM, and the garbage collections over a million steps; then the same step rigs on .NET 10.
/// </summary>
public static class NanoClrFigures
{
    private const int Steps = 1_000_000;

    public static void Run()
    {
        string root = Root();
        string kit = Path.GetFullPath(Environment.GetEnvironmentVariable("NANOFRAMEWORK_KIT") is { Length: > 0 } k ? k : Path.Combine(root, "..", "shared", "nanoframework"));
        if (!File.Exists(Path.Combine(kit, "nanoclr", "linux-x64", "run-nanoclr")))
        {
            Console.WriteLine($"nanoclr: no nanoFramework kit at {kit} (set NANOFRAMEWORK_KIT)");
            return;
        }

        Console.WriteLine("nanoclr: the firmware on the POSIX nanoCLR (x64, interpreted; heap blocks of 24 bytes, 12 on a 32-bit board)");
        Exec(root, "dotnet", "build", "bench/Benchmarks/NanoClr/NanoClrBench.csproj", "-c", "Release", "-nologo", "-v", "q", "-p:NanoFrameworkKit=" + kit);
        string bin = Path.Combine(root, "bench", "Benchmarks", "NanoClr", "bin", "Release");
        var run = new List<string> { "-q", "-t", "1800", "-m", "=== done" };
        run.AddRange(Directory.GetFiles(bin, "*.pe").Order(StringComparer.Ordinal));
        Exec(bin, Path.Combine(kit, "nanoclr", "linux-x64", "run-nanoclr"), run.ToArray());

        Console.WriteLine("nanoclr: the same step rigs on .NET 10 (Release, tiered JIT warmed)");
        Time("idle SMU", new SmuStepRig(false));
        Time("busy SMU", new SmuStepRig(true));
        var dm = new DmStepRig();
        dm.Start();
        Time("DM", dm.Step);
        Console.WriteLine();
    }

    private static void Time(string name, SmuStepRig rig)
    {
        rig.Start();
        Time(name, rig.Step);
    }

    private static void Time(string name, Action<long> step)
    {
        for (long t = 0; t < 100_000; t++)
        {
            step(t);
        }

        int collections = GC.CollectionCount(0);
        var clock = Stopwatch.StartNew();
        for (long t = 100_000; t < 100_000 + Steps; t++)
        {
            step(t);
        }

        clock.Stop();
        Console.WriteLine($"  step {name,-9} {clock.Elapsed.TotalNanoseconds / Steps,6:N0} ns, {GC.CollectionCount(0) - collections} collections over {Steps:N0} steps");
    }

    private static void Exec(string folder, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder };
        foreach (string a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} failed (exit {process.ExitCode})");
        }
    }

    private static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "nf.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException("nf.sln not found above " + AppContext.BaseDirectory);
    }
}
