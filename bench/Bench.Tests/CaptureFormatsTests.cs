using ColdStandby.Bench.Captures;
using ColdStandby.Bench.Traces;
using Xunit.Abstractions;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// Captures as other tools write them: sigrok sessions (.sr) read directly, a sigrok VCD-to-VCD
/// conversion that flattened the boards' scopes mapped by channel number, an analyzer that sampled
/// too slowly for the UARTs named as such, and the edges of a capture (its first frame, a press
/// still held at its end, a line of bytes that are no frames).
/// </summary>
public sealed class CaptureFormatsTests(DemoCapture demo, ITestOutputHelper output) : IClassFixture<DemoCapture>
{
    [SigrokTheory]
    [InlineData("all", 6)]
    [InlineData("smu_a", 3)]
    [InlineData("probes", 1)]
    public void A_sigrok_session_is_read_directly_and_checks_as_its_vcd_does(string which, int unitSize)
    {
        // sigrok-cli writes the session (.sr, what PulseView saves) from our VCD: all 46 channels are 6
        // bytes a sample, an SMU's 17 are 3, an 8-channel analyzer's 1.
        string vcd = which switch
        {
            "all" => demo.Vcd,
            "smu_a" => demo.Run.Write(demo.File("smu_a.vcd"), null, "smu_a"),
            _ => demo.Run.Write(demo.File("probes.vcd"), CaptureEdits.Probes(demo.Run.Recording, Probes)),
        };
        var direct = TracedRun.Check(vcd, o => Configure(o, which));
        string session = demo.File($"{which}.sr");
        var header = direct.Signals.Header;
        // Names repeat across the boards: -C renames every channel, in order, to its scope-qualified name.
        var rename = which == "all" ? new[] { "-C", string.Join(',', header.Channels.Select(c => $"{c.Name}={c.FullName}")) } : Array.Empty<string>();
        Sigrok.Run(new[] { "-I", "vcd", "-i", vcd }.Concat(rename).Concat(new[] { "-o", session }).ToArray());
        Assert.Contains($"unitsize={unitSize}", Sigrok.Run("-i", session, "--show").Replace("Logic unitsize: ", "unitsize=", StringComparison.Ordinal));

        var fromSession = TracedRun.Check(session, o =>
        {
            Configure(o, which);
            o.Levels = LevelMeaning.Asserted;
        });
        output.WriteLine(CaptureReport.Format(fromSession));
        Assert.Equal("sigrok session", fromSession.Signals.Header.Format);
        Assert.Equal(1e6, fromSession.Signals.Header.Rate!.Value.Hz);
        Assert.Equal(direct.Signals.EndPs, fromSession.Signals.EndPs);
        Assert.Equal(direct.Signals.Mapped.Select(m => m.Pin.FullName), fromSession.Signals.Mapped.Select(m => m.Pin.FullName));
        Assert.Equal(direct.Links.Select(l => $"{l.Name} {l.Uart.ByteCount} {string.Join(",", l.Frames.Select(f => $"{f.StartPs} {f}"))}"),
            fromSession.Links.Select(l => $"{l.Name} {l.Uart.ByteCount} {string.Join(",", l.Frames.Select(f => $"{f.StartPs} {f}"))}"));
        // A session has no scopes: the probes' scope is gone from their names.
        Assert.Equal(direct.Covered.Select(c => c.Replace("probe.", "", StringComparison.Ordinal)), fromSession.Covered);
        Assert.Equal(direct.Findings.Select(f => f.ToString().Replace("probe.", "", StringComparison.Ordinal)), fromSession.Findings.Select(f => f.ToString()));
    }

    [SigrokFact]
    public void After_a_sigrok_vcd_to_vcd_conversion_the_repeated_names_are_mapped_by_channel_number()
    {
        // The conversion flattens smu_a, smu_b and dm into one libsigrok scope: power_button, peer_tx … appear once per board.
        string flat = demo.File("flat.vcd");
        Sigrok.Run("-I", "vcd", "-i", demo.Vcd, "-O", "vcd", "-o", flat);
        var original = TracedRun.Check(demo.Vcd).Signals.Header.Channels;

        int[] peers = original.Where(c => c.Name == "peer_tx").Select(c => c.Index).ToArray();
        var ambiguous = Assert.Throws<ArgumentException>(() => TracedRun.Check(flat, o => o.AddMap("peer_tx=smu_b.peer_tx")));
        Assert.Equal($"--map peer_tx=smu_b.peer_tx: 2 channels are called 'peer_tx' (channel {peers[0]}, channel {peers[1]}): name one by its number, e.g. --map {peers[0]}=smu_b.peer_tx", ambiguous.Message);

        // sigrok's output declares one channel a line from line 9.
        int[] buttons = original.Where(c => c.Name == "power_button").Select(c => c.Index).ToArray();
        var twins = Assert.Throws<ArgumentException>(() => TracedRun.Check(flat, o => o.Board = "smu_b"));
        Assert.StartsWith($"channels 'libsigrok.power_button' (channel {buttons[0]}, line {9 + buttons[0]}) and 'libsigrok.power_button' (channel {buttons[1]}, line {9 + buttons[1]}) are both smu_b.power_button: " +
            $"give one of them another pin with --map (by its number: --map {buttons[1]}=PIN)", twins.Message);
        Assert.DoesNotContain("--board", twins.Message);

        string map = CaptureEdits.Save(demo.File("flat.map"), string.Join('\n', original.Select(c => $"{c.Index}={c.FullName}")) + "\n");
        var result = TracedRun.Check(flat, o =>
        {
            o.AddMap(map);
            o.Levels = LevelMeaning.Asserted;
        });
        var direct = TracedRun.Check(demo.Vcd);
        Assert.Empty(result.Findings);
        Assert.Equal(direct.Covered, result.Covered);
        Assert.Equal(direct.Links.Select(l => $"{l.Name} {l.Frames.Count}"), result.Links.Select(l => $"{l.Name} {l.Frames.Count}"));
    }

