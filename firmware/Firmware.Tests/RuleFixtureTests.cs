namespace ColdStandby.Firmware.Tests;

/// <summary>
/// Proof that each rule fires: small C# fixtures, compiled at test time, each holding one thing a board cannot
/// run, and a clean one that holds none. Each fixture names where the finding must point and what it must say.
/// </summary>
public sealed class RuleFixtureTests : IDisposable
{
    public sealed record Fixture(FirmwareRule Rule, FixtureTarget Target, string Location, string Detail, string Source);

    static readonly Dictionary<string, Fixture> Fixtures = new()
    {
        ["own generic type"] = new(FirmwareRule.GenericParameter, FixtureTarget.NanoFramework, "Box`1", "<T>",
            "public class Box<T> { public T Value; }"),
        ["own generic method"] = new(FirmwareRule.GenericParameter, FixtureTarget.NanoFramework, "Util::Keep", "<T>",
            "public static class Util { public static int Keep<T>(T value) { return 0; } }"),

        ["Action<T> field"] = new(FirmwareRule.GenericInstantiation, FixtureTarget.NanoFramework, "Relay::Changed", "System.Action`1<int>",
            "public class Relay { public System.Action<int> Changed; }"),
        ["Func<> parameter"] = new(FirmwareRule.GenericInstantiation, FixtureTarget.NanoFramework, "Run::Once", "System.Func`1<int>",
            "public static class Run { public static int Once(System.Func<int> work) { return work(); } }"),
        ["EventHandler<T> event"] = new(FirmwareRule.GenericInstantiation, FixtureTarget.NanoFramework, "Source", "System.EventHandler`1<System.EventArgs>",
            "public class Source { public event System.EventHandler<System.EventArgs> Fired; public void Raise() { if (Fired != null) Fired(this, null); } }"),
        ["generic method call"] = new(FirmwareRule.GenericInstantiation, FixtureTarget.NanoFramework, "Util::Use", "generic method call Util::Same<int>",
            "public static class Util { static T Same<T>(T value) { return value; } public static int Use() { return Same(1); } }"),
        ["List<T> local"] = new(FirmwareRule.GenericInstantiation, FixtureTarget.DotNet, "Bag::Count", "System.Collections.Generic.List`1<int>",
            "public static class Bag { public static int Count() { var items = new System.Collections.Generic.List<int>(); items.Add(1); items.Add(2); return items.Count; } }"),

        ["multidimensional array"] = new(FirmwareRule.MultidimensionalArray, FixtureTarget.NanoFramework, "Grid::Corner", "int[,]",
            "public static class Grid { public static int Corner() { var cells = new int[2, 3]; cells[1, 2] = 7; return cells[1, 2]; } }"),
        ["multidimensional array field"] = new(FirmwareRule.MultidimensionalArray, FixtureTarget.NanoFramework, "Board::Cells", "byte[,]",
            "public class Board { public byte[,] Cells; }"),

        ["double field"] = new(FirmwareRule.FloatingPoint, FixtureTarget.NanoFramework, "Gauge::Level", "double",
            "public class Gauge { public double Level; }"),
        ["float return"] = new(FirmwareRule.FloatingPoint, FixtureTarget.NanoFramework, "Gauge::Ratio", "float",
            "public static class Gauge { public static float Ratio(int a, int b) { return a / (float)b; } }"),
        ["floating point in a body only"] = new(FirmwareRule.FloatingPoint, FixtureTarget.NanoFramework, "Scale::Half", "ldc.r8",
            "public static class Scale { public static int Half(int value) { return (int)(value * 0.5); } }"),

        ["type mscorlib lacks"] = new(FirmwareRule.MissingFromMscorlib, FixtureTarget.FakeMscorlib, "Flags::Bits", FixtureCompiler.TypeMscorlibLacks,
            "public class Flags { public System.Collections.BitArray Bits; }"),

        ["System.Math"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Calc::Abs", "System.Math",
            "public static class Calc { public static int Abs(int value) { return System.Math.Abs(value); } }"),
        ["StringBuilder"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Text::Make", "System.Text.StringBuilder",
            "public static class Text { public static string Make() { var text = new System.Text.StringBuilder(); text.Append('a'); return text.ToString(); } }"),
        ["Stopwatch"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Clock::Now", "System.Diagnostics.Stopwatch",
            "public static class Clock { public static long Now() { return System.Diagnostics.Stopwatch.GetTimestamp(); } }"),
        ["Hashtable"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Index::Make", "System.Collections.Hashtable",
            "public static class Index { public static object Make() { return new System.Collections.Hashtable(); } }"),
        ["Queue"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Line::Make", "System.Collections.Queue",
            "public static class Line { public static object Make() { return new System.Collections.Queue(); } }"),
        ["Stack"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Pile::Make", "System.Collections.Stack",
            "public static class Pile { public static object Make() { return new System.Collections.Stack(); } }"),
        ["Span<T>"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Bytes::Count", "System.Span`1",
            "public static class Bytes { public static int Count(byte[] data) { System.Span<byte> span = data; return span.Length; } }"),
        ["ReadOnlySpan<T>"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Bytes::Count", "System.ReadOnlySpan`1",
            "public static class Bytes { public static int Count(byte[] data) { System.ReadOnlySpan<byte> span = data; return span.Length; } }"),
        ["Task"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Work::Done", "System.Threading.Tasks.Task",
            "public static class Work { public static System.Threading.Tasks.Task Done() { return System.Threading.Tasks.Task.CompletedTask; } }"),
        ["async method"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Work::Later", "AsyncStateMachineAttribute",
            "public static class Work { public static async System.Threading.Tasks.Task Later() { await System.Threading.Tasks.Task.Yield(); } }"),
        ["yield iterator"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Walk::Steps", "IteratorStateMachineAttribute",
            "public static class Walk { public static System.Collections.IEnumerable Steps() { yield return 1; } }"),
        ["tuple"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Pair::Make", "System.ValueTuple`2",
            "public static class Pair { public static (int, int) Make() { return (1, 2); } }"),
        ["LINQ"] = new(FirmwareRule.DenyList, FixtureTarget.DotNet, "Query::Count", "System.Linq.Enumerable",
            "public static class Query { public static int Count(int[] values) { return System.Linq.Enumerable.Count(values); } }"),
        ["stackalloc"] = new(FirmwareRule.DenyList, FixtureTarget.NanoFramework, "Scratch::First", "localloc",
            "public static class Scratch { public static unsafe int First() { int* cells = stackalloc int[4]; cells[0] = 3; return cells[0]; } }"),
        ["own StringBuilder"] = new(FirmwareRule.DenyList, FixtureTarget.NanoFramework, "System.Text.StringBuilder", "defines System.Text.StringBuilder",
            "namespace System.Text { public class StringBuilder { } }"),
    };

    // What firmware code is meant to look like: enums, interfaces, own delegates, byte and int arrays, ArrayList,
    // lookup tables, exceptions, properties, switch, string concatenation. None of it may be flagged.
    const string CleanSource = """
        using System;
        using System.Collections;

        namespace Clean
        {
            public enum Mode : byte { Idle, Active, Failed }

            public delegate void ModeChanged(Mode from, Mode to);

            public interface IOutput { void Write(bool high); }

            public sealed class Controller
            {
                static readonly uint[] Table = { 1u, 2u, 3u, 5u, 8u };
                readonly ArrayList history = new ArrayList();
                readonly byte[] buffer = new byte[16];
                readonly IOutput output;
                Mode mode;

                public Controller(IOutput output) { this.output = output ?? throw new ArgumentNullException(); }

                public event ModeChanged Changed;

                public Mode Mode => mode;

                public void Step(long nowMs)
                {
                    var next = nowMs % 2 == 0 ? Mode.Active : Mode.Idle;
                    switch (next)
                    {
                        case Mode.Active: output.Write(true); break;
                        default: output.Write(false); break;
                    }
                    if (next == mode) return;
                    history.Add("mode " + (int)next + " at " + nowMs);
                    var previous = mode;
                    mode = next;
                    Changed?.Invoke(previous, next);
                }

                // Dense cases compile to the IL switch opcode, whose jump table the IL reader must skip whole.
                public int Weight(int code)
                {
                    switch (code)
                    {
                        case 0: return Checksum(1) > 0 ? 10 : 11;
                        case 1: return 20;
                        case 2: return (int)Checksum(2);
                        case 3: return 40;
                        case 4: return history.Count;
                        default: return 0;
                    }
                }

                public uint Checksum(int count)
                {
                    uint sum = 0;
                    for (var i = 0; i < count && i < buffer.Length; i++) sum += buffer[i] * Table[i % Table.Length];
                    return sum;
                }
            }
        }
        """;

    readonly FixtureCompiler compiler = new();

    public static TheoryData<string> FixtureNames()
    {
        var names = new TheoryData<string>();
        foreach (var name in Fixtures.Keys) names.Add(name);
        return names;
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Rule_fires_on_its_fixture(string name)
    {
        var fixture = Fixtures[name];
        var assembly = "Fixture" + new string(name.Where(char.IsLetterOrDigit).ToArray());

        var findings = FirmwareAssemblyCheck.Run(compiler.Compile(assembly, fixture.Source, fixture.Target), NanoFramework.Mscorlib);

        Assert.True(
            findings.Any(finding => finding.Rule == fixture.Rule
                && finding.Assembly == assembly
                && finding.Location.Contains(fixture.Location)
                && finding.Detail.Contains(fixture.Detail)),
            $"expected [{fixture.Rule}] at {fixture.Location} about {fixture.Detail}; found:\n" + string.Join("\n", findings));
    }

    // The rules that fixtures prove: every rule has at least one, so a new rule cannot arrive untested.
    [Fact]
    public void Every_rule_has_a_fixture() =>
        Assert.Empty(Enum.GetValues<FirmwareRule>().Except(Fixtures.Values.Select(fixture => fixture.Rule)));

    [Fact]
    public void Clean_firmware_code_gives_no_finding()
    {
        var findings = FirmwareAssemblyCheck.Run(
            compiler.Compile("FixtureClean", CleanSource, FixtureTarget.NanoFramework), NanoFramework.Mscorlib.Path);

        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    [Fact]
    public void A_finding_reads_as_rule_assembly_location_and_detail()
    {
        var finding = FirmwareAssemblyCheck.Run(
                compiler.Compile("FixtureGauge", Fixtures["double field"].Source, FixtureTarget.NanoFramework),
                NanoFramework.Mscorlib)
            .Single();

        Assert.Equal("[FloatingPoint] FixtureGauge: Gauge::Level: floating-point type double in field type: double", finding.ToString());
    }

    public void Dispose() => compiler.Dispose();
}
