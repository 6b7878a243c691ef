using System.Text;
using ColdStandby.NanoClr.Tests.Support;
using ColdStandby.Scenarios.Smu;
using Xunit.Abstractions;

namespace ColdStandby.NanoClr.Tests;

/// <summary>
/// The nanoCLR gate catches what compiles for nanoFramework but does not run there. Each test plants
/// such a change in a copy of the scenario runner (firmware/Scenarios, compiled here for nanoFramework),
/// runs one real scenario through the on-device test code and the UnitTestLauncher on the nanoCLR,
/// and holds the result to the same scenario's report on .NET 10 with <see cref="Gate"/>, the check
/// every nanoCLR test uses. The unplanted copy passes the same way, so the plant is what fails.
/// </summary>
public class PlantedFailureTests
{
    private const string WorldSource = "firmware/Scenarios/Smu/SmuWorld.cs";
    private const string EventName = "Kinds.EventCode.Format((byte)_record.Code)";

    private readonly ITestOutputHelper _output;

    public PlantedFailureTests(ITestOutputHelper output) => _output = output;

    [NanoFact]
    public void The_unplanted_runner_passes_the_gate()
    {
        var (failure, _) = RunPlanted(sources => sources);
        Assert.Null(failure);
    }

    [NanoFact]
    public void Enum_ToString_where_a_name_is_expected_fails_the_gate()
    {
        // .NET prints the member's name; nanoFramework prints the number.
        var (failure, _) = RunPlanted(sources => Replace(sources, WorldSource, EventName, "_record.Code.ToString()"));
        _output.WriteLine(failure);
        Assert.NotNull(failure);
        Assert.Contains("differ at report line", failure);
        Assert.Matches(@"nanoCLR: +\d+ log +\d+ Side=", failure);
        Assert.Matches(@"\.NET 10: +\d+ log +SmuReset Side=", failure);
    }

    [NanoFact]
    public void A_generic_type_fails_the_gate()
    {
        // Our own generic type compiles against nanoFramework's mscorlib; the 1.17 CLR cannot run it.
        var (failure, run) = RunPlanted(sources =>
        {
            var planted = Replace(sources, WorldSource, "Note(\"SMU starts again\");", "Note(new Holder<string>(\"SMU starts again\").Value);");
            planted.Add(("Holder.cs", "namespace ColdStandby.Scenarios.Smu { internal sealed class Holder<T> { public Holder(T value) { Value = value; } public T Value { get; } } }"));
            return planted;
        });
        _output.WriteLine(failure);
        Assert.NotNull(failure);
        Assert.Contains("no result on the nanoCLR", failure);
        Assert.NotEqual(0, run.ExitCode);
    }

    // Compiles the runner's sources as changed by plant, and a one-test NFUnitTest running the smallest
    // SMU scenario with the on-device Checks; runs both on the nanoCLR; returns the gate's verdict.
    private (string? Failure, NanoClrRun Run) RunPlanted(Func<List<(string Path, string Text)>, List<(string Path, string Text)>> plant)
    {
        var device = OnDeviceRun.Get;
        string bin = Path.GetDirectoryName(OnDeviceRun.ImagePath)!;
        string[] firmware = { "ColdStandby.Hardware", "ColdStandby.Protocol", "ColdStandby.RecordStore", "ColdStandby.Smu", "ColdStandby.DiskManager" };
        var sources = Directory.GetFiles(Repository.File("firmware/Scenarios"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"))
            .Select(f => (Path.GetRelativePath(Repository.Root, f), File.ReadAllText(f)))
            .ToList();
        var scenarios = NanoCompiler.Compile("ColdStandby.Scenarios", plant(sources).Select(s => s.Text), firmware.Select(f => Path.Combine(bin, f + ".dll")));

        string name = OnDeviceRun.SmuScenarios().OrderBy(n => new FileInfo(Repository.File($"firmware/Smu.Tests/Scenarios/{n}.txt")).Length).First();
        string text = OnDeviceRun.ScenarioText("firmware/Smu.Tests/Scenarios", name);
        string test = $$"""
            using nanoFramework.TestFramework;
            namespace ColdStandby.OnDevice
            {
                [TestClass]
                public class PlantedTests
                {
                    [TestMethod]
                    public void Scenario() { Checks.RunSmu("{{name}}", Checks.Text(new byte[] { {{string.Join(",", Encoding.UTF8.GetBytes(text))}} })); }
                }
            }
            """;
        string scenariosDll = Path.Combine(Path.GetTempPath(), "coldstandby-planted-" + Guid.NewGuid().ToString("N"), "ColdStandby.Scenarios.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(scenariosDll)!);
        try
        {
            // The test assembly compiles against the real runner's API (the plant changes no signature).
            var tests = NanoCompiler.Compile(
                "NFUnitTest",
                new[] { File.ReadAllText(Repository.File("firmware/Boards/OnDevice/Checks.cs")), test },
                new[] { Path.Combine(bin, "ColdStandby.Scenarios.dll"), Path.Combine(Repository.TestFramework, "nanoFramework.TestFramework.dll") });
            var assemblies = device.Image.Where(a => !a.Name.StartsWith("ColdStandby.OnDevice.", StringComparison.Ordinal) && a.Name != "NFUnitTest" && a.Name != "ColdStandby.Scenarios")
                .Append(scenarios)
                .Append(tests)
                .Append(PeAssembly.ReadFile(Path.Combine(Repository.TestFramework, "nanoFramework.UnitTestLauncher.pe")));
            var run = NanoClrRun.Run(PeAssembly.InLoadOrder(assemblies), TimeSpan.FromMinutes(2));
            var dotnet = SmuScenarioRun.Run(name, text).Report();
            return (Gate.Judge(run, new LauncherOutput(run.Output), "smu/" + name, dotnet), run);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(scenariosDll)!, recursive: true);
        }
    }

    private static List<(string Path, string Text)> Replace(List<(string Path, string Text)> sources, string path, string from, string to)
    {
        int at = sources.FindIndex(s => s.Path == path);
        Assert.True(at >= 0 && sources[at].Text.Contains(from), $"{path} no longer holds `{from}`: plant the failure elsewhere");
        var planted = sources.ToList();
        planted[at] = (path, sources[at].Text.Replace(from, to));
        return planted;
    }
}