    [SigrokFact]
    public void A_capture_sampled_too_slowly_for_its_uarts_is_named_with_the_rate_it_needs_not_blamed_on_the_boards()
    {
        // sigrok keeps every 6th sample: 166.666 kHz, 1.4 samples a bit at 115200 baud. The VCD's
        // timescale (10 ns) says nothing; sigrok's META line and comment say the rate.
        string board = demo.Run.Write(demo.File("board-a.vcd"), null, "smu_a");
        string slow = demo.File("slow.vcd");
        Sigrok.Run("-I", "vcd:downsample=6", "-i", board, "-O", "vcd", "-o", slow);
        var error = Assert.Throws<CaptureFormatException>(() => TracedRun.Check(slow, o => o.Board = "smu_a"));
        output.WriteLine(error.Message);
        Assert.Equal("slow.vcd: smu_a.peer_tx (peer link A→B), smu_a.host_rx (host link agent→SMU A) carry a UART at 115,200 baud, " +
            "but the capture was sampled at 166.666 kHz (sigrok's META line): 1.4 samples a bit, and decoding needs at least 4. " +
            "Capture again at 460.8 kHz or faster (1 MHz or more is usual); the boards are not judged on this capture", error.Message);

        var stderr = new StringWriter();
        Assert.Equal(BenchCli.UsageError, BenchCli.Run(new[] { "check", slow, "--board", "smu-a" }, new StringWriter(), stderr));
        Assert.Contains("Capture again at 460.8 kHz or faster", stderr.ToString());
    }

    [Fact]
    public void A_capture_that_starts_in_idle_just_before_a_frame_keeps_that_frame()
    {
        // Triggered 2 ms before a heartbeat of SMU A: the line idles, so that heartbeat is whole and is the first frame.
        var run = demo.Run;
        var beat = run.Recording.Uart("smu_a", "peer_tx")!.Frames.First(f => f.StartNs > run.FromNs + 3_000_000_000);
        string path = demo.File("triggered.vcd");
        new VcdWriter(1, "us").Write(path, run.Recording, beat.StartNs - 2_000_000, beat.StartNs + 500_000_000);
        var result = TracedRun.Check(path);
        var link = result.Links.Single(l => l.Channel.Pin.FullName == "smu_a.peer_tx");
        Assert.Equal(2_000_000_000, link.Frames[0].StartPs);
        Assert.Equal("Heartbeat", link.Frames[0].Type.ToString());
        Assert.Equal(0, link.BytesBeforeFirstDelimiter);
        Assert.DoesNotContain(result.Notes, n => n.Text.Contains("started inside a frame"));
    }

