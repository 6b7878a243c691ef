using ColdStandby.Bench.Simulation;

namespace ColdStandby.Bench.Commands;

/// <summary>The <c>explore</c> command and <c>run --path FILE</c>.</summary>
public static class ExploreCommand
{
    /// <summary>Explores the bounded space; prints the figures, and a violation's path as a timeline (written to <paramref name="pathFile"/>). Exit 1 on a violation.</summary>
    public static int Run(string from, int faults, int depth, double minutes, string? only, long settleSeconds, bool keepGoing, string pathFile, TextWriter output, TextWriter error, int threads = 1)
    {
        ExploreOptions options;
        try
        {
            if (faults < 0 || depth < 1 || minutes < 0 || settleSeconds < 0 || threads < 1)
            {
                throw new ArgumentException(faults < 0 ? "--faults must be 0 or more" : depth < 1 ? "--depth must be 1 or more"
                    : minutes < 0 ? "--minutes must be 0 (no budget) or more" : settleSeconds < 0 ? "--settle must be 0 (the default) or more" : "--threads must be 1 or more");
            }

            ExploreStart.Check(from);
            options = new ExploreOptions
            {
                From = from,
                Faults = faults,
                Depth = depth,
                Budget = TimeSpan.FromMinutes(minutes),
                Only = ExploreFault.Only(only),
                SettleMs = settleSeconds * 1000,
                KeepGoing = keepGoing,
                Threads = threads,
                Progress = line => output.WriteLine($"  {line}"),
            };
        }
        catch (ArgumentException e)
        {
            error.WriteLine($"error: {e.Message}");
            return BenchCli.UsageError;
        }

        output.WriteLine($"explore from {from}: up to {faults} fault{(faults == 1 ? "" : "s")}, each at one of the {depth} first decision points after the previous, " +
            $"{options.Only!.Count} faults to branch over{(minutes > 0 ? $", budget {minutes} min" : "")}{(threads > 1 ? $", {threads} threads" : "")}");
        var report = new Explorer(options).Run();
        output.Write(Format(report));
        if (report.Violation is not { } violation)
        {
            return BenchCli.Ok;
        }

        output.WriteLine();
        output.WriteLine($"VIOLATION{(report.Violations > 1 ? $" (the first of {report.Violations:N0} violating paths)" : "")} with {violation.Path.Steps.Count} fault{(violation.Path.Steps.Count == 1 ? "" : "s")}: {violation.What}");
        output.WriteLine($"path: {violation.Path}");
        output.WriteLine("timeline:");
        output.Write(FailoverTimeline.Format(violation.Events));
        try
        {
            File.WriteAllText(pathFile, violation.Path.ToText());
            output.WriteLine($"replay: bench run --path {pathFile}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: cannot write the path to {pathFile}: {e.Message}");
            output.Write(violation.Path.ToText());
        }

        return BenchCli.Differs;
    }

