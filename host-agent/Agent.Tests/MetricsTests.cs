using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text.RegularExpressions;
using ColdStandby.HostAgent.Cli;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The Prometheus metrics as a fleet reads them: curl on the agent's HTTP endpoint (a real port on
/// the loopback) parsed as a scraper parses the text format, promtool's lint, the series the
/// shipped alerting rules use, node_exporter reading the textfile, and no port at all unless
/// configured. The agent runs against the real firmware pair and DM on ptys.
/// </summary>
public sealed class MetricsTests
{
    private static readonly string[] AllModes = { "Unknown", "Standby", "Active", "Failed" };

    [ProgramsFact("curl")]
    public void Curl_shows_the_pair_at_rest_line_noise_a_switchover_under_way_and_a_silent_peer()
    {
        using var dir = new TempDir();
        string poweroff = dir.File("poweroff");
        int port = FreePort();
        using var f = new AgentFixture(dmLink: true, extraConfig: $$"""
            "metrics": { "listen": "127.0.0.1:{{port}}" },
            "raid": { "probeFile": "{{dir.File("probe")}}" },
            "services": [ { "name": "app", "command": ["sleep", "600"] } ],
            "shutdown": { "command": ["touch", "{{poweroff}}"] },
            """);
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 10_000), f.Log.ToString());
        Assert.True(SpinWait.SpinUntil(() => agent.Watcher.Latest is { PeerHeard: true, PeerMode: Mode.Standby } && agent.Loop.Kicks.Kicks > 8 && agent.Raid!.Runs > 0, 15_000), f.Log.ToString());
        string url = $"http://127.0.0.1:{port}/metrics";

        var rest = Scrape(url);

        uint epochA = f.Rig.Inspect(r => r.SmuA.Epoch);
        Assert.Equal("gauge", rest.Types["coldstandby_mode"]);
        Assert.Equal(1, rest.Value("coldstandby_mode", ("side", "A"), ("mode", "Active")));
        Assert.Equal(1, rest.Value("coldstandby_mode", ("side", "B"), ("mode", "Standby")));
        foreach (string side in new[] { "A", "B" })
        {
            // Exactly one mode per side is 1: "== 1" and "== 0" alerts need every mode present.
            Assert.Equal(AllModes.Order(), rest.Series("coldstandby_mode").Where(s => s.Labels["side"] == side).Select(s => s.Labels["mode"]).Order());
            Assert.Equal(1, rest.Series("coldstandby_mode").Where(s => s.Labels["side"] == side).Sum(s => s.Value));
            Assert.Equal(0, rest.Value("coldstandby_alarm", ("side", side), ("alarm", "peer-silent")));
        }

        // Every alarm the SMU has is its own series (none of them called "none"), all quiet at rest.
        var alarmsA = rest.Series("coldstandby_alarm").Where(s => s.Labels["side"] == "A").ToList();
        Assert.Equal(BitOperations.PopCount((uint)AlarmFlags.All), alarmsA.Select(s => s.Labels["alarm"]).Distinct().Count());
        Assert.DoesNotContain(alarmsA, s => s.Labels["alarm"] == "none");
        Assert.All(alarmsA, s => Assert.Equal(0, s.Value));
        Assert.Equal(epochA, rest.Value("coldstandby_switch_epoch", ("side", "A")));
        Assert.Equal(f.Rig.Inspect(r => r.SmuB.Epoch), rest.Value("coldstandby_switch_epoch", ("side", "B")));
        Assert.Equal(1, rest.Value("coldstandby_switch_phase", ("side", "A"), ("phase", "Idle")));
        Assert.Equal(1, rest.Value("coldstandby_storage_granted", ("side", "A")));
        Assert.Equal(0, rest.Value("coldstandby_storage_granted", ("side", "B")));
        Assert.Equal(1, rest.Value("coldstandby_peer_heard"));
        Assert.Equal(0, rest.Value("coldstandby_maintenance_hold_seconds"));
        Assert.Equal(1, rest.Value("coldstandby_agent_info", ("version", "0.1.0")));

        // The watchdog kicks: a histogram whose count is the intervals between the kicks sent.
        Assert.Equal("histogram", rest.Types["coldstandby_kick_interval_seconds"]);
        double intervals = rest.Value("coldstandby_kick_interval_seconds_count")!.Value;
        Assert.True(intervals >= 8, $"{intervals} kick intervals");
        Assert.Equal(intervals, rest.Value("coldstandby_kick_interval_seconds_bucket", ("le", "+Inf")));
        var buckets = rest.Series("coldstandby_kick_interval_seconds_bucket").Select(s => s.Value).ToList();
        Assert.Equal(buckets.Order(), buckets); // cumulative
        double mean = rest.Value("coldstandby_kick_interval_seconds_sum")!.Value / intervals;
        Assert.InRange(mean, 0.2, 0.5); // a kick every 250 ms
        Assert.True(rest.Value("coldstandby_kicks_total") >= intervals);

        // The RAID probe (no LAN section: no LAN series).
        Assert.Equal(1, rest.Value("coldstandby_probe_ok", ("controller", "RAID")));
        Assert.Equal(0, rest.Value("coldstandby_probe_consecutive_failures", ("controller", "RAID")));
        Assert.True(rest.Value("coldstandby_probes_total", ("controller", "RAID"), ("result", "passed")) >= 1);
        Assert.Equal(0, rest.Value("coldstandby_probes_total", ("controller", "RAID"), ("result", "failed")));
        Assert.True(rest.Value("coldstandby_probe_duration_seconds_count", ("controller", "RAID")) >= 1);
        Assert.True(rest.Value("coldstandby_probe_duration_seconds_sum", ("controller", "RAID")) > 0);
        Assert.DoesNotContain(rest.Samples, s => s.Labels.GetValueOrDefault("controller") == "LAN");

        // Both links: open, frames delivered, every drop reason a series, never lost; the supervised service.
        foreach (string link in new[] { "smu", "dm" })
        {
            Assert.Equal(1, rest.Value("coldstandby_link_open", ("link", link)));
            Assert.True(rest.Value("coldstandby_link_frames_received_total", ("link", link), ("result", "delivered")) > 0, link);
            // One result per counter the frame reader keeps (delivered and each drop reason).
            int results = typeof(LinkCounters).GetProperties().Count(p => p.PropertyType == typeof(int) && p.CanWrite);
            Assert.Equal(results, rest.Series("coldstandby_link_frames_received_total").Count(s => s.Labels["link"] == link));
            Assert.Equal(0, rest.Value("coldstandby_link_losses_total", ("link", link)));
        }

        Assert.Equal(1, rest.Value("coldstandby_link_open", ("link", "smu_session")));
        Assert.Equal(1, rest.Value("coldstandby_service_up", ("service", "app")));
        Assert.Equal(0, rest.Value("coldstandby_service_restarts_total", ("service", "app")));

        // Line noise on the SMU link (a frame too short to be one) is counted, by reason. (The
        // first bytes after an open may be the tail of a frame: counted too, so compared with before.)
        double tooShort = Scrape(url).Value("coldstandby_link_frames_received_total", ("link", "smu"), ("result", "too_short"))!.Value;
        f.Rig.Inspect(r => r.HostLinkA.Write(new byte[] { 0x00, 0x02, 0x07, 0x00 }, 0, 4));
        Assert.True(
            SpinWait.SpinUntil(() => Scrape(url).Value("coldstandby_link_frames_received_total", ("link", "smu"), ("result", "too_short")) == tooShort + 1, 5000),
            "the bad frame was not counted as too_short");

        // A planned switchover, as this side's agent lives through it: A shuts down (the phases
        // after its power goes are in the SMU's log: no agent runs on a server that is off).
        Assert.Equal(0, Operator.Switchover(f.Socket, yes: true, TextReader.Null));
        Assert.True(SpinWait.SpinUntil(() => File.Exists(poweroff), 10_000), "the shutdown command never ran\n" + f.Log);
        PrometheusText? down = null;
        Assert.True(
            SpinWait.SpinUntil(() => (down = Scrape(url)).Value("coldstandby_switch_phase", ("side", "A"), ("phase", "ShuttingDown")) == 1, 10_000),
            "the metrics never showed A shutting down\n" + f.Log);
        Assert.Equal(0, down!.Value("coldstandby_switch_phase", ("side", "A"), ("phase", "Idle")));
        Assert.Equal(1, down.Series("coldstandby_switch_phase").Where(s => s.Labels["side"] == "A").Sum(s => s.Value));
        Assert.Equal(epochA, down.Value("coldstandby_switch_epoch", ("side", "A")));
        Assert.Equal(0, down.Value("coldstandby_service_up", ("service", "app"))); // stopped for the shutdown
        // The last switch comes from the SMU's log (LastSwitchTests): a fresh pair that agreed on A
        // has none, so no step durations and no last-switch series; A became Active before any
        // clock was set (its log time counts from the SMU's start), so no "since" either.
        Assert.Empty(down.Series("coldstandby_switch_phase_last_duration_seconds"));
        Assert.Null(down.Value("coldstandby_last_switch_start_timestamp_seconds"));
        Assert.Null(down.Value("coldstandby_last_switch_duration_seconds"));
        Assert.Null(down.Value("coldstandby_mode_since_timestamp_seconds"));

        // The peer cable cut: a fleet sees the peer silent, its mode unknown and A's alarm.
        f.Rig.CutPeerCable(true);
        PrometheusText? silent = null;
        Assert.True(
            SpinWait.SpinUntil(() => (silent = Scrape(url)).Value("coldstandby_alarm", ("side", "A"), ("alarm", "peer-silent")) == 1, 20_000),
            "no peer-silent alarm in the metrics\n" + f.Log);
        Assert.Equal(0, silent!.Value("coldstandby_peer_heard"));
        Assert.Equal(1, silent.Value("coldstandby_mode", ("side", "B"), ("mode", "Unknown")));
    }

    [ProgramsFact("curl", "promtool")]
    public void The_endpoint_passes_promtool_and_serves_every_series_the_shipped_alerting_rules_use()
    {
        using var dir = new TempDir();
        int port = FreePort();
        using var f = new AgentFixture(extraConfig: $$"""
            "metrics": { "listen": "127.0.0.1:{{port}}" },
            "raid": { "probeFile": "{{dir.File("probe")}}" },
            """);
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(SpinWait.SpinUntil(() => agent.Watcher.Latest is not null && agent.Loop.Kicks.Kicks > 2 && agent.Raid!.Runs > 0, 15_000), f.Log.ToString());
        string scraped = Curl($"http://127.0.0.1:{port}/metrics");
        File.WriteAllText(dir.File("scraped.prom"), scraped);

        // promtool's lint: the naming rules Prometheus users rely on (counters end in _total and only they do, units in names…).
        var (code, lint) = Commands.Run("sh", "-c", $"promtool check metrics < {dir.File("scraped.prom")}");
        Assert.True(code == 0 && lint.Trim().Length == 0, $"promtool check metrics ({code}):\n{lint}");

        var metrics = PrometheusText.Parse(scraped);
        string rules = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "packaging", "coldstandby-alerts.yml"));
        var used = Regex.Matches(rules, @"\bcoldstandby_[a-z_]+").Select(m => m.Value).Distinct().ToList();
        Assert.True(used.Count >= 8, string.Join(", ", used));
        // The business MAC's series come with a network section (BusinessMacGateTests reads them in a namespace).
        Assert.All(used.Where(n => !n.StartsWith("coldstandby_business_mac_", StringComparison.Ordinal)), name => Assert.True(
            metrics.Samples.Any(s => s.Name == name),
            $"the alerting rules use {name}, which the agent does not export"));
    }

    [ProgramsFact("curl", "prometheus-node-exporter")]
    public void Node_exporter_reads_the_textfile_and_serves_the_agents_series()
    {
        using var dir = new TempDir();
        string collected = Directory.CreateDirectory(dir.File("textfile")).FullName;
        string textfile = Path.Combine(collected, "coldstandby.prom");
        using var f = new AgentFixture(extraConfig: $$"""
            "metrics": { "textfile": "{{textfile}}", "textfilePeriodMs": 1000 },
            """);
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(SpinWait.SpinUntil(() => agent.Watcher.Latest is { Mode: Mode.Active } && File.Exists(textfile) && File.ReadAllText(textfile).Contains("coldstandby_mode{side=\"A\",mode=\"Active\"} 1"), 15_000), f.Log.ToString());
        var written = File.GetLastWriteTimeUtc(textfile);
        Assert.True(SpinWait.SpinUntil(() => File.GetLastWriteTimeUtc(textfile) > written, 5000), "the textfile was not rewritten within its period");
        int port = FreePort();
        var info = TiedProcess.Info("prometheus-node-exporter", new[] { "--collector.disable-defaults", "--collector.textfile", $"--collector.textfile.directory={collected}", $"--web.listen-address=127.0.0.1:{port}" });
        using var exporter = TiedProcess.Start(info);
        exporter.OutputDataReceived += (_, _) => { };
        exporter.ErrorDataReceived += (_, _) => { };
        exporter.BeginOutputReadLine();
        exporter.BeginErrorReadLine();
        try
        {
            string? text = null;
            Assert.True(SpinWait.SpinUntil(() => Commands.Run("curl", "-sf", $"http://127.0.0.1:{port}/metrics") is (0, var t) && (text = t).Contains("node_textfile_scrape_error"), 15_000), "node_exporter never answered");
            var metrics = PrometheusText.Parse(text!);

            Assert.Equal(0, metrics.Value("node_textfile_scrape_error"));
            Assert.NotNull(metrics.Value("node_textfile_mtime_seconds", ("file", textfile)));
            Assert.Equal(1, metrics.Value("coldstandby_mode", ("side", "A"), ("mode", "Active")));
            Assert.Equal(1, metrics.Value("coldstandby_link_open", ("link", "smu_session")));
            Assert.Equal("histogram", metrics.Types["coldstandby_kick_interval_seconds"]);
            Assert.True(metrics.Value("coldstandby_kick_interval_seconds_count") > 0);
        }
        finally
        {
            exporter.Kill();
            exporter.WaitForExit();
        }
    }

    [Fact]
    public void Only_a_configured_agent_listens_and_then_on_the_loopback_port_it_was_given()
    {
        using var f = new AgentFixture();
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000));

        var unconfigured = ListeningPorts(f.ConfigPath, f);

        int port = FreePort();
        File.WriteAllText(f.ConfigPath, f.ConfigText.Replace("\"control\"", $"\"metrics\": {{ \"listen\": \"127.0.0.1:{port}\" }},\n  \"control\""));
        var configured = ListeningPorts(f.ConfigPath, f);

        Assert.Empty(unconfigured);
        Assert.Equal(new[] { $"127.0.0.1:{port}" }, configured);
    }

    /// <summary>Runs the agent as a process of its own and lists the TCP ports it listens on (from /proc: its sockets' inodes in the LISTEN state).</summary>
    private static List<string> ListeningPorts(string config, AgentFixture f)
    {
        using var agent = AgentProgram.StartAgent(config);
        try
        {
            Assert.True(SpinWait.SpinUntil(() => File.Exists(f.Socket), 30_000), "the agent never made its control socket");
            // Answering the CLI: the control socket is up, and the metrics server starts right after it.
            Assert.True(SpinWait.SpinUntil(() => AgentProgram.Run("status", "--socket", f.Socket).Output.Contains("this server is side A"), 30_000));
            var inodes = Directory.GetFiles($"/proc/{agent.Id}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget)
                .Where(t => t is not null && t.StartsWith("socket:[", StringComparison.Ordinal))
                .Select(t => t![8..^1])
                .ToHashSet();
            var ports = new List<string>();
            foreach (string table in new[] { "tcp", "tcp6" })
            {
                foreach (string line in File.ReadAllLines($"/proc/{agent.Id}/net/{table}").Skip(1))
                {
                    string[] field = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (field[3] == "0A" && inodes.Contains(field[9])) // TCP_LISTEN
                    {
                        ports.Add(Address(field[1]));
                    }
                }
            }

            return ports;
        }
        finally
        {
            agent.Kill();
            agent.WaitForExit();
            File.Delete(f.Socket);
        }
    }

    /// <summary>A /proc/net/tcp address (hex, the IPv4 address in host order) as "a.b.c.d:port".</summary>
    private static string Address(string hex)
    {
        string[] parts = hex.Split(':');
        int port = int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (parts[0].Length != 8)
        {
            return $"[{parts[0]}]:{port}";
        }

        byte[] address = BitConverter.GetBytes(uint.Parse(parts[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        return $"{new IPAddress(address)}:{port}";
    }

    internal static PrometheusText Scrape(string url) => PrometheusText.Parse(Curl(url));

    internal static string Curl(string url)
    {
        var (code, output) = Commands.Run("curl", "-sS", "--fail", "--max-time", "10", url);
        Assert.True(code == 0, $"curl {url} exited {code}: {output}");
        return output;
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
