namespace ColdStandby.Firmware.Tests;

/// <summary>The check reads the real nanoFramework mscorlib; these pin down what that file holds (README.md relies on it).</summary>
public class MscorlibTests
{
    [Fact]
    public void The_real_nanoframework_mscorlib_1_17_is_found()
    {
        var mscorlib = NanoFramework.Mscorlib;

        Assert.True(File.Exists(mscorlib.Path), mscorlib.Path);
        Assert.Equal("mscorlib.dll", Path.GetFileName(mscorlib.Path));
        Assert.Equal(Mscorlib.CoreLibraryVersion, mscorlib.Version.ToString(3));
        Assert.StartsWith("1.17.", Mscorlib.CoreLibraryVersion);
    }

    [Theory]
    [InlineData("System.Object")]
    [InlineData("System.Collections.ArrayList")]
    [InlineData("System.SpanByte")]
    [InlineData("System.Array+SzArrayEnumerator")] // nested types are spelled Outer+Inner
    [InlineData("System.Double")] // present: floating point is a design rule, not a gap in mscorlib
    [InlineData("System.Action`1")] // generic types are declared, and so compile, yet the board cannot run them
    [InlineData("System.Func`3")]
    [InlineData("System.EventHandler`1")]
    public void Defines(string type) => Assert.True(NanoFramework.Mscorlib.Defines(type), type);

    [Theory]
    [InlineData("System.Math")]
    [InlineData("System.Text.StringBuilder")]
    [InlineData("System.Span`1")]
    [InlineData("System.Diagnostics.Stopwatch")]
    [InlineData("System.Collections.Hashtable")]
    [InlineData("System.Collections.Generic.List`1")]
    [InlineData("System.Nullable`1")]
    [InlineData("System.ValueTuple`2")]
    [InlineData("System.Threading.Tasks.Task")]
    [InlineData("System.Runtime.CompilerServices.AsyncStateMachineAttribute")]
    public void Lacks(string type) => Assert.False(NanoFramework.Mscorlib.Defines(type), type);
}
