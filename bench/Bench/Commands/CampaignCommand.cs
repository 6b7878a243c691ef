using ColdStandby.Bench.Simulation;

namespace ColdStandby.Bench.Commands;

/// <summary>The <c>campaign</c> command.</summary>
public static class CampaignCommand
{
    /// <summary>Runs the campaign and prints its report; exit 1 on any safety violation.</summary>
    public static int Run(int count, int seed, double minutes, int threads, TextWriter output)
    {
        var report = Campaign.Run(count, seed, (long)(minutes * 60_000), threads);
        output.Write(report.Format());
        return report.Violations.Any() ? BenchCli.Differs : BenchCli.Ok;
    }
}
