using ColdStandby.Bench.Captures;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// The capture checker's VCD reader: the dialects logic-analyzer tools write, every timescale they
/// write, the real sample rate where sigrok states it, channels it does not need skipped whatever
/// they hold, and a clear error naming the line for what it cannot read.
/// </summary>
public sealed class VcdReaderTests
{
    /// <summary>Reads every one-bit channel of VCD text whole.</summary>
    internal static (CaptureHeader Header, CaptureSpan Span, Waveform?[] Lines) Read(string text)
    {
        using var reader = VcdReader.FromText(text, "t.vcd");
        var sinks = reader.Header.Channels.Select(c => c.IsBit ? new LineRecorder() : null).ToArray();
        var span = reader.Read(sinks);
        return (reader.Header, span, sinks.Select(s => s?.Waveform).ToArray());
    }

    [Fact]
    public void Sigrok_cli_after_a_vcd_to_vcd_conversion_values_on_the_timestamp_line_at_100_ps()
    {
        // As sigrok-cli 0.7.2 writes it: its META line, one scope, values after the timestamp, $enddefinitions twice.
        var (header, span, lines) = Read("""
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
        Assert.Equal(100, header.UnitPs);
        Assert.Equal(500_000, span.EndPs);
        Assert.Equal(new[] { "libsigrok.D0", "libsigrok.D1" }, header.Channels.Select(c => c.FullName));
        Assert.Equal(new SampleRate(1e10, "sigrok's META line"), header.Rate);
        Assert.False(header.WrittenByBench);
        var d0 = lines[0]!;
        Assert.True(d0.Initial);
        Assert.Equal(new[] { 41_700L, 166_700L }, Enumerable.Range(0, d0.EdgeCount).Select(d0.EdgeAt));
        Assert.False(d0.LevelAt(41_700));
        Assert.True(d0.LevelAt(166_700));
    }

    [Fact]
    public void Our_own_dialect_dumpvars_and_a_timestamp_a_line_with_scopes()
    {
        var (header, _, lines) = Read("""
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
        Assert.True(header.WrittenByBench);
        Assert.Null(header.Rate);
        var channel = Assert.Single(header.Channels);
        Assert.Equal(("dm.access_a", "$", 0), (channel.FullName, channel.Id, channel.Index));
        Assert.Equal(new[] { new Stretch(0, 10_000_000, true, false) }, lines[0]!.Stretches(true));
    }

    [Theory]
    [InlineData("250 ns", 250_000L, 2)]
    [InlineData("1ns", 1_000L, 2)]
    [InlineData("5 us", 5_000_000L, 2)]
    [InlineData("1.5 ns", 1_500L, 2)]
    [InlineData("1000 fs", 1L, 100)]
    public void Any_timescale_a_tool_writes_is_read_in_picoseconds(string timescale, long unitPs, long at)
    {
        // "$timescale 250 ns" is what a 4 MHz capture is written with by tools that write the period.
        var (header, span, lines) = Read(Header.Replace("1 us", timescale, StringComparison.Ordinal) + $"#0 1! 1\"\n#{at} 0!\n#{at * 2}\n");
        Assert.Equal(unitPs, header.UnitPs);
        Assert.Equal(at * unitPs, lines[0]!.EdgeAt(0));
        Assert.Equal(2 * at * unitPs, span.EndPs);
    }

    [Fact]
    public void The_sample_rate_in_sigroks_comment_is_the_real_one_not_the_timescale()
    {
        // sigrok writes a 166.666 kHz capture with a 10 ns timescale (and times that are multiples of 600).
        var (header, _, _) = Read(Header.Replace("a capture", "Acquisition with 2/8 channels at 166.666 kHz", StringComparison.Ordinal)
            .Replace("1 us", "10 ns", StringComparison.Ordinal) + "#0 1! 1\"\n#600 0!\n");
        Assert.Equal(10_000, header.UnitPs);
        Assert.Equal(166_666, header.Rate!.Value.Hz);
        Assert.Equal(6_000_024, header.SamplePeriodPs, 0);
    }

    [Fact]
    public void A_vector_a_real_or_an_unknown_value_on_a_channel_not_needed_is_skipped()
    {
        // sigrok's own import stops at the first vector; an unused bus must not cost the whole file.
        string text = Header.Replace("$upscope $end", "$var wire 8 # bus $end\n$var real 1 % level $end\n$upscope $end", StringComparison.Ordinal)
            + "#0 1! 1\" b00000000 # r0.5 % \n#5 b1010x101 # r1e3 %\n#7 0!\n#9 x\"\n#10\n";
        using var reader = VcdReader.FromText(text, "t.vcd");
        Assert.Equal(new[] { true, true, false, false }, reader.Header.Channels.Select(c => c.IsBit));
        var d0 = new LineRecorder();
        var span = reader.Read(new ChannelSink?[] { d0, null, null, null });
        Assert.Equal(10_000_000, span.EndPs);
        Assert.Equal(7_000_000, d0.Waveform!.EdgeAt(0));
    }

    [Fact]
    public void Two_values_at_one_time_leave_the_last_and_make_no_pulse()
    {
        var (_, _, lines) = Read(Header + "#0 1! 1\"\n#5 0! 1!\n#6 0!\n#6 1!\n#8 0!\n#9\n");
        Assert.Equal(new[] { 8_000_000L }, Enumerable.Range(0, lines[0]!.EdgeCount).Select(lines[0]!.EdgeAt));
    }

    [Theory]
    [InlineData("#0 1! x\"", 12, "value 'x' for 'D1': a logic-analyzer capture has only levels 0 and 1")]
    [InlineData("#0 1! 1\"\n#5 0%", 13, "a value for identifier '%', which no $var declares")]
    [InlineData("#0 1! 1\"\n#5 0!\n#4 1!", 14, "timestamp #4 goes back in time (the one before was #5)")]
    [InlineData("#0 1! 1\"\n#5 b101 !", 13, "vector value 'b101' for 'D0': only one-bit channels")]
    [InlineData("#0 1! 1\"\n#5 0", 13, "value '0' without an identifier")]
    [InlineData("#0 1! 1\"\n#5 r1.5 \"", 13, "a real value for 'D1'")]
    [InlineData("#0 1! 1\"\ngarbage", 13, "'garbage' is neither a timestamp nor a value change")]
    [InlineData("#0 1! 1\"\n#12a 0!", 13, "timestamp '#12a' is not a whole number of time units")]
    public void A_value_it_cannot_read_is_refused_naming_the_line(string values, int line, string problem)
    {
        var error = Assert.Throws<CaptureFormatException>(() => Read(Header + values + "\n"));
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"t.vcd line {line}: {problem}", error.Message);
    }