    /// <summary>Replays a path file; prints its timeline and verdict; exit 1 when it runs into a violation, 2 when the file cannot be read.</summary>
    public static int Replay(string file, TextWriter output, TextWriter error)
    {
        ExplorePath path;
        try
        {
            path = ExplorePath.Parse(File.ReadAllText(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            error.WriteLine($"error: {file}: {e.Message}");
            return BenchCli.UsageError;
        }

        var (system, violation) = Explorer.Replay(path);
        output.WriteLine($"path {file}: {path}{(path.Bug != PlantedBug.None ? $" (planted bug {path.Bug}: a test's path)" : "")}");
        output.WriteLine("timeline:");
        output.Write(FailoverTimeline.Format(system.Events));
        output.WriteLine(violation == null
            ? $"verdict: no violation; at the end {(system.ServingSide == Protocol.Side.None ? "nobody serves (alarmed)" : $"{system.ServingSide} serves")}"
            : $"verdict: VIOLATION: {violation.What}");
        return violation == null ? BenchCli.Ok : BenchCli.Differs;
    }

    /// <summary>Formats an exploration's figures.</summary>
    public static string Format(ExploreReport r) =>
        $"""
        states            {r.States:N0} distinct (fingerprints at decision points)
        transitions       {r.Transitions:N0} (fault branches taken)
        paths run         {r.Paths:N0} ({r.Merged:N0} stopped early: merged into a state already explored){(r.Options.Threads > 1 ? $"; {r.Options.Threads} threads: {r.PathsRunAgain:N0} run again, {r.PathsCutShort:N0} cut short at their commit" : "")}
        depth reached     {r.DepthReached} decision points after a fault; {r.FaultsReached} faults per path
        simulated         {r.SimulatedMs / 3_600_000.0:N1} h in {r.Elapsed.TotalSeconds:N1} s wall: {r.StatesPerSecond:N0} states/s, {r.Paths / Math.Max(r.Elapsed.TotalSeconds, 1e-9):N0} paths/s
        processor time    {r.CpuTime.TotalSeconds:N1} s: {r.States / Math.Max(r.CpuTime.TotalSeconds, 1e-9):N0} states per processor second, {r.CpuTime.TotalMilliseconds / Math.Max(r.Paths, 1):N2} ms a path (wall time grows with the machine's load, this does not)
        fingerprints      {r.Fingerprints:N0} taken, {r.FingerprintTime.TotalMilliseconds / Math.Max(r.Fingerprints, 1):N2} ms each ({r.FingerprintTime.TotalSeconds / Math.Max(r.Elapsed.TotalSeconds, 1e-9):P0} of the time)
        peak memory       {r.PeakMemoryBytes / (1024 * 1024):N0} MB
        violations        {r.Violations:N0} paths{(r.ViolationKinds.Count > 0 ? ": " + string.Join(", ", r.ViolationKinds.Select(k => $"{k.Key} ×{k.Value}")) : "")}
        bounded space     {Space(r)}

        """;

    /// <summary>Whether the bound was exhausted; when the budget or a violation cut the last level, how far it got and how long the rest would take.</summary>
    private static string Space(ExploreReport r)
    {
        string lower = r.Options.Faults > 0 && r.LastLevel != null
            ? $"up to {r.Options.Faults - 1} fault{(r.Options.Faults == 2 ? "" : "s")} exhausted in {r.LowerElapsed.TotalSeconds:N1} s ({r.LowerStates:N0} states, {r.LowerPaths:N0} paths)"
            : "";
        if (r.Exhausted && (r.Violation == null || r.Options.KeepGoing))
        {
            return "exhausted" + (lower.Length > 0 ? $" ({lower}; the {r.Options.Faults}-fault level {r.LastLevel!.PathsRun:N0} paths in {r.LastLevel.Elapsed.TotalSeconds:N1} s)" : "");
        }

        string verdict = r.Violation != null && !r.Options.KeepGoing ? "not finished: stopped at the first violation" : "NOT exhausted";
        if (r.LastLevel is not { } last || last.Finished)
        {
            return r.Violation != null && !r.Options.KeepGoing
                ? verdict + (lower.Length > 0 ? $" ({lower})" : "")
                : $"{verdict}: the budget ran out with {r.PathsLeft:N0} paths left";
        }

        return $"""
            {verdict}: {lower};
                              of the {last.Faults}-fault level {last.PathsRun:N0} of {(last.ParentsExpanded == last.Parents ? "" : "about ")}{last.EstimatedPaths:N0} paths ran ({last.Fraction:P1}) in {last.Elapsed.TotalSeconds:N1} s, generated from {last.ParentsExpanded:N0} of the {last.Parents:N0} paths of {last.Faults - 1} (under {last.FirstFaultsExpanded} of their {last.FirstFaults} first faults; paths run under {last.FirstFaultsRun});
                              {last.States:N0} states and {last.Violations:N0} violating paths there; the rest of the level would take about {Duration(last.ProjectedLeft)} at this speed
            """;
    }

    private static string Duration(TimeSpan t) => t.TotalHours >= 1 ? $"{t.TotalHours:N1} h" : t.TotalMinutes >= 1 ? $"{t.TotalMinutes:N0} min" : $"{t.TotalSeconds:N0} s";
}
