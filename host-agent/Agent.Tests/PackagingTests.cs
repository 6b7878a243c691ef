using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The packaging as systemd and Prometheus read it: the agent unit's exposure from systemd-analyze
/// security (offline, no PID 1 needed) under 5.0, the alerting rules through promtool. Skipped with the reason where the tool is missing.
/// </summary>
public sealed class PackagingTests
{
    private static readonly string Packaging = Path.Combine(AppContext.BaseDirectory, "packaging");

    [Theory]
    [InlineData("coldstandby-agent.service")]
    public void Each_unit_is_hardened_below_exposure_5(string unit)
    {
        if (Config.MachineCheck.Resolve("systemd-analyze") is null)
        {
            return; // systemd-analyze (package systemd) is not installed
        }

        using var dir = new Support.TempDir();
        foreach (string file in Directory.GetFiles(Packaging, "*.service"))
        {
            File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        }

        var (code, output) = Run(dir.Path, "systemd-analyze", "security", "--offline=true", unit);

        var level = Regex.Match(output, @"Overall exposure level for \S+: (\d+\.\d+)");
        Assert.True(level.Success, output);
        double exposure = double.Parse(level.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure < 5.0, $"{unit}: exposure {exposure} (code {code})\n{output}");
    }

    [Fact]
    public void The_alerting_rules_pass_promtool()
    {
        if (Config.MachineCheck.Resolve("promtool") is null)
        {
            return; // promtool (Debian package prometheus) is not installed
        }

        var (code, output) = Run(Packaging, "promtool", "check", "rules", "coldstandby-alerts.yml");

        Assert.True(code == 0, output);
        Assert.Contains("SUCCESS: 11 rules found", output);
    }

    private static (int Code, string Output) Run(string directory, params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in command.Skip(1))
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr);
    }
}