    [Fact]
    public void The_line_of_an_error_is_right_past_the_first_megabyte()
    {
        // The reader counts lines only when it must name one: across its 1 MB blocks too.
        var text = new System.Text.StringBuilder(Header);
        for (int i = 0; i < 200_000; i++)
        {
            text.Append('#').Append(i * 10).Append(' ').Append(i % 2).Append("!\n");
        }

        text.Append("#5 0!\n");
        var error = Assert.Throws<CaptureFormatException>(() => Read(text.ToString()));
        Assert.Equal(11 + 200_000 + 1, error.Line);
    }

    [Theory]
    [InlineData("$timescale 1 fs $end", "timescale '1 fs': finer than the 1 ps")]
    [InlineData("$timescale 1 fortnight $end", "timescale '1 fortnight': expected a number and one of s, ms, us, ns, ps, fs")]
    [InlineData("$var wire x # bus $end", "width 'x' is not a number of bits")]
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
        var cut = Assert.Throws<CaptureFormatException>(() => Read(Header + "#0 1! 1\"\n#40 0!\n#4"));
        Assert.Equal("t.vcd line 14: the file ends in the middle of this line ('#4'): it looks cut off", cut.Message);

        var header = Assert.Throws<CaptureFormatException>(() => Read(Header[..Header.IndexOf("$enddefinitions", StringComparison.Ordinal)]));
        Assert.Contains("the file ends before $enddefinitions", header.Message);

        var open = Assert.Throws<CaptureFormatException>(() => Read("$timescale 1 us $end\n$comment never closed\n"));
        Assert.Equal("t.vcd line 2: $comment is never closed by $end: the file looks cut off", open.Message);
    }

    internal const string Header = """
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
