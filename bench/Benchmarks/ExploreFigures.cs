using ColdStandby.Bench;

namespace ColdStandby.Benchmarks;

/// <summary>
/// The explorer's big runs: from "A serves, B Standby" and from a cold start, every interleaving of
/// up to EXPLORE_FAULTS faults (default 3), each at one of the EXPLORE_DEPTH first decision points
/// after the previous (default 2), within EXPLORE_MINUTES each (default 30), over EXPLORE_ONLY (default:
/// every fault but the REPAIR press, whose known path is in bench/README.md). Prints the explorer's
/// figures: states, transitions, paths, depth, states/s, memory, and whether the space was exhausted.
/// </summary>
public static class ExploreFigures
{
    /// <summary>The faults explored by default: all but repair-press.</summary>
    public const string DefaultOnly = "smu-reset-short,smu-reset-long,smu-hang,smu-power-loss,board-swap,dm-reset-short,dm-reset-long,dm-hang,dm-power-loss," +
        "cable-cut,cable-repair,os-hang,raid,lan,server-power-loss,switchover,frame-loss-peer,frame-loss-host";

    public static void Run()
    {
        string faults = Environment.GetEnvironmentVariable("EXPLORE_FAULTS") ?? "3";
        string depth = Environment.GetEnvironmentVariable("EXPLORE_DEPTH") ?? "2";
        string minutes = Environment.GetEnvironmentVariable("EXPLORE_MINUTES") ?? "30";
        string only = Environment.GetEnvironmentVariable("EXPLORE_ONLY") ?? DefaultOnly;
        foreach (string from in new[] { "a-serves", "cold" })
        {
            Console.WriteLine($"bench: explore from {from}");
            string path = Path.Combine(Path.GetTempPath(), $"explore-{from}.path");
            int code = BenchCli.Run(new[] { "explore", "--from", from, "--faults", faults, "--depth", depth, "--minutes", minutes, "--only", only, "--keep-going", "--write-path", path },
                Console.Out, Console.Error);
            Console.WriteLine($"  (exit {code})");
            Console.WriteLine();
        }
    }
}
