using ColdStandby.Bench.Captures;
using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;
using Xunit.Abstractions;

namespace ColdStandby.Bench.Tests;

/// <summary>The demo's day run once, its failover window written as our own VCD in a temp folder.</summary>
public sealed class DemoCapture : IDisposable
{
    public DemoCapture()
    {
        Run = TracedRun.Demo();
        Folder = Directory.CreateTempSubdirectory("capture-check").FullName;
        Vcd = Run.Write(Path.Combine(Folder, "failover.vcd"));
        Text = System.IO.File.ReadAllText(Vcd);
    }

    internal TracedRun Run { get; }

    public string Folder { get; }

    public string Vcd { get; }

    public string Text { get; }

    /// <summary>Gets a file name in the temp folder.</summary>
    public string File(string name) => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, true);
}

/// <summary>
/// The capture checker against our own traces (the decoded frames are what the simulation sent),
/// the same traces through sigrok-cli (the real logic-analyzer tool chain's VCD), and captures
/// broken on purpose: each break is found at its time, and what cannot be read exits 2.
/// </summary>
public sealed class CaptureCheckTests(DemoCapture demo, ITestOutputHelper output) : IClassFixture<DemoCapture>
{
    [Fact]
    public void The_demo_failover_trace_meets_the_specification_and_decodes_what_the_simulation_sent()
    {
        var result = TracedRun.Check(demo.Vcd);
        output.WriteLine(CaptureReport.Format(result));
        Assert.Empty(result.Findings);
        Assert.True(result.Passed);

        // Every UART line: the bytes on the wire, and the frames they made, as the simulation sent them.
        var run = demo.Run;
        int framesCompared = 0;
        foreach (var uart in run.Recording.Uarts)
        {
            var link = result.Links.Single(l => l.Channel.Pin.FullName == $"{uart.Scope}.{uart.Name}");
            long byteNs = (long)Math.Round(10 * uart.BitNs);
            var sent = uart.Bytes.Where(b => b.StartNs > run.FromNs && b.StartNs + byteNs <= run.ToNs && (b.StartNs - run.FromNs) * 1000 >= link.Uart.SyncedAtPs - 1_000_000).ToList();
            Assert.Equal(sent.Select(b => b.Value), link.Uart.Bytes.Select(b => b.Value));
            Assert.Equal(sent.Select(b => run.Units(b.StartNs + 500)), link.Uart.Bytes.Select(b => b.StartPs / 1_000_000));

            // The decoder starts after a character time of idle, between two frames: its first byte starts a frame, which is kept.
            long joined = sent.Select(b => b.StartNs).DefaultIfEmpty(long.MaxValue).First();
            var frames = uart.Frames.Where(f => f.StartNs >= joined && f.EndNs <= run.ToNs).ToList();
            Assert.Equal(frames.Select(f => $"{run.Units(f.StartNs + 500)} {f.Label} {f.Detail}"),
                link.Frames.Select(f => $"{f.StartPs / 1_000_000} {f.Type} {FrameDetail.Of(f.Message)}"));
            framesCompared += frames.Count;
        }

        // The failover is in the window: the handshake and the heartbeats of both SMUs.
        Assert.True(framesCompared > 60, $"{framesCompared} frames compared");
        Assert.Contains(result.Links, l => l.Frames.Any(f => f.Type == MessageType.SwitchRequest));
        Assert.Contains(result.Links, l => l.Frames.Any(f => f.Type == MessageType.SwitchAck));
        Assert.Contains(result.Notes, n => n.Text.Contains("power-button-B: power-on press of 200.0 ms, B holding the grant"));
        Assert.Contains(result.Notes, n => n.Text.Contains("watchdog: agent A's kicks stopped 2.001 s before"));

        // The command line's check keeps only the frames a check reads one by one (the agent's controller-health report here, log records on a long capture: tallied, not kept): the same report.
        var streamed = CaptureCheck.Run(demo.Vcd, new CaptureOptions());
        Assert.Equal(CaptureSweepTests.WithoutTiming(CaptureReport.Format(result)), CaptureSweepTests.WithoutTiming(CaptureReport.Format(streamed)));
        Assert.Contains(streamed.Links, l => l.Frames.Count < l.FrameCount);
        Assert.All(streamed.Links, l => Assert.Equal(result.Links.Single(r => r.Channel.Pin == l.Channel.Pin).Frames.Count, l.FrameCount));
    }

