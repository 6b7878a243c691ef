using System.Diagnostics;
using ColdStandby.Bench;
using ColdStandby.Bench.Simulation;

namespace ColdStandby.Benchmarks;

/// <summary>
/// The bench's figures: campaign throughput (runs per second, simulated seconds per wall second;
/// the goal is 10,000 runs of 10 simulated minutes in under a minute on 2 cores), the failover
/// latency per phase with default timings, and the demo's wall time and peak memory (goal: under
/// 30 s and 300 MB). Set BENCH_RUNS to change the campaign's size.
/// </summary>
public static class BenchFigures
{
    public static void Campaign()
    {
        int runs = int.TryParse(Environment.GetEnvironmentVariable("BENCH_RUNS"), out int n) && n > 0 ? n : 10_000;

        // Warm the JIT (tiered compilation, PGO) on a few runs first, as a long campaign would be.
        ColdStandby.Bench.Simulation.Campaign.Run(Environment.ProcessorCount * 4, 1_000_000);
        var report = ColdStandby.Bench.Simulation.Campaign.Run(runs, 1);
        Console.WriteLine($"bench: campaign of {runs:N0} runs × 10 simulated minutes on {Environment.ProcessorCount} cores");
        Console.Write(report.Format());
        Console.WriteLine($"  => {report.Runs.Count / report.Wall.TotalSeconds:N0} runs/s, {report.SimulatedSecondsPerSecond:N0} simulated s per wall s" +
            $" (goal: 10,000 runs in < 60 s = 167 runs/s on 2 cores)");
        Console.WriteLine();
    }

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
