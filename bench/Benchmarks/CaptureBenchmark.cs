using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ColdStandby.Benchmarks;

/// <summary>
/// The capture checker on a long capture: a generated 1 GB VCD (sigrok's dialect, 1 MHz, four
/// UART lines at 115200 baud and four GPIO lines, all mapped and checked) and the same samples as
/// a sigrok session, each checked by the real <c>coldstandby-bench check</c> in its own process
/// (its time and peak memory, as it reports them), then sigrok-cli decoding one of the UART lines
/// of the same VCD, side by side. Goals: under 100 MB, at least 300 MB/s, at least 100 times
/// sigrok-cli, and the session no slower than the VCD. BENCH_CAPTURE_MB sets the VCD's size
/// (1000), BENCH_DIR where the files go (kept, and reused by the next run of the same size; default a temp folder, deleted after), BENCH_SIGROK=0 skips sigrok-cli.
/// </summary>
public static class CaptureBenchmark
{
    public static void Run()
    {
        long megabytes = long.TryParse(Environment.GetEnvironmentVariable("BENCH_CAPTURE_MB"), out long mb) && mb > 0 ? mb : 1000;
        string? kept = Environment.GetEnvironmentVariable("BENCH_DIR");
        string dir = kept ?? Directory.CreateTempSubdirectory("bench-capture").FullName;
        Directory.CreateDirectory(dir);
        string vcd = Path.Combine(dir, "capture.vcd");
        string session = Path.Combine(dir, "capture.sr");
        string map = Path.Combine(dir, "capture.map");
        try
        {
            var clock = Stopwatch.StartNew();
            var capture = kept == null ? null : SyntheticCapture.Reuse(megabytes * 1_000_000, vcd, session, map);
            string made = $"reused from {dir}";
            if (capture == null)
            {
                capture = SyntheticCapture.Write(megabytes * 1_000_000, vcd, session, map);
                made = $"generated in {clock.Elapsed.TotalSeconds:0.0} s";
                if (kept != null)
                {
                    capture.Keep(megabytes * 1_000_000, vcd);
                }
            }

            Console.WriteLine($"captures: {made}: {capture.Samples / 1e6:N0} s at 1 MHz ({capture.Samples:N0} samples), {capture.Edges:N0} value changes, " +
                $"frames {string.Join(" / ", capture.Frames.Select(f => f.ToString("N0", CultureInfo.InvariantCulture)))} on D0…D3");
            Console.WriteLine($"  VCD     {vcd}: {capture.VcdBytes / 1e6:N1} MB (sigrok's dialect)");
            Console.WriteLine($"  session {session}: {capture.SessionBytes / 1e6:N1} MB (.sr, {capture.Samples / 1e6:N0} MB of samples)");
            Console.WriteLine();

            var ours = Check(vcd, map, capture.VcdBytes);
            var fromSession = Check(session, map, capture.VcdBytes);
            Console.WriteLine($"  => the session checked in {fromSession.Seconds:0.00} s, the VCD in {ours.Seconds:0.00} s (goal: the session no slower)");

            if (Environment.GetEnvironmentVariable("BENCH_SIGROK") != "0")
            {
                Sigrok(vcd, ours, capture.VcdBytes);
            }
        }
        finally
        {
            if (kept == null)
            {
                Directory.Delete(dir, true);
            }
        }

        Console.WriteLine();
    }

    private sealed record Checked(double Seconds, double WallSeconds, double PeakMb, long HostBytes, string Verdict);

    private static Checked Check(string path, string map, long vcdBytes)
    {
        var wall = Stopwatch.StartNew();
        var (code, output, error) = Start(Bench(), "check", path, "--map", map);
        wall.Stop();
        var done = Regex.Match(output, @"\(read and checked in ([0-9.]+) s, peak memory ([0-9.]+) MB\)");
        var host = Regex.Match(output, @"smu_a\.host_tx\)?\s+host link SMU A→agent\s+[0-9,]+ transitions .*?, ([0-9,]+) bytes");
        string verdict = output.Split('\n').FirstOrDefault(l => l.StartsWith("verdict:", StringComparison.Ordinal)) ?? $"exit {code}: {error.Trim()}";
        if (!done.Success || !host.Success)
        {
            throw new InvalidOperationException($"coldstandby-bench check {path} (exit {code}) did not report its time and the host line's bytes:\n{output}\n{error}");
        }

        var result = new Checked(double.Parse(done.Groups[1].Value, CultureInfo.InvariantCulture), wall.Elapsed.TotalSeconds,
            double.Parse(done.Groups[2].Value, CultureInfo.InvariantCulture), long.Parse(host.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), verdict);
        Console.WriteLine($"captures: coldstandby-bench check {Path.GetFileName(path)} --map {Path.GetFileName(map)}: exit {code}, {verdict}");
        Console.WriteLine($"  read and checked in {result.Seconds:0.00} s ({result.WallSeconds:0.00} s for the process): {vcdBytes / 1e6 / result.Seconds:N0} MB/s of the VCD's size " +
            $"(goal: >= 300), peak memory {result.PeakMb:N0} MB (goal: < 100); {result.HostBytes:N0} bytes decoded on smu_a.host_tx");
        return result;
    }

    private static void Sigrok(string vcd, Checked ours, long vcdBytes)
    {
        Console.WriteLine("captures: sigrok-cli -I vcd -i capture.vcd -P uart:tx=D2:baudrate=115200 -B uart=tx (one UART line, smu_a.host_tx)");
        var clock = Stopwatch.StartNew();
        long bytes;
        try
        {
            bytes = CountOutput("sigrok-cli", "-I", "vcd", "-i", vcd, "-P", "uart:tx=D2:baudrate=115200", "-B", "uart=tx");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("  sigrok-cli is not installed (Debian package sigrok-cli): not compared");
            return;
        }

        clock.Stop();
        double seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  {seconds:0.0} s, {vcdBytes / 1e6 / seconds:0.00} MB/s, {bytes:N0} bytes decoded ({(bytes == ours.HostBytes ? "the same count as ours: it read the whole file" : $"ours: {ours.HostBytes:N0}")})");
        Console.WriteLine($"  => the checker, every line and every check, {seconds / ours.Seconds:N0} times as fast as sigrok-cli decoding one line ({seconds / ours.WallSeconds:N0} times counting its process start) (goal: >= 100)");
    }

    /// <summary>The bench's own command line, from this program's folder.</summary>
    private static string[] Bench()
    {
        string folder = AppContext.BaseDirectory;
        string host = Path.Combine(folder, "coldstandby-bench");
        return File.Exists(host) ? new[] { host } : new[] { "dotnet", Path.Combine(folder, "coldstandby-bench.dll") };
    }

    private static (int Code, string Output, string Error) Start(string[] command, params string[] args)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in command.Skip(1).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    private static long CountOutput(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = process.StandardOutput.BaseStream.Read(buffer)) > 0)
        {
            total += n;
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} exited {process.ExitCode}: {error.Result}");
        }

        return total;
    }
}
