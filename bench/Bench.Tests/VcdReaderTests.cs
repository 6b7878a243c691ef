using ColdStandby.Bench.Captures;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// The capture checker's VCD reader: the dialects logic-analyzer tools write, and a clear error
/// naming the line for what it cannot read.
/// </summary>
public sealed class VcdReaderTests
{
    private static VcdCapture Read(string text, bool cutOff = false) => VcdReader.Read(new StringReader(text), "t.vcd", cutOff);

    [Fact]
    public void Sigrok_cli_after_a_vcd_to_vcd_conversion_values_on_the_timestamp_line_at_100_ps()
    {
        // As sigrok-cli 0.7.2 writes it: its META line, one scope, values after the timestamp, $enddefinitions twice.
        var capture = Read("""
            META samplerate: 10000000000
            $date Tue Nov 24 22:28:12 2026 $end
            $version libsigrok 0.5.2 $end
            $comment
              Acquisition with 2/2 channels at 10 GHz
            $end
            $timescale 100 ps $end
            $scope module libsigrok $end
            $var wire 1 ! D0 $end
            $var wire 1 " D1 $end
            $upscope $end
            $enddefinitions $end
            $enddefinitions $end
            #0 1! 0"
            #417 0! 1"
            #1667 1! 0"
            #5000

            """);
        Assert.Equal(100, capture.UnitPs);
        Assert.Equal(500_000, capture.EndPs);
        Assert.Equal(new[] { "libsigrok.D0", "libsigrok.D1" }, capture.Channels.Select(c => c.FullName));
        Assert.False(capture.WrittenByBench);
        var d0 = capture.Channels[0].Waveform;
        Assert.True(d0.Initial);
        Assert.Equal(new[] { 41_700L, 166_700L }, Enumerable.Range(0, d0.EdgeCount).Select(d0.EdgeAt));
        Assert.False(d0.LevelAt(41_700));
        Assert.True(d0.LevelAt(166_700));
    }

    [Fact]
    public void Our_own_dialect_dumpvars_and_a_timestamp_a_line_with_scopes()
    {
        var capture = Read("""
            $version
              ColdStandby bench
            $end
            $timescale 1 us $end
            $scope module dm $end
            $var wire 1 $ access_a $end
            $upscope $end
            $enddefinitions $end
            #0
            $dumpvars
            1$
            $end
            #10
            0$
            #20

            """);
        Assert.True(capture.WrittenByBench);
        var channel = Assert.Single(capture.Channels);
        Assert.Equal(("dm.access_a", "$"), (channel.FullName, channel.Id));
        Assert.Equal(new[] { new Stretch(0, 10_000_000, true, false) }, channel.Waveform.Stretches(true));
    }

    [Theory]
    [InlineData("#0 1! x\"", 12, "value 'x' for 'D1': a logic-analyzer capture has only levels 0 and 1")]
    [InlineData("#0 1! 1\"\n#5 0%", 13, "a value for identifier '%', which no $var declares")]
    [InlineData("#0 1! 1\"\n#5 0!\n#4 1!", 14, "timestamp #4 goes back in time (the one before was #5)")]
    [InlineData("#0 1! 1\"\n#5 b101 !", 13, "vector value 'b101' for 'D0': only one-bit channels")]
    [InlineData("#0 1! 1\"\n#5 0", 13, "value '0' without an identifier")]
    [InlineData("#0 1! 1\"\ngarbage", 13, "'garbage' is neither a timestamp nor a value change")]
    public void A_value_it_cannot_read_is_refused_naming_the_line(string values, int line, string problem)
    {
        var error = Assert.Throws<CaptureFormatException>(() => Read(Header + values + "\n"));
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"t.vcd line {line}: {problem}", error.Message);
    }

    [Theory]
    [InlineData("$var wire 8 # bus $end", "'bus' is 8 bits wide: only one-bit wires can be checked")]
    [InlineData("$var real 1 # level $end", "'level' is a real: only one-bit wires can be checked")]
    [InlineData("$timescale 5 us $end", "timescale '5 us': expected 1, 10 or 100")]
    [InlineData("$timescale 1 fs $end", "timescale '1 fs': finer than the 1 ps")]
    [InlineData("stray words", "'stray' outside a $… $end block in the header")]
    public void A_declaration_it_cannot_read_is_refused_naming_the_line(string declaration, string problem)
    {
        string text = Header.Replace("$upscope $end", declaration + "\n$upscope $end", StringComparison.Ordinal) + "#0 1! 1\"\n";
        var error = Assert.Throws<CaptureFormatException>(() => Read(text));
        Assert.Contains(problem, error.Message);
        Assert.Contains(" line ", error.Message);
    }

    [Fact]
    public void A_file_cut_off_is_refused_as_cut_off_not_as_what_its_stump_looks_like()
    {
        // "#4" is a fine timestamp by itself, but it is half of "#45" and the line has no end.
        var cut = Assert.Throws<CaptureFormatException>(() => Read(Header + "#0 1! 1\"\n#40 0!\n#4", cutOff: true));
        Assert.Equal("t.vcd line 14: the file ends in the middle of this line ('#4'): it looks cut off", cut.Message);

        var header = Assert.Throws<CaptureFormatException>(() => Read(Header[..Header.IndexOf("$enddefinitions", StringComparison.Ordinal)]));
        Assert.Contains("the file ends before $enddefinitions", header.Message);

        var open = Assert.Throws<CaptureFormatException>(() => Read("$timescale 1 us $end\n$comment never closed\n"));
        Assert.Equal("t.vcd line 2: $comment is never closed by $end: the file looks cut off", open.Message);
    }

    private const string Header = """
        $date today $end
        $version tool $end
        $comment
          a capture
        $end
        $timescale 1 us $end
        $scope module libsigrok $end
        $var wire 1 ! D0 $end
        $var wire 1 " D1 $end
        $upscope $end
        $enddefinitions $end

        """;
}
