using System.Reflection;
using ColdStandby.Dm;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Tests;

/// <summary>
/// The enum tables of <see cref="Kinds"/> are copies (nanoFramework cannot list an enum's names):
/// each must list exactly its enum's members, and format and parse exactly as .NET does.
/// </summary>
public class KindsTests
{
    public static TheoryData<string> EnumKinds()
    {
        var data = new TheoryData<string>();
        foreach (var kind in Kinds.All.Where(k => k.IsEnum))
        {
            data.Add(kind.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EnumKinds))]
    public void Each_table_lists_its_enum_s_members(string name)
    {
        var kind = Kinds.Named(name);
        var type = EnumType(name);
        string wanted = string.Join(" ", Enum.GetNames(type).Select(n => $"{n}={Convert.ToInt64(Enum.Parse(type, n))}"));
        string have = string.Join(" ", Enumerable.Range(0, kind.MemberCount).Select(i => $"{kind.MemberName(i)}={kind.MemberValue(i)}"));
        Assert.True(wanted == have, $"Kinds.{name} must list the members of {type.FullName}, in order:\n  {wanted}\n but lists\n  {have}");
        Assert.Equal(System.Runtime.InteropServices.Marshal.SizeOf(Enum.GetUnderlyingType(type)), kind.Size);
    }

    [Theory]
    [MemberData(nameof(EnumKinds))]
    public void Each_value_formats_as_dotnet_names_it_and_parses_back(string name)
    {
        var kind = Kinds.Named(name);
        var type = EnumType(name);
        long top = kind.Size == 1 ? 0xFF : 0xFFFF;
        for (long value = 0; value <= top; value++)
        {
            string dotnet = Enum.ToObject(type, value).ToString()!.Replace(", ", "+");
            Assert.Equal(dotnet, kind.Format(value));
            Assert.Equal(value, kind.Parse(kind.Format(value)));
        }
    }

    [Fact]
    public void Numbers_and_booleans_read_as_the_scenario_files_write_them()
    {
        Assert.Equal(1500, Numbers.Time("1500"));
        Assert.Equal(1500, Numbers.Time("1500ms"));
        Assert.Equal(12000, Numbers.Time("12s"));
        Assert.Equal(1500, Numbers.Time("1.5s"));
        Assert.Equal(120000, Numbers.Time("2min"));
        Assert.Equal(0x0204, Kinds.U16.Parse("0x0204"));
        Assert.Equal(-1, Kinds.I64.Parse("-1"));
        Assert.Equal(1, Kinds.Bool.Parse("true"));
        Assert.Equal(0, Kinds.Bool.Parse("0"));
        Assert.Equal((long)(AlarmFlags.ServerFault | AlarmFlags.ForcedPowerOff), Kinds.AlarmFlags.Parse("ServerFault+ForcedPowerOff"));
        Assert.Equal("ServerFault+ForcedPowerOff", Kinds.AlarmFlags.Format((long)(AlarmFlags.ServerFault | AlarmFlags.ForcedPowerOff)));
    }

    [Theory]
    [InlineData("u8", "256", "out of range")]
    [InlineData("u32", "-1", "out of range")]
    [InlineData("bool", "yes", "not true/false")]
    [InlineData("Mode", "Sleeping", "'Sleeping' is not a Mode (Unknown, Standby, Active, Failed)")]
    [InlineData("i64", "12x", "not a number")]
    public void A_bad_value_is_refused_with_what_is_wrong(string kind, string text, string error)
    {
        var e = Assert.Throws<FormatException>(() => Kinds.Named(kind).Parse(text));
        Assert.Contains(error, e.Message);
    }

    private static Type EnumType(string name) =>
        typeof(Side).Assembly.GetType("ColdStandby.Protocol." + name)
        ?? typeof(SimultaneousRule).Assembly.GetType("ColdStandby.Dm." + name)
        ?? throw new InvalidOperationException($"no enum {name}");
}