    [Fact]
    public void A_press_still_held_when_the_capture_ends_is_cut_off_not_a_short_press()
    {
        // The window ends 7.7 ms into B's power-on press.
        var run = demo.Run;
        var press = run.Recording.Line("smu_b", "power_button")!.Changes.First(c => c.TimeNs > run.FromNs && c.Value);
        string path = demo.File("cut-press.vcd");
        new VcdWriter(1, "us").Write(path, run.Recording, run.FromNs, press.TimeNs + 7_700_000);
        var result = TracedRun.Check(path);
        Assert.Contains(result.Notes, n => n.Text.StartsWith("power-button-B: pressed, cut off by the capture end after 7.7 ms (its length not judged)", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Notes, n => n.Text.Contains("power-on press of 7.7 ms"));
        Assert.DoesNotContain(result.Findings, f => f.Text.Contains("power-button-B"));
    }

    [Fact]
    public void A_uart_line_with_bytes_but_no_frame_is_a_warning()
    {
        // Text on the host line (a console on the wrong pin): bytes, never a 0x00 delimiter.
        var recording = CaptureEdits.WithUart(demo.Run.Recording, "smu_a", "host_tx", _ =>
            "login: ready\r\n".Select((c, i) => (demo.Run.FromNs + 1_000_000_000 + (i * 100_000L), (byte)c)));
        var result = TracedRun.Check(demo.Run.Write(demo.File("console.vcd"), recording));
        var warning = Assert.Single(result.Findings, f => f.Text.Contains("host link SMU A→agent"));
        Assert.Equal((Severity.Warning, "host link SMU A→agent: 14 bytes but no ColdStandby frame (another sender on this pin, or the wrong pin mapped?)"), (warning.Severity, warning.Text));
    }

    [Fact]
    public void A_pin_named_without_its_board_is_suggested_only_on_the_boards_that_have_it()
    {
        var error = Assert.Throws<ArgumentException>(() => TracedRun.Check(demo.Vcd, o => o.AddMap("smu_a.alarm=power_good")));
        Assert.Equal("--map smu_a.alarm=power_good: which board? write smu_a.power_good or smu_b.power_good, or give --board", error.Message);
        var none = Assert.Throws<ArgumentException>(() => TracedRun.Check(demo.Vcd, o => o.AddMap("smu_a.alarm=power_goood")));
        Assert.StartsWith("--map smu_a.alarm=power_goood: no board has a pin 'power_goood'", none.Message);
    }

    [Fact]
    public void The_dump_has_every_byte_with_its_time_and_every_frame_with_its_fields_as_text_and_json_lines()
    {
        string text = demo.File("dump.txt");
        string json = demo.File("dump.jsonl");
        Assert.Equal(BenchCli.Ok, BenchCli.Run(new[] { "check", demo.Vcd, "--dump", text }, new StringWriter(), new StringWriter()));
        Assert.Equal(BenchCli.Ok, BenchCli.Run(new[] { "check", demo.Vcd, "--dump", json }, new StringWriter(), new StringWriter()));
        var result = TracedRun.Check(demo.Vcd);

        // Text: one row per frame, in time order across the lines, with its bytes.
        var rows = File.ReadAllLines(text).Where(l => !l.StartsWith('#')).ToList();
        var request = result.Links.SelectMany(l => l.Frames).Single(f => f.Type == ColdStandby.Protocol.MessageType.SwitchRequest);
        Assert.Contains(rows, r => r.StartsWith($"{TimeText.At(request.StartPs),14}  A→B      {request}  [", StringComparison.Ordinal) && r.EndsWith(" 00]", StringComparison.Ordinal));
        Assert.Equal(result.Links.Sum(l => l.Frames.Count), rows.Count(r => r.Contains(" #", StringComparison.Ordinal)));
        var times = rows.Select(r => double.Parse(r.Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);

        // JSON Lines: every byte, every frame with typed fields.
        var records = File.ReadAllLines(json).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(result.Links.Sum(l => l.Uart.ByteCount), records.Count(r => r.GetProperty("kind").GetString() == "byte"));
        var frame = records.Single(r => r.GetProperty("kind").GetString() == "frame" && r.GetProperty("type").GetString() == "SwitchRequest");
        Assert.Equal(request.StartPs, frame.GetProperty("ps").GetInt64());
        Assert.Equal("smu_a.peer_tx", frame.GetProperty("channel").GetString());
        Assert.Equal(2, frame.GetProperty("fields").GetProperty("Epoch").GetInt64());
        Assert.Equal("Failover", frame.GetProperty("fields").GetProperty("Kind").GetString());
        var heartbeat = records.First(r => r.GetProperty("kind").GetString() == "frame" && r.GetProperty("type").GetString() == "Heartbeat");
        Assert.Equal(System.Text.Json.JsonValueKind.Number, heartbeat.GetProperty("fields").GetProperty("Epoch").ValueKind);
    }

    private static readonly string[] Probes = { "dm.access_a", "dm.access_b", "smu_b.storage_granted", "smu_b.power_button", "smu_b.power_good", "smu_a.storage_request", "smu_a.peer_tx", "smu_b.peer_tx" };

    private static void Configure(CaptureOptions options, string which)
    {
        if (which == "smu_a")
        {
            options.Board = "smu_a";
        }
        else if (which == "probes")
        {
            for (int i = 0; i < Probes.Length; i++)
            {
                options.Map.Add(($"D{i}", Probes[i]));
            }
        }
    }
}

/// <summary>A theory that skips, naming the reason, when sigrok-cli is not installed.</summary>
public sealed class SigrokTheoryAttribute : TheoryAttribute
{
    public SigrokTheoryAttribute()
    {
        if (!Sigrok.Available)
        {
            Skip = "sigrok-cli is not installed (Debian package sigrok-cli; .ci/run installs it)";
        }
    }
}
