using System.Text;

namespace ColdStandby.Bench.Simulation;

/// <summary>A campaign's sums: runs, failovers, refused switches, alarms, latency per phase, safety violations with their seeds, and speed.</summary>
public sealed class CampaignReport
{
    internal CampaignReport(RunResult[] runs, TimeSpan wall, int threads, long runMs)
    {
        Runs = runs;
        Wall = wall;
        Threads = threads;
        RunMs = runMs;
    }

    /// <summary>Gets every run.</summary>
    public IReadOnlyList<RunResult> Runs { get; }

    /// <summary>Gets the wall-clock time the campaign took.</summary>
    public TimeSpan Wall { get; }

    /// <summary>Gets how many runs went in parallel.</summary>
    public int Threads { get; }

    /// <summary>Gets each run's simulated length.</summary>
    public long RunMs { get; }

    /// <summary>Gets the runs that ended with a safety violation.</summary>
    public IEnumerable<RunResult> Violations => Runs.Where(r => r.Violation != null);

    /// <summary>Gets the simulated seconds per wall-clock second.</summary>
    public double SimulatedSecondsPerSecond => Runs.Sum(r => r.SimulatedMs) / 1000.0 / Math.Max(Wall.TotalSeconds, 1e-9);

    /// <summary>Formats the report for people.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        var latencies = Runs.SelectMany(r => r.Latencies).ToList();
        text.AppendLine($"campaign: {Runs.Count:N0} runs of {SimTime.Duration(RunMs)} simulated, seeds {Runs.FirstOrDefault()?.Seed} … {Runs.LastOrDefault()?.Seed}");
        text.AppendLine($"  wall time          {Wall.TotalSeconds:0.00} s on {Threads} threads: {Runs.Count / Math.Max(Wall.TotalSeconds, 1e-9):N0} runs/s, {SimulatedSecondsPerSecond:N0} simulated s per wall s");
        text.AppendLine($"  part steps         {Runs.Sum(r => r.Steps):N0} ({Runs.Sum(r => r.Steps) / Math.Max(1, Runs.Count):N0} per run)");
        text.AppendLine($"  failovers          {Runs.Sum(r => r.Failovers):N0} switches taken ({latencies.Count:N0} measured from an injected server fault)");
        text.AppendLine($"  refused switches   {Runs.Sum(r => r.Abandoned):N0} (switch abandoned: standby unfit or unreachable, release not confirmed)");
        text.AppendLine($"  alarms             {Runs.Sum(r => r.Alarms):N0} raised");
        text.AppendLine("  fault → standby power-on latency (ms):");
        text.AppendLine($"    {"phase",-10} {"median",10} {"p99",10} {"max",10}");
        for (int p = 0; p < FailoverLatency.Phases.Length; p++)
        {
            text.AppendLine(Row(FailoverLatency.Phases[p], latencies.Select(l => l.Phase(p)).ToList()));
        }

        text.AppendLine(Row("total", latencies.Select(l => l.TotalMs).ToList()));
        text.AppendLine($"  outages            {Runs.Sum(r => r.Outages):N0} of a running Active server without its disks (each alarmed in time, or the run stopped)");
        text.AppendLine("  per fault class (runs that drew it; of those, how many ended with a side serving, with an alarm raised, or with a violation):");
        text.AppendLine($"    {"class",-18} {"runs",9} {"serving",9} {"alarmed",9} {"violations",11}");
        foreach (var name in Runs.SelectMany(r => r.Classes).Distinct().OrderBy(n => n, StringComparer.Ordinal))
        {
            var drew = Runs.Where(r => r.Classes.Contains(name)).ToList();
            text.AppendLine($"    {name,-18} {drew.Count,9:N0} {drew.Count(r => r.EndedServing),9:N0} {drew.Count(r => r.EndedAlarmed),9:N0} {drew.Count(r => r.Violation != null),11:N0}");
        }

        var violations = Violations.ToList();
        text.AppendLine($"  safety violations  {violations.Count}");
        foreach (var run in violations.Take(20))
        {
            var v = run.Violation!;
            text.AppendLine($"    seed {run.Seed}: at {SimTime.Format(v.TimeNs)} property {v.Property} ({v.Title}): {v.Detail}");
            text.AppendLine($"      plan: {run.Plan}; reproduce: campaign --count 1 --seed {run.Seed}");
        }

        if (violations.Count > 20)
        {
            text.AppendLine($"    … and {violations.Count - 20} more");
        }

        return text.ToString();
    }

    private static string Row(string name, List<long> values)
    {
        if (values.Count == 0)
        {
            return $"    {name,-10} {"-",10} {"-",10} {"-",10}";
        }

        values.Sort();
        long Percentile(double p) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
        return $"    {name,-10} {Percentile(0.5),10:N0} {Percentile(0.99),10:N0} {values[^1],10:N0}";
    }
}
