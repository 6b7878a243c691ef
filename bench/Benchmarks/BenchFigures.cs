using System.Diagnostics;
using ColdStandby.Bench;
using ColdStandby.Bench.Simulation;

namespace ColdStandby.Benchmarks;

/// <summary>
/// The bench's figures: campaign throughput (runs per second, simulated seconds per wall second;
/// issue 10's goal is a million runs of 10 simulated minutes with the full fault mix in under 20
/// minutes on this 2-core machine, over 833 runs/s), the failover latency per phase with default timings,
/// and the demo's wall time and peak memory (goal: under 30 s and 300 MB). Set BENCH_RUNS to change
/// the campaign's size, BENCH_SEED its first seed, BENCH_THREADS its threads (0: one per core).
/// </summary>
public static class BenchFigures
{
    public static void Campaign()
    {
        int runs = int.TryParse(Environment.GetEnvironmentVariable("BENCH_RUNS"), out int n) && n > 0 ? n : 10_000;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("BENCH_SEED"), out int s) ? s : 2_000_000;
        int threads = int.TryParse(Environment.GetEnvironmentVariable("BENCH_THREADS"), out int t) && t >= 0 ? t : 0;

        // Warm the JIT (tiered compilation, PGO) on a few runs first, as a long campaign would be.
        ColdStandby.Bench.Simulation.Campaign.Run(Environment.ProcessorCount * 4, 1_000_000, threads: threads);
        string loadBefore = LoadAverage();
        var report = ColdStandby.Bench.Simulation.Campaign.Run(runs, seed, threads: threads);
        string loadAfter = LoadAverage();
        double perSecond = report.Runs.Count / report.Wall.TotalSeconds;
        Console.WriteLine($"bench: campaign of {runs:N0} runs × 10 simulated minutes from seed {seed:N0} on {Environment.ProcessorCount} cores");
        Console.Write(report.Format());
        Console.WriteLine($"  => {perSecond:N0} runs/s, {report.SimulatedSecondsPerSecond:N0} simulated s per wall s; a million runs in {1_000_000 / perSecond / 60:N1} min" +
            " (goal: < 20 min, over 833 runs/s on 2 cores)");
        Console.WriteLine($"  load average (1, 5, 15 min) before {loadBefore}, after {loadAfter}" +
            (Busy(loadBefore) || Busy(loadAfter) ? $": the machine is shared (over {Environment.ProcessorCount} runnable), so this is not a speed figure" : ""));
        Console.WriteLine();
    }

    /// <summary>The load average as /proc/loadavg has it, or "unknown".</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static bool Busy(string load) =>
        double.TryParse(load.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture, out double oneMinute) && oneMinute > Environment.ProcessorCount;

    public static void Demo()
    {
        string dir = Directory.CreateTempSubdirectory("bench-demo").FullName;
        var clock = Stopwatch.StartNew();
        int code = BenchCli.Run(new[] { "demo", "--out", dir }, TextWriter.Null, Console.Error);
        clock.Stop();
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Console.WriteLine($"bench: demo (in process, cold JIT) exit {code}: {clock.Elapsed.TotalSeconds:0.00} s wall, peak working set {peak / (1024.0 * 1024):0} MB" +
            " (goal: < 30 s, < 300 MB)");
        Console.WriteLine();
        Directory.Delete(dir, true);
    }
}
