using ColdStandby.Scenarios.Smu;

namespace ColdStandby.Smu.Tests;

/// <summary>
/// The bench steps an SMU only when its <see cref="ServerManagementUnit.NextDueMs"/> has come or
/// something reached it. Every scenario run that way must do exactly what it does stepped every
/// millisecond: the same line changes, messages and log records at the same times. A timer that
/// NextDueMs forgot shows up here as an event that comes late.
/// </summary>
public class SparseSteppingTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (string name in ScenarioLibrary.Names())
        {
            // A slow channel's queued bytes are work NextDueMs does not announce; the bench's UARTs take a whole frame.
            if (ScenarioLibrary.Parse(name).WriteBudgets.Count == 0)
            {
                data.Add(name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Stepping_only_when_due_changes_nothing(string scenario)
    {
        var dense = ScenarioLibrary.Run(scenario).World;
        var sparse = new SmuWorld(ScenarioLibrary.Parse(scenario), sparse: true);
        sparse.Run();

        string[] expected = SmuEvents(dense);
        string[] actual = SmuEvents(sparse);
        int first = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], -1);
        if (first < 0 && expected.Length != actual.Length)
        {
            first = Math.Min(expected.Length, actual.Length);
        }

        Assert.True(sparse.StepsTaken * 4 < dense.StepsTaken, $"{scenario}: {sparse.StepsTaken} sparse steps of {dense.StepsTaken}");
        if (first >= 0)
        {
            Assert.Fail($"{scenario}: first difference at event {first}: every ms `{At(expected, first)}`, sparse `{At(actual, first)}`");
        }
    }

    private static string[] SmuEvents(SmuWorld world) =>
        Enumerable.Range(0, world.TraceCount).Select(world.TraceAt)
            .Where(e => e.Channel is "line" or "host" or "peer" or "log").Select(e => e.ToString()).ToArray();

    private static string At(string[] events, int i) => i < events.Length ? events[i] : "(none)";
}
