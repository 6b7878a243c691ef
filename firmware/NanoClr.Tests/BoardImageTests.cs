using ColdStandby.NanoClr.Tests.Support;
using Xunit.Abstractions;

namespace ColdStandby.NanoClr.Tests;

/// <summary>
/// The board programs build on Linux exactly as firmware/Boards/README.md says, into the images its
/// nanoff lines deploy; each image holds every assembly its program needs, and the program starts
/// on the nanoCLR and runs until it first touches the hardware.
/// </summary>
public class BoardImageTests
{
    private readonly ITestOutputHelper _output;

    public BoardImageTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> Programs() => new() { "ColdStandby.Smu.Board", "ColdStandby.DiskManager.Board" };

    [NanoFact]
    public void The_README_builds_every_image_its_nanoff_lines_deploy()
    {
        var build = BoardBuild.Get;
        _output.WriteLine($"{string.Join("\n", build.BuildCommands)}\n({build.BuildTime.TotalSeconds:0.0} s)");
        Assert.Equal(2, build.BuildCommands.Count);
        Assert.Equal(2, build.Images.Count);
        foreach (string image in build.Images)
        {
            Assert.True(File.Exists(Repository.File(image)), $"{BoardBuild.Readme} deploys {image}, which its build commands did not write");
        }
    }

    [NanoTheory]
    [MemberData(nameof(Programs))]
    public void The_image_holds_every_assembly_the_program_needs(string program)
    {
        string path = Repository.File(BoardBuild.Get.ImageOf(program));
        var image = PeAssembly.ReadImage(File.ReadAllBytes(path));
        _output.WriteLine($"{Path.GetFileName(path)}: {new FileInfo(path).Length} bytes");
        foreach (var assembly in image)
        {
            _output.WriteLine($"  {assembly.Name} {assembly.Version}: {assembly.Bytes.Length} bytes, native checksum 0x{assembly.NativeChecksum:X8}");
        }

        Assert.Equal("mscorlib", image[0].Name);
        Assert.Equal(program, image[^1].Name);
        Assert.Equal(image.Count, image.Select(a => a.Name).Distinct().Count());
        var missing = image.SelectMany(a => a.References.Select(r => (By: a.Name, r.Name, r.Version)))
            .Where(r => !image.Any(a => a.Name == r.Name && a.Version == r.Version))
            .Select(r => $"{r.By} needs {r.Name} {r.Version}")
            .ToList();
        Assert.True(missing.Count == 0, "the image lacks: " + string.Join("; ", missing));

        // The nanoFramework libraries are the kit's own .pe, whose native checksums are the firmware's.
        foreach (var assembly in image.Where(a => !a.Name.StartsWith("ColdStandby.", StringComparison.Ordinal)))
        {
            string shipped = assembly.Name == "mscorlib"
                ? Path.ChangeExtension(Repository.Mscorlib, ".pe")
                : Directory.GetFiles(Repository.KitFile("lib"), assembly.Name + ".pe", SearchOption.AllDirectories).Single();
            Assert.True(File.ReadAllBytes(shipped).AsSpan().SequenceEqual(assembly.Bytes), $"{assembly.Name} in the image differs from {shipped}");
        }
    }

    [NanoTheory]
    [MemberData(nameof(Programs))]
    public void The_program_starts_on_the_nanoCLR_and_runs_until_its_first_hardware_call(string program)
    {
        var image = PeAssembly.ReadImage(File.ReadAllBytes(Repository.File(BoardBuild.Get.ImageOf(program))));

        // The board's Main, called by a small starter loaded last (the runner starts the last entry point):
        // the nanoCLR's GPIO, serial and I2C natives are stubs that throw NotImplementedException, so
        // the program stops at its first hardware call, the GPIO controller, and the starter says so.
        var starter = NanoCompiler.Compile("BoardStart", new[] { StarterSource(program) }, Array.Empty<string>(), executable: true);
        var run = NanoClrRun.Run(PeAssembly.InLoadOrder(image).Append(starter), TimeSpan.FromMinutes(2));
        _output.WriteLine(string.Join("\n", run.Output));

        Assert.True(run.ExitCode == 0, $"run-nanoclr failed (exit {run.ExitCode}): {run.Errors}");
        Assert.Equal(
            new[]
            {
                $"starting {program}",
                $"{program} stopped at its first hardware call (NotImplementedException: GPIO is a stub on the nanoCLR)",
                "=== end",
            },
            run.Output);
    }

    private static string StarterSource(string program) => $$"""
        using System;
        using System.Reflection;

        public static class BoardStart
        {
            public static void Main()
            {
                Assembly board = Assembly.Load("{{program}}");
                MethodInfo main = null;
                foreach (Type type in board.GetTypes())
                {
                    if (type.Name == "Program")
                    {
                        main = type.GetMethod("Main");
                    }
                }

                Console.WriteLine("starting {{program}}");
                try
                {
                    main.Invoke(null, null);
                    Console.WriteLine("{{program}} returned from Main");
                }
                catch (NotImplementedException)
                {
                    Console.WriteLine("{{program}} stopped at its first hardware call (NotImplementedException: GPIO is a stub on the nanoCLR)");
                }
                catch (Exception e)
                {
                    Console.WriteLine("{{program}} stopped: " + e.GetType().FullName + " " + e.Message);
                }

                Console.WriteLine("=== end");
            }
        }
        """;
}
