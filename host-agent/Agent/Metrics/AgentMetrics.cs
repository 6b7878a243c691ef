using System.Net;
using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Control;
using ColdStandby.HostAgent.Network;
using ColdStandby.HostAgent.Probes;
using ColdStandby.HostAgent.Service;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace ColdStandby.HostAgent.Metrics;

/// <summary>
/// The agent's state for a fleet's Prometheus (prometheus-net, its own registry): both sides'
/// modes, alarms, epochs and switch phases, the kick interval histogram, probe results and
/// durations, link frame and error counters, the supervised services, and the last switch from
/// the SMU's log: when it began, how long each step took on each side, the whole to services
/// ready, and since when this side is in its mode. Served on a local HTTP endpoint (off unless
/// <c>metrics.listen</c> is set) and written as a node_exporter textfile (off unless
/// <c>metrics.textfile</c> is set). Gauges are filled from the agent's state just before each
/// collection, so nothing is kept twice.
/// </summary>
internal sealed class AgentMetrics : IDisposable
{
    private static readonly string[] Modes = { "Unknown", "Standby", "Active", "Failed" };

    private readonly AgentRuntime _agent;
    private readonly MetricsConfig _config;
    private readonly ILogger _log;
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Gauge _mode;
    private readonly Gauge _alarm;
    private readonly Gauge _epoch;
    private readonly Gauge _phase;
    private readonly Gauge _peerHeard;
    private readonly Gauge _granted;
    private readonly Gauge _maintenance;
    private readonly Gauge _linkOpen;
    private readonly Counter _linkFrames;
    private readonly Counter _linkLosses;
    private readonly Counter _kicks;
    private readonly Histogram _kickInterval;
    private readonly Gauge _probeOk;
    private readonly Gauge _probeFailures;
    private readonly Counter _probeRuns;
    private readonly Histogram _probeDuration;
    private readonly Gauge _serviceUp;
    private readonly Counter _serviceRestarts;
    private readonly Gauge _phaseSeconds;
    private readonly Gauge _switchStarted;
    private readonly Gauge _switchSeconds;
    private readonly Gauge _switchEpoch;
    private readonly Gauge _modeSince;
    private readonly HashSet<(string Side, string Phase)> _phasesShown = new();
    private readonly Gauge _macHeld;
    private readonly Gauge _macWaiting;
    private readonly CancellationTokenSource _stop = new();
    private MetricServer? _server;

    public AgentMetrics(AgentRuntime agent, MetricsConfig config, ILogger log)
    {
        _agent = agent;
        _config = config;
        _log = log;
        var f = Prometheus.Metrics.WithCustomRegistry(_registry);
        f.CreateGauge("coldstandby_agent_info", "The agent's version", "version").WithLabels(AgentInfo.Version.ToString()).Set(1);
        _mode = f.CreateGauge("coldstandby_mode", "1 for the mode each side is in (this side from its SMU, the peer from its heartbeat)", "side", "mode");
        _alarm = f.CreateGauge("coldstandby_alarm", "1 while an alarm is raised on a side", "side", "alarm");
        _epoch = f.CreateGauge("coldstandby_switch_epoch", "Each side's switch epoch (how many switches it took part in)", "side");
        _phase = f.CreateGauge("coldstandby_switch_phase", "1 for the switch phase each side is in (Idle at rest)", "side", "phase");
        _peerHeard = f.CreateGauge("coldstandby_peer_heard", "1 while this side's SMU hears the peer SMU");
        _granted = f.CreateGauge("coldstandby_storage_granted", "1 while a side holds the storage grant (SMU grant lines)", "side");
        _macHeld = f.CreateGauge("coldstandby_business_mac_held", "1 while this server's business NIC has the business MAC from the agent");
        _macWaiting = f.CreateGauge("coldstandby_business_mac_waiting", "1 for why the agent waits to take the business MAC (no_status, peer_silent, peer_server_on); all 0 once held", "reason");
        _maintenance = f.CreateGauge("coldstandby_maintenance_hold_seconds", "Seconds left of a maintenance hold of this side's SMU watchdog (0: none)");
        _linkOpen = f.CreateGauge("coldstandby_link_open", "1 while a serial link is open (smu, dm) and, for the SMU, its session too", "link");
        _linkFrames = f.CreateCounter("coldstandby_link_frames_received_total", "Frames received on a link, delivered or dropped by reason", "link", "result");
        _linkLosses = f.CreateCounter("coldstandby_link_losses_total", "Times a serial device was lost after being open", "link");
        _kicks = f.CreateCounter("coldstandby_kicks_total", "Watchdog kicks sent to the SMU");
        _kickInterval = f.CreateHistogram("coldstandby_kick_interval_seconds", "Time between kicks handed to the serial device", new HistogramConfiguration
        {
            Buckets = new[] { 0.2, 0.24, 0.25, 0.26, 0.275, 0.3, 0.35, 0.5, 0.75, 1, 1.5, 2 },
        });
        _probeOk = f.CreateGauge("coldstandby_probe_ok", "1 while a controller's last probe passed", "controller");
        _probeFailures = f.CreateGauge("coldstandby_probe_consecutive_failures", "Failed probes in a row (Failed at the threshold)", "controller");
        _probeRuns = f.CreateCounter("coldstandby_probes_total", "Probes run, by result", "controller", "result");
        _probeDuration = f.CreateHistogram("coldstandby_probe_duration_seconds", "Wall time of each probe", new HistogramConfiguration
        {
            LabelNames = new[] { "controller" },
            Buckets = new[] { 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5 },
        });
        _serviceUp = f.CreateGauge("coldstandby_service_up", "1 while a supervised service is up", "service");
        _serviceRestarts = f.CreateCounter("coldstandby_service_restarts_total", "Restarts of a supervised service by the agent", "service");
        // The last switch, from this side's SMU log (its agent starts after it): absent until read, and when the log holds none.
        var once = new GaugeConfiguration { SuppressInitialValue = true };
        _phaseSeconds = f.CreateGauge("coldstandby_switch_phase_last_duration_seconds", "How long each step of the last switch took, on the side that took it (the SMU's log; a step under way has no series)", "side", "phase");
        _switchStarted = f.CreateGauge("coldstandby_last_switch_start_timestamp_seconds", "When the last switch began: the side handing over left rest (Unix time, the SMU's log)", once);
        _switchSeconds = f.CreateGauge("coldstandby_last_switch_duration_seconds", "The last switch from its beginning to this server's services ready (the SMU's log; absent while booting)", once);
        _switchEpoch = f.CreateGauge("coldstandby_last_switch_epoch", "The switch epoch of the last switch in the SMU's log", once);
        _modeSince = f.CreateGauge("coldstandby_mode_since_timestamp_seconds", "Since when this side is in its mode (Unix time: its SMU log's last mode change, else when the agent saw it)", once);
        _registry.AddBeforeCollectCallback(Fill);
        agent.Loop.Kicks.Interval += seconds => _kickInterval.Observe(seconds);
        foreach (var probe in new[] { agent.Raid, agent.Lan })
        {
            if (probe is not null)
            {
                probe.Probed += p => _probeDuration.WithLabels(p.Name).Observe(p.LastWallMicroseconds / 1e6);
            }
        }
    }

