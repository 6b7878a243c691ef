using ColdStandby.Bench.Captures;

namespace ColdStandby.Bench.Commands;

/// <summary>
/// The <c>check CAPTURE.vcd</c> command: a logic-analyzer capture (ours, or sigrok-cli/PulseView's)
/// against the specification. Prints the report; exit 0 when it meets the specification, 1 when it
/// does not, 2 when it cannot be read or the options do not fit it.
/// </summary>
public static class CheckCommand
{
    /// <summary>Checks <paramref name="path"/>.</summary>
    public static int Run(string path, string board, string[] maps, string[] specs, string levels, string? report, string? dump, TextWriter output, TextWriter error, int threads)
    {
        CaptureResult result;
        try
        {
            var options = new CaptureOptions
            {
                Board = CaptureOptions.ParseBoard(board),
                Levels = levels.ToLowerInvariant() switch
                {
                    "auto" => LevelMeaning.Auto,
                    "pin" => LevelMeaning.Pin,
                    "asserted" => LevelMeaning.Asserted,
                    _ => throw new ArgumentException($"--levels {levels}: auto, pin or asserted"),
                },
                KeepBytes = dump != null,
                KeepFrames = dump != null || report != null,
                Threads = threads,
            };
            foreach (string map in maps)
            {
                options.AddMap(map);
            }

            foreach (string spec in specs)
            {
                options.Spec.Set(spec);
            }

            result = CaptureCheck.Run(path, options);
        }
        catch (Exception e) when (e is CaptureFormatException or ArgumentException)
        {
            error.WriteLine($"error: {e.Message}");
            return BenchCli.UsageError;
        }

        output.Write(CaptureReport.Format(result));
        if (report != null)
        {
            try
            {
                File.WriteAllText(report, CaptureReport.Format(result, frames: true));
                output.WriteLine($"report with every frame: {Path.GetFullPath(report)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"error: cannot write the report '{report}': {e.Message}");
                return BenchCli.UsageError;
            }
        }

        if (dump != null)
        {
            try
            {
                using (var file = new StreamWriter(dump, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
                {
                    CaptureDump.Write(result, file, CaptureDump.FormatFor(dump));
                }

                output.WriteLine($"every byte and frame ({(CaptureDump.FormatFor(dump) == DumpFormat.JsonLines ? "JSON Lines" : "text")}): {Path.GetFullPath(dump)}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                error.WriteLine($"error: cannot write the dump '{dump}': {e.Message}");
                return BenchCli.UsageError;
            }
        }

        return result.Passed ? BenchCli.Ok : BenchCli.Differs;
    }
}