    [SigrokFact]
    public void Each_board_through_sigrok_cli_meets_the_specification_with_the_same_frames()
    {
        foreach (var (scope, board) in new[] { ("smu_a", "smu-a"), ("smu_b", "smu-b"), ("dm", "dm") })
        {
            string ours = demo.Run.Write(demo.File($"{scope}.vcd"), null, scope);
            string theirs = demo.File($"{scope}-sigrok.vcd");
            Sigrok.Run("-I", "vcd", "-i", ours, "-O", "vcd", "-o", theirs);
            Assert.Contains("$version libsigrok", File.ReadAllText(theirs));

            var direct = TracedRun.Check(ours, o => o.Board = CaptureOptions.ParseBoard(board));
            var converted = TracedRun.Check(theirs, o =>
            {
                o.Board = CaptureOptions.ParseBoard(board);
                o.Levels = LevelMeaning.Asserted;
            });
            output.WriteLine(CaptureReport.Format(converted));
            Assert.True(converted.Passed, CaptureReport.Format(converted));
            Assert.Empty(converted.Findings);
            Assert.Equal(direct.Signals.Mapped.Count, converted.Signals.Mapped.Count);
            Assert.Equal(direct.Links.Select(l => $"{l.Name} {l.Frames.Count}"), converted.Links.Select(l => $"{l.Name} {l.Frames.Count}"));
            Assert.Equal(direct.Covered, converted.Covered);
        }
    }

