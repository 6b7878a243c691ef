using System.Diagnostics;
using ColdStandby.Bench.Simulation;
using ColdStandby.Bench.Traces;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Tests;

/// <summary>Skips, naming the reason, when sigrok-cli is not installed (CI installs it: .ci/run).</summary>
public sealed class SigrokFactAttribute : FactAttribute
{
    public SigrokFactAttribute()
    {
        if (!Sigrok.Available)
        {
            Skip = "sigrok-cli is not installed (Debian package sigrok-cli; .ci/run installs it)";
        }
    }
}

/// <summary>A real logic-analyzer tool reads our VCD: the full sample count, and its UART decoder yields exactly the bytes the simulation sent on each line.</summary>
public sealed class SigrokTests
{
    [SigrokFact]
    public void Sigrok_loads_the_vcd_with_every_sample_and_decodes_every_uart_line_byte_for_byte()
    {
        // A window with traffic on every line that has any: A's agent says hello, the SMU answers,
        // kicks, health reports, heartbeats both ways.
        var system = new StandbySystem(new SystemOptions { Record = true });
        system.RunUntil(180_000, () => system.ServerA.Agent != null);
        long from = system.NowNs - 200_000_000;
        system.RunFor(2_000);
        long to = system.NowNs;
        var recording = system.Recording!;
        var writer = new VcdWriter(1, "us");
        string dir = Directory.CreateTempSubdirectory("bench-sigrok").FullName;
        int linesChecked = 0;
        foreach (string scope in new[] { "smu_a", "smu_b", "dm" })
        {
            // sigrok's VCD import drops the scopes, and names are unique only inside a board: one file per board.
            string file = Path.Combine(dir, scope + ".vcd");
            writer.Write(file, recording, from, to, scopes: new[] { scope });
            string show = Sigrok.Run("-I", "vcd", "-i", file, "--show");
            Assert.Contains($"Logic sample count: {writer.UnitsFor(from, to)}", show);
            foreach (var uart in recording.Uarts.Where(u => u.Scope == scope))
            {
                long byteNs = (long)Math.Round(10 * uart.BitNs);
                byte[] sent = uart.BytesBetween(from + 1, to - byteNs + 1).ToArray();
                byte[] decoded = Sigrok.Bytes("-I", "vcd", "-i", file, "-P", $"uart:tx={uart.Name}:baudrate={uart.Baud}", "-B", "uart=tx");
                Assert.True(sent.SequenceEqual(decoded), $"{scope}.{uart.Name}: sent {sent.Length} bytes, sigrok decoded {decoded.Length}");
                linesChecked += sent.Length > 0 ? 1 : 0;
            }
        }

        // Both peer lines, SMU A's host line and A's agent line carried bytes in the window.
        Assert.True(linesChecked >= 4, $"{linesChecked} lines had traffic");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void The_vcd_has_one_timestamp_per_line_increasing_a_dumpvars_block_and_no_vectors()
    {
        var system = new StandbySystem(new SystemOptions { Record = true });
        system.RunUntil(60_000);
        var text = new StringWriter();
        new VcdWriter(10, "us").Write(text, system.Recording!, 0, system.NowNs);
        string[] lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("$timescale 10 us $end", lines);
        Assert.Contains("$dumpvars", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith('b'));
        long last = -1;
        foreach (string line in lines.Where(l => l.StartsWith('#')))
        {
            long time = long.Parse(line[1..]);
            Assert.True(time > last, $"timestamp {time} after {last}");
            last = time;
        }

        Assert.Equal(6_000_000, last);
        Assert.Throws<ArgumentOutOfRangeException>(() => new VcdWriter(5, "us"));
    }
}

/// <summary>Runs sigrok-cli.</summary>
internal static class Sigrok
{
    public static bool Available { get; } = Probe();

    public static string Run(params string[] args) => System.Text.Encoding.UTF8.GetString(Bytes(args));

    public static string RunWith(IReadOnlyDictionary<string, string> environment, params string[] args) => System.Text.Encoding.UTF8.GetString(Bytes(environment, args));

    public static byte[] Bytes(params string[] args) => Bytes(new Dictionary<string, string>(), args);

    private static byte[] Bytes(IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = new ProcessStartInfo("sigrok-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        string error = process.StandardError.ReadToEnd();
        copy.Wait();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"sigrok-cli {string.Join(' ', args)} exited {process.ExitCode}: {error}");
        return output.ToArray();
    }

    private static bool Probe()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("sigrok-cli", "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            process!.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
