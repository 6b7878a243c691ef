using System.Diagnostics;
using ColdStandby.Scenarios.Examples;

namespace ColdStandby.NanoClr.Tests.Support;

/// <summary>
/// The on-device test assembly (firmware/Boards/OnDevice) built and run once per test session on the
/// nanoCLR through nanoFramework's UnitTestLauncher; every nanoCLR test reads this one run.
/// </summary>
public sealed class OnDeviceRun
{
    public const string Project = "firmware/Boards/OnDevice/OnDevice.csproj";

    private static readonly Lazy<OnDeviceRun> Shared = new(() => new OnDeviceRun(), LazyThreadSafetyMode.ExecutionAndPublication);

    private OnDeviceRun()
    {
        var clock = Stopwatch.StartNew();
        BuildTime = ChildBuild.Build(Project, Repository.Configuration);
        Image = PeAssembly.ReadImage(File.ReadAllBytes(ImagePath));
        var launcher = PeAssembly.ReadFile(Path.Combine(Repository.TestFramework, "nanoFramework.UnitTestLauncher.pe"));
        Run = NanoClrRun.Run(PeAssembly.InLoadOrder(Image.Append(launcher)), TimeSpan.FromMinutes(15));
        Device = new LauncherOutput(Run.Output);
        Total = clock.Elapsed;
    }

    public static OnDeviceRun Get => Shared.Value;

    public static string ImagePath => Repository.File($"firmware/Boards/OnDevice/bin/{Repository.Configuration}/NFUnitTest.bin");

    public TimeSpan BuildTime { get; }

    public TimeSpan Total { get; }

    public List<PeAssembly> Image { get; }

    public NanoClrRun Run { get; }

    public LauncherOutput Device { get; }

    public static string[] SmuScenarios() => Names("firmware/Smu.Tests/Scenarios");

    public static string[] DmScenarios() => Names("firmware/DiskManager.Tests/Scenarios");

    public static string Specification() => File.ReadAllText(Repository.File("firmware/Protocol/README.md"));

    public static string[] ExampleRows() => ProtocolExamples.Rows(Specification());

    public static string ScenarioText(string folder, string name) => File.ReadAllText(Repository.File(Path.Combine(folder, name + ".txt")));

    private static string[] Names(string folder) =>
        Directory.GetFiles(Repository.File(folder), "*.txt").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToArray();
}
