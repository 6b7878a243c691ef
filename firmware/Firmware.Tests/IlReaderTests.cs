using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ColdStandby.Firmware.Tests;

public class IlReaderTests
{
    const string Source = """
        namespace Fixture
        {
            public static class Codes
            {
                static int A() { return 1; }
                static int B() { return 2; }
                static int C() { return 3; }
                static int D() { return 4; }
                static int E() { return 5; }

                public static int Pick(int code)
                {
                    switch (code)
                    {
                        case 0: return A();
                        case 1: return B();
                        case 2: return C();
                        case 3: return D();
                        case 4: return E();
                        default: return 0;
                    }
                }
            }
        }
        """;

    [Fact]
    public void A_switch_is_read_as_one_instruction_and_every_call_after_its_jump_table_is_found()
    {
        using var compiler = new FixtureCompiler();
        var path = compiler.Compile("FixtureSwitch", Source, FixtureTarget.NanoFramework);
        using var pe = new PEReader(File.OpenRead(path));
        var metadata = pe.GetMetadataReader();
        var pick = metadata.MethodDefinitions
            .Select(metadata.GetMethodDefinition)
            .Single(m => metadata.GetString(m.Name) == "Pick");

        var instructions = IlReader.Read(pe.GetMethodBody(pick.RelativeVirtualAddress)).ToList();

        int at = instructions.FindIndex(i => i.OpCode == OpCodes.Switch);
        Assert.Single(instructions, i => i.OpCode == OpCodes.Switch);

        // C# follows a switch with the jump to its default case; a reader that stops short inside
        // the jump table decodes table bytes as instructions instead.
        Assert.True(
            instructions[at + 1].OpCode == OpCodes.Br_S || instructions[at + 1].OpCode == OpCodes.Br,
            "after the switch came " + instructions[at + 1].OpCode);
        var called = instructions.Where(i => i.OpCode == OpCodes.Call)
            .Select(i => metadata.GetString(metadata.GetMethodDefinition((MethodDefinitionHandle)i.Token).Name));
        Assert.Equal(new[] { "A", "B", "C", "D", "E" }, called);
    }
}
