using System.Diagnostics;
using ColdStandby.Bench.Simulation;

namespace ColdStandby.Bench.Commands;

/// <summary>The <c>run NAME</c> and <c>list</c> commands.</summary>
public static class ScenarioCommand
{
    /// <summary>Runs one scenario and prints its verdict; exit 1 when it differs from its expected outcome.</summary>
    public static int Run(string name, bool timeline, IReadOnlyList<Scenario> scenarios, TextWriter output, TextWriter error)
    {
        var scenario = scenarios.FirstOrDefault(s => s.Name == name);
        if (scenario == null)
        {
            error.WriteLine($"error: unknown scenario '{name}'; known: {string.Join(", ", scenarios.Select(s => s.Name))}");
            return BenchCli.UsageError;
        }

        var clock = Stopwatch.StartNew();
        var verdict = scenario.Run();
        clock.Stop();
        if (timeline)
        {
            output.WriteLine("timeline:");
            output.Write(FailoverTimeline.Format(verdict.System.Events));
            output.WriteLine();
        }

        output.Write(verdict.Report());
        output.WriteLine($"(simulated {SimTime.Format(verdict.System.NowNs)} in {clock.Elapsed.TotalSeconds:0.00} s)");
        return verdict.Passed ? BenchCli.Ok : BenchCli.Differs;
    }

    /// <summary>Lists the scenarios.</summary>
    public static int List(IReadOnlyList<Scenario> scenarios, TextWriter output)
    {
        foreach (var scenario in scenarios)
        {
            output.WriteLine($"{scenario.Name,-30} {scenario.Covers}");
        }

        return BenchCli.Ok;
    }
}