    [SigrokFact]
    public void An_eight_channel_analyzer_on_the_real_pins_is_read_through_a_map_file()
    {
        // D0…D7 on pins of all three boards; power-good read at the pin, where low means on.
        string[] probes = { "dm.access_a", "dm.access_b", "smu_b.storage_granted", "smu_b.power_button", "smu_b.power_good", "smu_a.storage_request", "smu_a.peer_tx", "smu_b.peer_tx" };
        var recording = CaptureEdits.Probes(demo.Run.Recording, probes, "smu_b.power_good", "smu_b.storage_granted");
        string ours = demo.Run.Write(demo.File("probes.vcd"), recording);
        string theirs = demo.File("probes-sigrok.vcd");
        Sigrok.Run("-I", "vcd", "-i", ours, "-O", "vcd", "-o", theirs);
        string map = CaptureEdits.Save(demo.File("probes.map"), "# channel = pin\n" + string.Join('\n', probes.Select((p, i) => $"D{i}={p}")) + "\n");

        var result = TracedRun.Check(theirs, o => o.AddMap(map));
        output.WriteLine(CaptureReport.Format(result));
        Assert.Equal(LevelMeaning.Pin, result.Signals.Levels);
        Assert.Empty(result.Findings);
        Assert.Contains(result.Covered, c => c.StartsWith("power-button-B: 1 power-on press,", StringComparison.Ordinal));
        Assert.Contains(result.Covered, c => c.StartsWith("settle time between holders: 2 grants after a drop", StringComparison.Ordinal));
        Assert.Contains(result.Covered, c => c.StartsWith("switch requests on peer link A→B: 1", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Text.Contains("request-B was not captured"));

        // Read as asserted levels, the same capture has server B on at B's power-on press.
        var misread = TracedRun.Check(theirs, o =>
        {
            o.AddMap(map);
            o.Levels = LevelMeaning.Asserted;
        });
        Assert.Contains(misread.Findings, f => f.Text.Contains("a short press (200.0 ms) on a running server"));
    }

    [Fact]
    public void Both_access_lines_on_at_once_is_a_safety_error_at_its_time()
    {
        // A holds the disks until 2.767 s; B's access line is forced on for 5 ms at 1.5 s.
        string id = CaptureEdits.IdOf(demo.Text, "dm", "access_b");
        string text = CaptureEdits.Insert(CaptureEdits.Insert(demo.Text, 1_500_000, "1" + id), 1_505_000, "0" + id);
        var result = TracedRun.Check(CaptureEdits.Save(demo.File("both-access.vcd"), text));
        Assert.False(result.Passed);
        var finding = Assert.Single(result.Findings, f => f.Text.Contains("access-A and access-B both asserted for 5.0 ms"));
        Assert.Equal((Area.Safety, 1_500_000_000_000L), (finding.Area, finding.TimePs));
        Assert.Contains(result.Findings, f => f.Text.Contains("access-B rose while request-B was not asserted"));
    }

    [Fact]
    public void A_change_of_holder_without_the_settle_time_is_a_safety_error()
    {
        // A's access drops at 2.767 s; B's access and grant come at 2.800 s instead of 2.867 s.
        string access = CaptureEdits.IdOf(demo.Text, "dm", "access_b");
        string grant = CaptureEdits.IdOf(demo.Text, "smu_b", "storage_granted");
        var result = TracedRun.Check(CaptureEdits.Save(demo.File("settle.vcd"), CaptureEdits.Insert(demo.Text, 2_800_000, "1" + access, "1" + grant)));
        var finding = Assert.Single(result.Findings);
        Assert.Equal((Area.Safety, 2_800_000_000_000L), (finding.Area, finding.TimePs));
        Assert.Equal("the holder changed from A to B with only 33.0 ms of nobody: the settle time is 100.0 ms", finding.Text);
    }

    [Fact]
    public void A_uart_line_that_idles_low_is_named_as_inverted()
    {
        string inverted = CaptureEdits.Invert(demo.Text, CaptureEdits.IdOf(demo.Text, "smu_a", "peer_tx"));
        var result = TracedRun.Check(CaptureEdits.Save(demo.File("inverted.vcd"), inverted));
        Assert.Contains(result.Findings, f => f.Text.StartsWith("peer link A→B (smu_a.peer_tx): the line is low 9", StringComparison.Ordinal) && f.Text.EndsWith("a UART idles high (inverted, or probed on the RS-232 side?)", StringComparison.Ordinal));
        Assert.Empty(result.Links.Single(l => l.Name == "peer link A→B").Frames);
    }

    [Fact]
    public void A_power_on_press_without_the_grant_is_a_safety_error()
    {
        // Server B is off and B holds no grant at 1.5 s: a 200 ms press there turns it on without the disks.
        string id = CaptureEdits.IdOf(demo.Text, "smu_b", "power_button");
        string text = CaptureEdits.Insert(CaptureEdits.Insert(demo.Text, 1_500_000, "1" + id), 1_700_000, "0" + id);
        var result = TracedRun.Check(CaptureEdits.Save(demo.File("press.vcd"), text));
        Assert.False(result.Passed);
        Assert.Equal(
            new[] { "power-button-B pressed to power server B on while grant-B was not asserted", "power-button-B pressed to power server B on while access-B was not asserted" },
            result.Findings.Select(f => f.Text));
        Assert.All(result.Findings, f => Assert.Equal((Area.Safety, 1_500_000_000_000L), (f.Area, f.TimePs)));
    }

    [Theory]
    [InlineData(110_000)]
    [InlineData(9_600)]
    public void A_uart_at_the_wrong_baud_is_a_timing_error_naming_the_rate(int baud)
    {
        var good = ScenarioCatalogue.Find("watchdog")!;
        var scenario = new Scenario(good.Name, good.Covers, good.Description, good.Script, good.Expected.ToArray()) { Configure = o => o.Baud = baud };
        var run = TracedRun.Of(scenario);
        var result = TracedRun.Check(run.Write(demo.File($"baud-{baud}.vcd")));
        output.WriteLine(CaptureReport.Format(result));
        Assert.False(result.Passed);
        var rate = Assert.Single(result.Findings, f => f.Area == Area.Timing && f.Text.StartsWith("peer link A→B (smu_a.peer_tx): bit rate ", StringComparison.Ordinal));
        Assert.EndsWith("115,200 ± 3 % expected", rate.Text);
        double measured = double.Parse(rate.Text.Split(' ')[6], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(measured, baud * 0.995, baud * 1.005);
        if (baud == 110_000)
        {
            // 4.5 % slow is outside the specification but inside what a UART still decodes: only the rate is wrong.
            Assert.All(result.Findings, f => Assert.Contains("bit rate", f.Text));
        }
        else
        {
            Assert.Contains(result.Findings, f => f.Text.Contains("framing error"));
        }
    }

    [Fact]
    public void A_flipped_bit_in_a_frame_is_a_crc_error_at_that_frame()
    {
        // The type byte of SMU A's heartbeat at 5 s (the byte after its COBS code) gets bit 0 flipped on the wire.
        var run = demo.Run;
        var heartbeat = run.Recording.Uart("smu_a", "peer_tx")!.Frames.First(f => f.StartNs >= run.FromNs + 5_000_000_000 && f.Label == "Heartbeat");
        var recording = CaptureEdits.WithUart(run.Recording, "smu_a", "peer_tx", bytes =>
        {
            int at = bytes.FindIndex(b => b.StartNs == heartbeat.StartNs) + 1;
            return bytes.Select((b, i) => i == at ? (b.StartNs, (byte)(b.Value ^ 1)) : b);
        });
        var result = TracedRun.Check(run.Write(demo.File("flipped.vcd"), recording));
        var finding = Assert.Single(result.Findings);
        Assert.Equal((Severity.Error, Area.Protocol), (finding.Severity, finding.Area));
        Assert.Equal(run.Units(heartbeat.StartNs + 500), finding.TimePs / 1_000_000);
        Assert.Contains("peer link A→B: a frame of 20 bytes dropped: CRC mismatch", finding.Text);
    }

    [Fact]
    public void A_heartbeat_gap_is_a_timing_error_and_the_peer_should_have_alarmed()
    {
        // SMU A's transmit line is silent from 50 ms after a heartbeat past 3.5 s for 1.5 s: 7 heartbeats missing.
        var run = demo.Run;
        var beat = run.Recording.Uart("smu_a", "peer_tx")!.Frames.First(f => f.StartNs >= run.FromNs + 3_500_000_000 && f.Label == "Heartbeat");
        long from = beat.StartNs + 50_000_000;
        long to = from + 1_500_000_000;
        var recording = CaptureEdits.WithUart(run.Recording, "smu_a", "peer_tx", bytes => bytes.Where(b => b.StartNs < from || b.StartNs > to));
        var result = TracedRun.Check(run.Write(demo.File("gap.vcd"), recording));
        output.WriteLine(CaptureReport.Format(result));
        Assert.False(result.Passed);
        Assert.Contains(result.Findings, f => f.Area == Area.Timing && f.TimePs / 1_000_000 == run.Units(beat.StartNs + 500) && f.Text.Contains("peer link A→B: no heartbeat for 1.600 s; one every 200.0 ms ± 20.0 ms expected"));
        Assert.Contains(result.Findings, f => f.Area == Area.Protocol && f.Text.Contains("7 frames missing"));
        Assert.Contains(result.Findings, f => f.Area == Area.Timing && f.Text.Contains("SMU B raised no peer-silent alarm within 1.000 s"));
    }

    [Fact]
    public void A_capture_cut_off_is_unreadable_and_exits_2_naming_the_line()
    {
        // Cut inside a line (half-way through the file could fall on a line's end, which is no cut).
        int lineEnd = demo.Text.IndexOf('\n', (demo.Text.Length / 2) + 1);
        while (demo.Text[lineEnd - 1] == '\n')
        {
            lineEnd = demo.Text.IndexOf('\n', lineEnd + 1);
        }

        string cut = CaptureEdits.Save(demo.File("cut.vcd"), demo.Text[..(lineEnd - 1)]);
        var error = Assert.Throws<CaptureFormatException>(() => TracedRun.Check(cut));
        Assert.Matches(@"^cut\.vcd line \d+: the file ends in the middle of this line \('.*'\): it looks cut off$", error.Message);

        var stderr = new StringWriter();
        Assert.Equal(BenchCli.UsageError, BenchCli.Run(new[] { "check", cut }, new StringWriter(), stderr));
        Assert.StartsWith("error: cut.vcd line ", stderr.ToString());
    }

    [Fact]
    public void Check_exits_0_when_the_capture_meets_the_specification_1_when_not_and_writes_the_report()
    {
        var stdout = new StringWriter();
        string report = demo.File("report.txt");
        Assert.Equal(BenchCli.Ok, BenchCli.Run(new[] { "check", demo.Vcd, "--report", report }, stdout, new StringWriter()));
        Assert.Contains("verdict: PASS", stdout.ToString());
        Assert.Contains("SwitchRequest #", File.ReadAllText(report));

        string id = CaptureEdits.IdOf(demo.Text, "dm", "access_b");
        string broken = CaptureEdits.Save(demo.File("broken.vcd"), CaptureEdits.Insert(demo.Text, 2_000_000, "1" + id));
        stdout = new StringWriter();
        Assert.Equal(BenchCli.Differs, BenchCli.Run(new[] { "check", broken }, stdout, new StringWriter()));
        Assert.Contains("verdict: FAIL", stdout.ToString());
    }

    [Theory]
    [InlineData("--board", "smu-c")]
    [InlineData("--map", "D9=smu_a.power_button")]
    [InlineData("--map", "smu_a.alarm=smu_a.no_such_pin")]
    [InlineData("--spec", "HeartbeatPeriodMs=-5")]
    [InlineData("--levels", "inverted")]
    public void Options_that_do_not_fit_the_capture_exit_2_with_the_reason(string option, string value)
    {
        var stderr = new StringWriter();
        Assert.Equal(BenchCli.UsageError, BenchCli.Run(new[] { "check", demo.Vcd, option, value }, new StringWriter(), stderr));
        Assert.StartsWith("error: ", stderr.ToString());
        output.WriteLine(stderr.ToString());
    }

    [Fact]
    public void A_spec_setting_changes_the_verdict()
    {
        // The same trace against boards configured for a 100 ms heartbeat: every interval is twice too long.
        var result = TracedRun.Check(demo.Vcd, o => o.Spec.Set("HeartbeatPeriodMs=100"));
        Assert.Contains(result.Findings, f => f.Text.Contains("peer link A→B: no heartbeat for 200.0 ms; one every 100.0 ms"));
    }
}
