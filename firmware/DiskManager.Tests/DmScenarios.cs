using ColdStandby.Scenarios.Dm;

namespace ColdStandby.Dm.Tests;

/// <summary>The DM scenario tables in Scenarios/*.txt, next to the test assembly (format: Scenarios/README.md).</summary>
public static class DmScenarios
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Scenarios");

    public static IEnumerable<string> Names() =>
        Directory.GetFiles(Folder, "*.txt").Select(f => Path.GetFileNameWithoutExtension(f)!).Order(StringComparer.Ordinal);

    public static DmScenarioRun Run(string name) => DmScenarioRun.Run(name, File.ReadAllText(Path.Combine(Folder, name + ".txt")));
}

/// <summary>
/// Every DM scenario table, run against the real DiskManager with the shared runner (the same code
/// the on-device tests run); a failure names the row, what was expected and what happened.
/// </summary>
public class DmScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (string name in DmScenarios.Names())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario(string scenario)
    {
        var run = DmScenarios.Run(scenario);
        Assert.True(run.RowCount > 0, $"{scenario}.txt has no rows");
        Assert.True(run.Failure == null, $"{scenario}.txt: {run.Failure}");
    }
}
