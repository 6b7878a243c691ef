namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>
/// The verdict on one scenario (or example) run on the nanoCLR: it must have a complete report, its
/// test must have passed there, and the report must equal the same run's on .NET 10 line for line.
/// The runner exits 0 and prints nothing for an unhandled exception, so anything less than that is
/// a failure, never a pass.
/// </summary>
public static class Gate
{
    public const string EndOfReport = "end of report";

    /// <summary>Null when the nanoCLR run of <paramref name="key"/> passed and matched .NET, else why not.</summary>
    public static string? Judge(NanoClrRun run, LauncherOutput device, string key, IReadOnlyList<string> dotnetReport)
    {
        var report = device.Report(key);
        var test = device.TestOf(key);
        if (report == null || test == null)
        {
            return $"{key}: no result on the nanoCLR (the run stopped before it, or the test was not built in); run-nanoclr exit {run.ExitCode}. {run.Errors.Trim()}";
        }

        if (report.Count == 0 || report[^1] != EndOfReport)
        {
            return $"{key}: the report on the nanoCLR stops after {report.Count} lines";
        }

        var lines = report.Take(report.Count - 1).ToList();
        int first = Enumerable.Range(0, Math.Min(lines.Count, dotnetReport.Count)).FirstOrDefault(i => lines[i] != dotnetReport[i], -1);
        if (first < 0 && lines.Count != dotnetReport.Count)
        {
            first = Math.Min(lines.Count, dotnetReport.Count);
        }

        string? difference = first < 0
            ? null
            : $"{key}: the nanoCLR and .NET 10 differ at report line {first + 1}:\n  nanoCLR: {At(lines, first)}\n  .NET 10: {At(dotnetReport, first)}";
        if (test.Verdict != "passed")
        {
            return $"{key}: {test.Method} {test.Verdict} on the nanoCLR: {test.Detail}" + (difference == null ? "" : "\n" + difference);
        }

        return difference;
    }

    private static string At(IReadOnlyList<string> lines, int i) => i < lines.Count ? lines[i] : "(no more lines)";
}
