using ColdStandby.Bench;

namespace ColdStandby.Benchmarks;

/// <summary>
/// The explorer's big runs: from "A serves, B Standby" and from a cold start, every interleaving of
/// up to EXPLORE_FAULTS faults (default 3), each at one of the EXPLORE_DEPTH first decision points
/// after the previous (default 2), within EXPLORE_MINUTES each (default 30), over EXPLORE_ONLY (default:
/// every fault, replays included), from EXPLORE_FROM (default: both), on EXPLORE_THREADS threads (default 1). Prints the explorer's figures:
/// states, transitions, paths, depth, states/s, processor time, memory, and whether the space was exhausted.
/// </summary>
public static class ExploreFigures
{
    public static void Run()
    {
        string faults = Environment.GetEnvironmentVariable("EXPLORE_FAULTS") ?? "3";
        string depth = Environment.GetEnvironmentVariable("EXPLORE_DEPTH") ?? "2";
        string minutes = Environment.GetEnvironmentVariable("EXPLORE_MINUTES") ?? "30";
        string? only = Environment.GetEnvironmentVariable("EXPLORE_ONLY");
        string threads = Environment.GetEnvironmentVariable("EXPLORE_THREADS") ?? "1";
        string[] starts = Environment.GetEnvironmentVariable("EXPLORE_FROM") is { Length: > 0 } named ? named.Split(',') : new[] { "a-serves", "cold" };
        foreach (string from in starts)
        {
            Console.WriteLine($"bench: explore from {from}");
            string path = Path.Combine(Path.GetTempPath(), $"explore-{from}.path");
            var arguments = new List<string> { "explore", "--from", from, "--faults", faults, "--depth", depth, "--minutes", minutes, "--keep-going", "--write-path", path, "--threads", threads };
            if (only != null)
            {
                arguments.AddRange(new[] { "--only", only });
            }

            int code = BenchCli.Run(arguments.ToArray(), Console.Out, Console.Error);
            Console.WriteLine($"  (exit {code})");
            Console.WriteLine();
        }
    }
}
