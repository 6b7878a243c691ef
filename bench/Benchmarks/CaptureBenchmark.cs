using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ColdStandby.Benchmarks;

/// <summary>
/// The capture checker on a long capture: a generated 1 GB VCD (sigrok's dialect, 1 MHz, four
/// UART lines at 115200 baud and four GPIO lines, all mapped and checked) and the same samples as
/// a sigrok session, each checked by the real <c>coldstandby-bench check</c> in its own process
/// (its time and peak memory, as it reports them). Then sigrok-cli decoding one of the UART lines
/// and our check side by side on one smaller file of the same generator (sigrok-cli decodes well
/// under 1 MB/s: the 1 GB file would take it over half an hour). Goals: under 100 MB, at least
/// 300 MB/s, at least 100 times sigrok-cli, and the session no slower than the VCD.
/// BENCH_CAPTURE_MB sets the VCD's size (1000), BENCH_SIGROK_MB the side-by-side file's (100; the
/// big file itself when it is no larger), BENCH_DIR where the files go (kept, and reused by the
/// next run of the same sizes; default a temp folder, deleted after), BENCH_SIGROK=0 skips sigrok-cli.
/// </summary>
public static class CaptureBenchmark
{
    public static void Run()
    {
        long megabytes = Megabytes("BENCH_CAPTURE_MB", 1000);
        long sigrokMegabytes = Math.Min(Megabytes("BENCH_SIGROK_MB", 100), megabytes);
        string? kept = Environment.GetEnvironmentVariable("BENCH_DIR");
        string dir = kept ?? Directory.CreateTempSubdirectory("bench-capture").FullName;
        Directory.CreateDirectory(dir);
        try
        {
            var big = Files.Prepare(dir, "capture", megabytes, session: true, kept != null);
            var ours = Check(big.Vcd, big.Map, big.Capture.VcdBytes);
            var fromSession = Check(big.Session!, big.Map, big.Capture.VcdBytes);
            Console.WriteLine($"  => the session checked in {fromSession.Seconds:0.00} s, the VCD in {ours.Seconds:0.00} s (goal: the session no slower)");

            if (Environment.GetEnvironmentVariable("BENCH_SIGROK") != "0")
            {
                var small = sigrokMegabytes == megabytes ? big : Files.Prepare(dir, $"capture-{sigrokMegabytes}mb", sigrokMegabytes, session: false, kept != null);
                var oursSmall = small == big ? ours : Check(small.Vcd, small.Map, small.Capture.VcdBytes);
                Sigrok(small, oursSmall, big.Capture.VcdBytes / 1e6 / ours.Seconds);
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

    private static long Megabytes(string variable, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(variable), out long mb) && mb > 0 ? mb : fallback;

    /// <summary>A generated capture's files: its VCD, its session (or none) and its map.</summary>
    private sealed record Files(SyntheticCapture Capture, string Vcd, string? Session, string Map)
    {
        /// <summary>Generates <paramref name="name"/>.vcd (and .sr) of <paramref name="megabytes"/> MB in <paramref name="dir"/>, or reuses it when kept.</summary>
        public static Files Prepare(string dir, string name, long megabytes, bool session, bool kept)
        {
            string vcd = Path.Combine(dir, name + ".vcd");
            string? sr = session ? Path.Combine(dir, name + ".sr") : null;
            string map = Path.Combine(dir, name + ".map");
            var clock = Stopwatch.StartNew();
            var capture = kept ? SyntheticCapture.Reuse(megabytes * 1_000_000, vcd, sr, map) : null;
            string made = $"reused from {dir}";
            if (capture == null)
            {
                capture = SyntheticCapture.Write(megabytes * 1_000_000, vcd, sr, map);
                made = $"generated in {clock.Elapsed.TotalSeconds:0.0} s";
                if (kept)
                {
                    capture.Keep(megabytes * 1_000_000, vcd);
                }
            }

            Console.WriteLine($"captures: {made}: {capture.Samples / 1e6:N0} s at 1 MHz ({capture.Samples:N0} samples), {capture.Edges:N0} value changes, " +
                $"frames {string.Join(" / ", capture.Frames.Select(f => f.ToString("N0", CultureInfo.InvariantCulture)))} on D0…D3");
            Console.WriteLine($"  VCD     {vcd}: {capture.VcdBytes / 1e6:N1} MB (sigrok's dialect)");
            if (sr != null)
            {
                Console.WriteLine($"  session {sr}: {capture.SessionBytes / 1e6:N1} MB (.sr, {capture.Samples / 1e6:N0} MB of samples)");
            }

            Console.WriteLine();
            return new Files(capture, vcd, sr, map);
        }
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

    /// <summary>sigrok-cli decoding one UART line of the file <paramref name="ours"/> was checked on, and the ratio.</summary>
    private static void Sigrok(Files file, Checked ours, double bigMegabytesPerSecond)
    {
        string name = Path.GetFileName(file.Vcd);
        Console.WriteLine($"captures: sigrok-cli -I vcd -i {name} -P uart:tx=D2:baudrate=115200 -B uart=tx (one UART line, smu_a.host_tx), on the file just checked");
        var clock = Stopwatch.StartNew();
        long bytes;
        try
        {
            bytes = CountOutput("sigrok-cli", "-I", "vcd", "-i", file.Vcd, "-P", "uart:tx=D2:baudrate=115200", "-B", "uart=tx");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Console.WriteLine("  sigrok-cli is not installed (Debian package sigrok-cli): not compared");
            return;
        }

        clock.Stop();
        double seconds = clock.Elapsed.TotalSeconds;
        double megabytes = file.Capture.VcdBytes / 1e6;
        Console.WriteLine($"  {seconds:0.0} s, {megabytes / seconds:0.00} MB/s, {bytes:N0} bytes decoded ({(bytes == ours.HostBytes ? "the same count as ours: it read the whole file" : $"ours: {ours.HostBytes:N0}")})");
        Console.WriteLine($"  => on {name} ({megabytes:N0} MB) the checker, every line and every check, is {seconds / ours.Seconds:N0} times as fast as sigrok-cli decoding one line " +
            $"({seconds / ours.WallSeconds:N0} times counting its process start) (goal: >= 100); by speed, the big file's {bigMegabytesPerSecond:N0} MB/s is {bigMegabytesPerSecond / (megabytes / seconds):N0} times sigrok-cli's");
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