    public CollectorRegistry Registry => _registry;

    /// <summary>Starts the HTTP endpoint and the textfile writer that are configured.</summary>
    public void Start()
    {
        if (_config.Listen is { } listen)
        {
            // prometheus-net's own server: HttpListener on the loopback or the configured address only.
            string host = listen.Address.Equals(IPAddress.Any) ? "+" : listen.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{listen.Address}]" : listen.Address.ToString();
            _server = new MetricServer(host, listen.Port, "metrics/", _registry);
            _server.Start();
            _log.LogInformation("metrics on http://{Listen}/metrics", listen);
        }

        if (_config.Textfile is { } path)
        {
            _ = Task.Run(() => WriteTextfile(path, _stop.Token));
        }
    }

    /// <summary>Writes the metrics in Prometheus text format (for the textfile and tests).</summary>
    public async Task Export(Stream stream) => await _registry.CollectAndExportAsTextAsync(stream).ConfigureAwait(false);

    public void Dispose()
    {
        _stop.Cancel();
        _server?.Dispose();
    }

    private async Task WriteTextfile(string path, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                // node_exporter reads *.prom files: write aside and rename, so it never reads half a file.
                string temporary = path + ".tmp";
                await using (var file = File.Create(temporary))
                {
                    await Export(file).ConfigureAwait(false);
                }

                File.Move(temporary, path, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.LogWarning("cannot write the metrics textfile {Path}: {Error}", path, e.Message);
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(_config.TextfilePeriodMs), token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Fill()
    {
        var loop = _agent.Loop;
        _kicks.IncTo(loop.Kicks.Kicks);
        _linkOpen.WithLabels("smu").Set(loop.Link.IsOpen ? 1 : 0);
        _linkOpen.WithLabels("smu_session").Set(loop.SessionOpen ? 1 : 0);
        _linkLosses.WithLabels("smu").IncTo(loop.Link.Losses);
        Frames("smu", loop.Session.Counters);
        if (_agent.Dm is { } dm)
        {
            _linkOpen.WithLabels("dm").Set(dm.Device.IsOpen ? 1 : 0);
            _linkLosses.WithLabels("dm").IncTo(dm.Device.Losses);
            Frames("dm", dm.Session.Counters);
        }

        if (_agent.Watcher.Latest is { } s)
        {
            var peer = s.Side == Protocol.Side.A ? Protocol.Side.B : Protocol.Side.A;
            SetSide(s.Side, s.Mode, s.Alarms, s.Epoch, s.Phase, (s.Health & HealthFlags.StorageGranted) != 0);
            SetSide(peer, s.PeerHeard ? s.PeerMode : Protocol.Mode.Unknown, s.PeerHeard ? s.PeerAlarms : AlarmFlags.None, s.PeerEpoch, s.PeerPhase, s.PeerHeard && (s.PeerHealth & HealthFlags.StorageGranted) != 0);
            _peerHeard.Set(s.PeerHeard ? 1 : 0);
            _maintenance.Set(s.MaintenanceSeconds);
        }

        LastSwitch(_agent.History.Latest);
        if (_agent.MacGate is { } gate)
        {
            _macHeld.Set(gate.Held ? 1 : 0);
            var waiting = gate.Waiting;
            foreach (var reason in new[] { MacWait.NoStatus, MacWait.PeerSilent, MacWait.PeerServerOn })
            {
                _macWaiting.WithLabels(BusinessMacGate.Label(reason)).Set(reason == waiting ? 1 : 0);
            }
        }

        foreach (var probe in new[] { _agent.Raid, _agent.Lan })
        {
            if (probe is not null)
            {
                _probeOk.WithLabels(probe.Name).Set(probe.State == ControllerState.Ok ? 1 : 0);
                _probeFailures.WithLabels(probe.Name).Set(probe.ConsecutiveFailures);
                _probeRuns.WithLabels(probe.Name, "passed").IncTo(probe.Runs - probe.Failures);
                _probeRuns.WithLabels(probe.Name, "failed").IncTo(probe.Failures);
            }
        }

        foreach (var service in _agent.Supervisor.Statuses)
        {
            _serviceUp.WithLabels(service.Name).Set(service.Up ? 1 : 0);
            _serviceRestarts.WithLabels(service.Name).IncTo(service.Restarts);
        }
    }

    private void LastSwitch(Link.SwitchHistoryFacts? facts)
    {
        if (facts is null)
        {
            return;
        }

        var shown = new HashSet<(string, string)>();
        if (facts.LastSwitch is { } last)
        {
            _switchEpoch.Set(last.Epoch);
            Show(_switchStarted, last.StartedUtc is { } started ? Unix(started) : null);
            Show(_switchSeconds, last.TotalSeconds);
            foreach (var step in last.Steps)
            {
                if (step.Seconds is { } seconds)
                {
                    var labels = (step.Side.ToString(), step.Phase.ToString());
                    shown.Add(labels);
                    _phaseSeconds.WithLabels(labels.Item1, labels.Item2).Set(seconds);
                }
            }
        }
        else
        {
            _switchEpoch.Unpublish();
            _switchStarted.Unpublish();
            _switchSeconds.Unpublish();
        }

        foreach (var gone in _phasesShown.Where(p => !shown.Contains(p)).ToList())
        {
            _phaseSeconds.RemoveLabelled(gone.Side, gone.Phase);
            _phasesShown.Remove(gone);
        }

        _phasesShown.UnionWith(shown);
        Show(_modeSince, _agent.ModeSinceUtc is { } since ? Unix(since) : null);
    }

    private static double Unix(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0;

    private static void Show(Gauge gauge, double? value)
    {
        if (value is { } v)
        {
            gauge.Set(v);
        }
        else
        {
            gauge.Unpublish();
        }
    }

    private void SetSide(Side side, Mode mode, AlarmFlags alarms, uint epoch, SequencePhase phase, bool granted)
    {
        string s = side.ToString();
        foreach (string m in Modes)
        {
            _mode.WithLabels(s, m).Set(m == mode.ToString() ? 1 : 0);
        }

        for (int bit = 1; bit <= (int)AlarmFlags.All; bit <<= 1)
        {
            _alarm.WithLabels(s, Names.Alarms((AlarmFlags)bit)).Set((alarms & (AlarmFlags)bit) != 0 ? 1 : 0);
        }

        foreach (SequencePhase p in Enum.GetValues<SequencePhase>())
        {
            _phase.WithLabels(s, p.ToString()).Set(p == phase ? 1 : 0);
        }

        _epoch.WithLabels(s).Set(epoch);
        _granted.WithLabels(s).Set(granted ? 1 : 0);
    }

    private void Frames(string link, LinkCounters c)
    {
        _linkFrames.WithLabels(link, "delivered").IncTo(c.Delivered);
        _linkFrames.WithLabels(link, "bad_crc").IncTo(c.BadCrc);
        _linkFrames.WithLabels(link, "bad_encoding").IncTo(c.BadEncoding);
        _linkFrames.WithLabels(link, "too_short").IncTo(c.TooShort);
        _linkFrames.WithLabels(link, "oversized").IncTo(c.Oversized);
        _linkFrames.WithLabels(link, "unknown_type").IncTo(c.UnknownType);
        _linkFrames.WithLabels(link, "bad_length").IncTo(c.BadLength);
        _linkFrames.WithLabels(link, "bad_field").IncTo(c.BadField);
        _linkFrames.WithLabels(link, "duplicate").IncTo(c.Duplicates);
        _linkFrames.WithLabels(link, "out_of_order").IncTo(c.OutOfOrder);
    }
}
