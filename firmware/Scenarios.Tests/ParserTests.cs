using ColdStandby.Scenarios.Dm;
using ColdStandby.Scenarios.Smu;

namespace ColdStandby.Scenarios.Tests;

/// <summary>A scenario file with a mistake is refused with its file, line and what is wrong.</summary>
public class ParserTests
{
    [Theory]
    [InlineData("side A\nexpect 100 lag PeerSilent\n", "x.txt:2: an event is")]
    [InlineData("config WatchdogTimeoutMs=2s\nexpect at 5 peer Heartbeat Mode=Sleeping\n", "x.txt:2: 'Sleeping' is not a Mode")]
    [InlineData("never log ServerFault Kind=Watchdog Argument=1\n", "x.txt:1: log ServerFault has no field 'Argument' (Side, Kind, Detail)")]
    [InlineData("expect line PowerButton=on\n", "x.txt:1: 'on' is not true/false")]
    [InlineData("title t\nwhen 5 set PowerGood=1\n", "x.txt:2: unknown directive 'when'")]
    [InlineData("at 5 press PowerGood=1\n", "x.txt:1: unknown action 'press'")]
    [InlineData("expect at 5 peer Heartbeet\n", "x.txt:1: no message type 'Heartbeet'")]
    [InlineData("model dm\nat 1s model dm GrantMs=abc\n", "")]
    public void A_bad_line_is_named(string text, string error)
    {
        if (error.Length == 0)
        {
            // Accepted by the parser; the bad value shows when the run reaches it.
            Assert.ThrowsAny<FormatException>(() => SmuScenarioRun.Run("x", text));
            return;
        }

        var e = Assert.Throws<FormatException>(() => SmuScenarioParser.Parse("x", text));
        Assert.StartsWith(error, e.Message);
    }

    [Fact]
    public void A_DM_table_row_that_differs_is_reported_with_its_row_and_both_sides()
    {
        var run = DmScenarioRun.Run("t", "config LogCapacity=64\n  ms A B access | log\n  0 R . - | DmReset - 0\n 1000 R . B | GrantGiven B 1\n");
        Assert.Equal(
            "row 2: '1000 R . B | GrantGiven B 1': at 1000 ms: expected access B, reply '', log 'GrantGiven B 1'; but got access A, reply '', log 'GrantGiven A 1'",
            run.Failure);
        Assert.Equal(["# t: ", "row 1 ok", run.Failure], run.Report());
    }
}
