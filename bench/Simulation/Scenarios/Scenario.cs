using System.Text;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// A named run: how the system is built, what happens (a <see cref="Script"/>), and the expected
/// outcome. Its verdict lists every expectation as met or not with what was seen, any safety
/// violation, and whether the script could be followed.
/// </summary>
public sealed class Scenario
{
    public Scenario(string name, string covers, string description, Script script, params Expectation[] expected)
    {
        Name = name;
        Covers = covers;
        Description = description;
        Script = script;
        Expected = expected.ToList();
    }

    /// <summary>Gets the name to run it by.</summary>
    public string Name { get; }

    /// <summary>Gets the DESIGN.md row or case it covers.</summary>
    public string Covers { get; }

    /// <summary>Gets what happens, in a sentence.</summary>
    public string Description { get; }

    /// <summary>Gets the script.</summary>
    public Script Script { get; }

    /// <summary>Gets the expected outcome.</summary>
    public List<Expectation> Expected { get; }

    /// <summary>Gets or sets how the system's options differ from the defaults.</summary>
    public Action<SystemOptions>? Configure { get; init; }

    /// <summary>Builds the system (with a planted bug, to show the monitor finds what it breaks), runs the script and judges the outcome.</summary>
    public ScenarioVerdict Run(bool record = false, int seed = 1, PlantedBug bug = PlantedBug.None)
    {
        var options = new SystemOptions { Record = record, Seed = seed };
        Configure?.Invoke(options);
        if (bug != PlantedBug.None)
        {
            bug.Plant(options);
        }

        var system = new StandbySystem(options);
        string? scriptFailure = Script.Run(system);
        var results = system.Stopped
            ? Expected.Select(e => (e, (string?)"not judged: the run stopped at a safety violation")).ToList()
            : Expected.Select(e => (e, e.Check(system))).ToList();
        return new ScenarioVerdict(this, system, scriptFailure, results);
    }
}

/// <summary>How a scenario's run went against its expected outcome.</summary>
public sealed class ScenarioVerdict
{
    internal ScenarioVerdict(Scenario scenario, StandbySystem system, string? scriptFailure, List<(Expectation Expected, string? Seen)> results)
    {
        Scenario = scenario;
        System = system;
        ScriptFailure = scriptFailure;
        Results = results;
    }

    /// <summary>Gets the scenario.</summary>
    public Scenario Scenario { get; }

    /// <summary>Gets the system as it ended.</summary>
    public StandbySystem System { get; }

    /// <summary>Gets what stopped the script, or null.</summary>
    public string? ScriptFailure { get; }

    /// <summary>Gets each expectation with what was seen instead (null: met).</summary>
    public IReadOnlyList<(Expectation Expected, string? Seen)> Results { get; }

    /// <summary>Gets the safety violation that stopped the run, or null.</summary>
    public SafetyViolation? Violation => System.Monitor.Violation;

    /// <summary>Gets whether the run matched its expected outcome: no violation, the script followed, every expectation met.</summary>
    public bool Passed => Violation == null && ScriptFailure == null && Results.All(r => r.Seen == null);

    /// <summary>Formats the verdict for people.</summary>
    public string Report()
    {
        var text = new StringBuilder();
        text.AppendLine($"scenario {Scenario.Name}: {Scenario.Description}");
        text.AppendLine($"  covers: {Scenario.Covers}");
        text.AppendLine($"  simulated {SimTime.Format(System.NowNs)}, {System.Steps:N0} part steps");
        foreach (var (expected, seen) in Results)
        {
            text.AppendLine(seen == null ? $"  ok    {expected.Text}" : $"  FAIL  {expected.Text}: {seen}");
        }

        if (ScriptFailure != null)
        {
            text.AppendLine($"  FAIL  script: {ScriptFailure}");
        }

        if (Violation != null)
        {
            text.Append("  ").AppendLine(Violation.Report().Replace("\n", "\n  ").TrimEnd());
        }

        text.AppendLine(Passed ? "verdict: PASS (matches the expected outcome)" : "verdict: FAIL (differs from the expected outcome)");
        return text.ToString();
    }
}
