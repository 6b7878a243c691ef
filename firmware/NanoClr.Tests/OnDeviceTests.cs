using ColdStandby.NanoClr.Tests.Support;
using ColdStandby.Scenarios.Dm;
using ColdStandby.Scenarios.Examples;
using ColdStandby.Scenarios.Smu;
using Xunit.Abstractions;

namespace ColdStandby.NanoClr.Tests;

/// <summary>
/// Every SMU scenario, every DM scenario table and every example of the protocol specification, run
/// on the real nanoFramework CLR by the on-device tests (nanoFramework.TestFramework, through the
/// UnitTestLauncher) and compared line for line with the same run of the same runner on .NET 10.
/// One case per scenario or example: a failure names it and says where the two runs differ.
/// </summary>
public class OnDeviceTests
{
    private readonly ITestOutputHelper _output;

    public OnDeviceTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> SmuScenarios() => Data(OnDeviceRun.SmuScenarios());

    public static TheoryData<string> DmScenarios() => Data(OnDeviceRun.DmScenarios());

    public static TheoryData<int> Examples()
    {
        var data = new TheoryData<int>();
        for (int i = 0; i < OnDeviceRun.ExampleRows().Length; i++)
        {
            data.Add(i);
        }

        return data;
    }

    [NanoTheory]
    [MemberData(nameof(SmuScenarios))]
    public void Smu_scenario_runs_on_the_nanoCLR_as_on_dotnet(string scenario)
    {
        var run = OnDeviceRun.Get;
        var dotnet = SmuScenarioRun.Run(scenario, OnDeviceRun.ScenarioText("firmware/Smu.Tests/Scenarios", scenario)).Report();
        string? failure = Gate.Judge(run.Run, run.Device, "smu/" + scenario, dotnet);
        Assert.True(failure == null, failure);
    }

    [NanoTheory]
    [MemberData(nameof(DmScenarios))]
    public void Dm_scenario_runs_on_the_nanoCLR_as_on_dotnet(string scenario)
    {
        var run = OnDeviceRun.Get;
        var dotnet = DmScenarioRun.Run(scenario, OnDeviceRun.ScenarioText("firmware/DiskManager.Tests/Scenarios", scenario)).Report();
        string? failure = Gate.Judge(run.Run, run.Device, "dm/" + scenario, dotnet);
        Assert.True(failure == null, failure);
    }

    [NanoTheory]
    [MemberData(nameof(Examples))]
    public void Specification_example_encodes_on_the_nanoCLR_as_on_dotnet(int example)
    {
        var run = OnDeviceRun.Get;
        var dotnet = ProtocolExamples.Run(OnDeviceRun.ExampleRows()[example]);
        string? failure = Gate.Judge(run.Run, run.Device, "example/" + example, dotnet);
        Assert.True(failure == null, failure);
    }

    [NanoFact]
    public void The_nanoCLR_ran_every_on_device_test_to_the_end()
    {
        var run = OnDeviceRun.Get;
        int expected = OnDeviceRun.SmuScenarios().Length + OnDeviceRun.DmScenarios().Length + OnDeviceRun.ExampleRows().Length;
        _output.WriteLine($"on-device tests: {run.Device.Tests.Count} run, {run.Device.Tests.Count(t => t.Verdict == "passed")} passed; "
            + $"build {run.BuildTime.TotalSeconds:0.0} s, nanoCLR {run.Run.Elapsed.TotalSeconds:0.0} s, total {run.Total.TotalSeconds:0.0} s");

        Assert.True(run.Run.ExitCode == 0, $"run-nanoclr failed (exit {run.Run.ExitCode}): {run.Run.Errors}");
        Assert.True(run.Device.Tests.Count == expected,
            $"the launcher reported {run.Device.Tests.Count} tests, the assembly has {expected} (scenario files + example rows): "
            + "a run that stops early reports fewer; a generator that counts example rows differently from ProtocolExamples.Rows reports a different number");
        Assert.Equal(expected, run.Device.Tests.Select(t => t.Method).Distinct().Count());
        Assert.Empty(run.Device.Tests.Where(t => t.Verdict != "passed").Select(t => $"{t.Method} {t.Verdict}: {t.Detail}"));
        Assert.Empty(run.Device.Unexpected);
    }

    private static TheoryData<string> Data(IEnumerable<string> names)
    {
        var data = new TheoryData<string>();
        foreach (string name in names)
        {
            data.Add(name);
        }

        return data;
    }
}
