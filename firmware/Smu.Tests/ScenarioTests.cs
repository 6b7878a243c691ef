namespace ColdStandby.Smu.Tests;

/// <summary>
/// Every scenario in Scenarios/*.txt, one test case per expectation, so a failure names the
/// scenario, the line of the expectation, and the time window. Each scenario runs once; its trace
/// is written to Scenarios/traces/ in the test output.
/// </summary>
public class ScenarioTests
{
    public static TheoryData<string, int, string> Expectations()
    {
        var data = new TheoryData<string, int, string>();
        foreach (string name in ScenarioLibrary.Names())
        {
            ColdStandby.Scenarios.Smu.SmuScenario scenario;
            try
            {
                scenario = ScenarioLibrary.Parse(name);
            }
            catch (FormatException)
            {
                data.Add(name, 0, "parses");
                continue;
            }

            data.Add(name, 0, "runs, and never powers on without the grant");
            foreach (var expectation in scenario.Expectations)
            {
                data.Add(name, expectation.Line, expectation.Text);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Expectations))]
    public void Scenario(string scenario, int line, string expectation)
    {
        var run = ScenarioLibrary.Run(scenario);
        if (line == 0)
        {
            Assert.True(run.World.Violations.Length == 0, $"{scenario}.txt: " + string.Join("\n", run.World.Violations));
            return;
        }

        int index = Array.FindIndex(run.Scenario.Expectations, e => e.Line == line);
        string? failure = run.Failures[index];
        Assert.True(failure == null, $"{scenario}.txt:{line} `{expectation}`: {failure}");
    }

    [Fact]
    public void There_are_scenarios()
    {
        Assert.NotEmpty(ScenarioLibrary.Names());
    }
}
