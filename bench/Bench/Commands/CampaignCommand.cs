using ColdStandby.Bench.Simulation;

namespace ColdStandby.Bench.Commands;

/// <summary>The <c>campaign</c> command.</summary>
public static class CampaignCommand
{
    /// <summary>Runs the campaign and prints its report; exit 1 on any safety violation.</summary>
    public static int Run(int count, int seed, double minutes, int threads, string? faults, bool timeline, TextWriter output, TextWriter error)
    {
        FaultMix mix;
        try
        {
            mix = faults == null ? FaultMix.Full : FaultMix.Only(faults);
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: --faults: {e.Message}");
            return BenchCli.UsageError;
        }

        string? bad = count < 1 ? "--count must be at least 1"
            : !(minutes >= 1.0 / 60 && minutes <= 24 * 60) ? "--minutes must be between 1/60 and 1440"
            : threads < 0 ? "--threads must be 0 (one per core) or more"
            : null;
        if (bad != null)
        {
            error.WriteLine($"error: {bad}");
            return BenchCli.UsageError;
        }

        if (timeline)
        {
            // One run with everything that happened in it: what a seed from a report reproduces.
            var (result, system) = Campaign.RunWhole(seed, (long)(minutes * 60_000), mix);
            output.WriteLine($"run seed {seed}: {result.Plan}");
            foreach (var e in system.Events)
            {
                output.WriteLine($"  {e}");
            }

            if (result.Violation is { } v)
            {
                output.Write(v.Report());
            }

            return result.Violation != null ? BenchCli.Differs : BenchCli.Ok;
        }

        var report = Campaign.Run(count, seed, (long)(minutes * 60_000), threads, mix);
        output.Write(report.Format());
        return report.Violations.Any() ? BenchCli.Differs : BenchCli.Ok;
    }
}
