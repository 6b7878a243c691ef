using System.Collections.Concurrent;
using ColdStandby.Scenarios.Smu;

namespace ColdStandby.Smu.Tests;

/// <summary>
/// Finds the scenario files next to the test assembly, runs each once (on first use) with the shared
/// runner (firmware/Scenarios, the same code the on-device tests run), and writes its trace to
/// Scenarios/traces/NAME.trace for reading.
/// </summary>
public static class ScenarioLibrary
{
    private static readonly ConcurrentDictionary<string, Lazy<SmuScenarioRun>> Runs = new();

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Scenarios");

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Folder, "*.txt").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    public static string Text(string name) => File.ReadAllText(Path.Combine(Folder, name + ".txt"));

    public static SmuScenario Parse(string name) => SmuScenarioParser.Parse(name, Text(name));

    public static SmuScenarioRun Run(string name) =>
        Runs.GetOrAdd(name, n => new Lazy<SmuScenarioRun>(() =>
        {
            var run = SmuScenarioRun.Run(n, Text(n));
            string traces = Path.Combine(Folder, "traces");
            Directory.CreateDirectory(traces);
            File.WriteAllLines(Path.Combine(traces, n + ".trace"), run.World.TraceLines());
            return run;
        })).Value;
}
