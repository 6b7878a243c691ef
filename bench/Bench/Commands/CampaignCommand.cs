using ColdStandby.Bench.Simulation;

namespace ColdStandby.Bench.Commands;

/// <summary>The <c>campaign</c> command.</summary>
public static class CampaignCommand
{
    /// <summary>Runs the campaign and prints its report; exit 1 on any safety violation.</summary>
    public static int Run(int count, int seed, double minutes, int threads, TextWriter output, TextWriter error)
    {
        string? bad = count < 1 ? "--count must be at least 1"
            : !(minutes >= 1.0 / 60 && minutes <= 24 * 60) ? "--minutes must be between 1/60 and 1440"
            : threads < 0 ? "--threads must be 0 (one per core) or more"
            : null;
        if (bad != null)
        {
            error.WriteLine($"error: {bad}");
            return BenchCli.UsageError;
        }

        var report = Campaign.Run(count, seed, (long)(minutes * 60_000), threads);
        output.Write(report.Format());
        return report.Violations.Any() ? BenchCli.Differs : BenchCli.Ok;
    }
}
