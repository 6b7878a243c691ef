using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using ColdStandby.HostAgent.Cli;
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

    [ProgramsFact("bash")]
    public void The_bash_completion_offers_every_verb_and_only_options_the_CLI_has()
    {
        var root = CommandLine.Build();
        var verbs = root.Subcommands.Select(c => c.Name).ToList();
        var everywhere = Names(root.Options.Where(o => o.Recursive)).Concat(new[] { "--help", "-h", "-?" }).ToHashSet();

        var top = Complete();

        Assert.Equal(verbs.Order(), top.Where(w => !w.StartsWith('-')).Order());
        foreach (var verb in root.Subcommands)
        {
            var offered = Complete(verb.Name);
            var own = Names(verb.Options.Concat(verb.Subcommands.SelectMany(c => c.Options))).ToHashSet();
            Assert.All(offered.Where(w => w.StartsWith('-')), o => Assert.True(own.Contains(o) || everywhere.Contains(o), $"completion offers {verb.Name} {o}, which the CLI does not have"));
            Assert.All(verb.Subcommands, c => Assert.Contains(c.Name, offered));
            Assert.All(verb.Options.Where(o => !o.Recursive && o.Name != "--help"), o => Assert.Contains(o.Name, offered));
        }
    }

    [ProgramsFact("groff")]
    public void The_man_page_renders_without_warnings_and_names_every_verb()
    {
        string page = Path.Combine(Packaging, "coldstandby.8");

        var (code, warnings) = Commands.Run("groff", "-man", "-Tutf8", "-ww", "-z", page);
        var (_, text) = Commands.Run("groff", "-man", "-Tascii", "-P-cbu", page);

        Assert.True(code == 0 && warnings.Length == 0, warnings);
        Assert.All(CommandLine.Build().Subcommands, verb => Assert.Matches($@"\n\s+{Regex.Escape(verb.Name)}\b", text));
    }

    private static IEnumerable<string> Names(IEnumerable<Option> options) => options.SelectMany(o => o.Aliases.Append(o.Name));

    /// <summary>What the installed completion offers after <c>coldstandby</c> and these words, for an empty next word.</summary>
    private static List<string> Complete(params string[] words)
    {
        var command = new List<string> { "bash", "-c", "source \"$1\"; shift; COMP_WORDS=(coldstandby \"$@\" ''); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _coldstandby; printf '%s\\n' \"${COMPREPLY[@]}\"", "_", Path.Combine(Packaging, "coldstandby.bash-completion") };
        command.AddRange(words);
        var (code, output) = Commands.Run(command.ToArray());
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
