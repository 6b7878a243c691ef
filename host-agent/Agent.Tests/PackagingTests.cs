using System.Globalization;
using System.Text.RegularExpressions;
using ColdStandby.HostAgent.Tests.Support;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The packaging as systemd and Prometheus read it: the agent unit's exposure from systemd-analyze
/// security (offline, no PID 1 needed) under 5.0, the alerting rules through promtool. Skipped with the reason where the tool is missing.
/// </summary>
public sealed class PackagingTests
{
    private static readonly string Packaging = Path.Combine(AppContext.BaseDirectory, "packaging");

    [ProgramsTheory("systemd-analyze")]
    [InlineData("coldstandby-agent.service")]
    public void Each_unit_is_hardened_below_exposure_5(string unit)
    {
        using var dir = new TempDir();
        foreach (string file in Directory.GetFiles(Packaging, "*.service"))
        {
            File.Copy(file, Path.Combine(dir.Path, Path.GetFileName(file)));
        }

        var (code, output) = Commands.RunIn(dir.Path, "systemd-analyze", "security", "--offline=true", unit);

        var level = Regex.Match(output, @"Overall exposure level for \S+: (\d+\.\d+)");
        Assert.True(level.Success, output);
        double exposure = double.Parse(level.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.True(exposure < 5.0, $"{unit}: exposure {exposure} (code {code})\n{output}");
    }

    [ProgramsFact("promtool")]
    public void The_alerting_rules_pass_promtool()
    {
        var (code, output) = Commands.RunIn(Packaging, "promtool", "check", "rules", "coldstandby-alerts.yml");

        // Every rule in the file is read (one that promtool skipped would never alert).
        int rules = Regex.Matches(File.ReadAllText(Path.Combine(Packaging, "coldstandby-alerts.yml")), @"^\s*- alert: ", RegexOptions.Multiline).Count;
        Assert.True(code == 0, output);
        Assert.Contains($"SUCCESS: {rules} rules found", output);
    }
}
