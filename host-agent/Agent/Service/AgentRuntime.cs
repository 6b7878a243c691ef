using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Control;
using ColdStandby.HostAgent.Link;
using ColdStandby.HostAgent.Network;
using ColdStandby.HostAgent.Probes;
using ColdStandby.HostAgent.Supervision;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Service;

/// <summary>
/// The whole agent, put together from its parts: the SMU link thread, the controller probes, the
/// service supervisor, the shutdown runner, the MAC takeover and announcement, and the control
/// socket. The Generic Host's service starts and stops it; tests build it directly.
/// </summary>
internal sealed class AgentRuntime : IDisposable
{
    private readonly ILogger _log;
    private readonly SystemdNotifier? _notifier;
    private readonly object _healthGate = new();
    private ControllerState _raid;
    private ControllerState _lan;
    private byte _raidFailures;
    private byte _lanFailures;
    private InstanceLock? _instance;
    private int _disposed;

    public AgentRuntime(AgentConfig config, ILoggerFactory loggers, SystemdNotifier? notifier)
    {
        Config = config;
        _log = loggers.CreateLogger("ColdStandby.Agent");
        _notifier = notifier;
        var smuLink = OpenDevice(config.Smu.Device, config.Smu.Baud, config.Smu.ReopenMs);
        Loop = new LinkLoop(smuLink, new SmuSession(smuLink, config.Smu.Session), config.Smu.StepMs, loggers.CreateLogger("ColdStandby.SmuLink"), notifier);
        if (config.Dm is not null)
        {
            Dm = new DmLink(OpenDevice(config.Dm.Device, config.Dm.Baud, config.Smu.ReopenMs));
            Loop.Add(Dm);
        }

        Watcher = new SmuWatcher(Loop, config.Smu.StatusPeriodMs, loggers.CreateLogger("ColdStandby.Smu"));
        Loop.Add(Watcher);
        History = new SwitchHistoryReader(Loop, Watcher, loggers.CreateLogger("ColdStandby.Smu"));
        Loop.Add(History);
        if (config.Network is { TakeOverAtStart: true })
        {
            MacGate = new BusinessMacGate(config, loggers.CreateLogger("ColdStandby.Network"));
            Watcher.StatusSeen += MacGate.OnStatus;
        }

        if (config.Raid is { } raid)
        {
            Raid = new ProbeRunner(new RaidProbe(raid.ProbeFile, raid.ProbeBytes), raid.PeriodMs, raid.DeadlineMs, raid.FailureThreshold, loggers.CreateLogger("ColdStandby.Probes"));
            Raid.Probed += _ => HealthChanged();
        }

        if (config.Lan is { } lan)
        {
            Lan = new ProbeRunner(new LanProbe(lan.Interface, lan.Peer!, lan.Method), lan.PeriodMs, lan.DeadlineMs, lan.FailureThreshold, loggers.CreateLogger("ColdStandby.Probes"));
            Lan.Probed += _ => HealthChanged();
        }

        Supervisor = new ServiceSupervisor(config.Services, config.Supervision, loggers.CreateLogger("ColdStandby.Services"));
        Supervisor.ServiceFailed += (index, _, _) => Loop.Post(() => Loop.Session.ReportFault(FaultKind.ServiceFailure, (ushort)index));
        Supervisor.AllUp += () => Loop.Post(() => Loop.Session.ReportServicesReady());
        Shutdown = new ShutdownRunner(config.Shutdown, Supervisor, loggers.CreateLogger("ColdStandby.Shutdown"));
        Loop.Session.ShutdownRequested += (reason, deadline) => Shutdown.Begin(
            reason,
            deadline,
            () => Loop.Post(() => Loop.Session.ReportShutdownStarted()),
            () => Loop.Post(() => Loop.Session.ReportShutdownDone()),
            WaitForSteps);
        Commands = new AgentCommands(this, loggers.CreateLogger("ColdStandby.Control"));
        Metrics = new Metrics.AgentMetrics(this, config.Metrics, loggers.CreateLogger("ColdStandby.Metrics"));
        Control = new ControlServer(config.Control, Commands.Handle, loggers.CreateLogger("ColdStandby.Control"));
    }

    public AgentConfig Config { get; }

    public LinkLoop Loop { get; }

    public DmLink? Dm { get; }

    public SmuWatcher Watcher { get; }

    /// <summary>Gets what the SMU's log says of the last switch and this side's mode (read at each session open and change).</summary>
    public SwitchHistoryReader History { get; }

    /// <summary>Gets since when this side is in its mode (UTC): its SMU log's last mode change, else when this agent saw it change; null when neither knows.</summary>
    public DateTime? ModeSinceUtc =>
        History.Latest is { ModeSinceUtc: { } logged } facts && facts.Mode == Watcher.Latest?.Mode ? logged : Watcher.ModeSinceUtc;

    public Metrics.AgentMetrics Metrics { get; }

    public ProbeRunner? Raid { get; }

    public ProbeRunner? Lan { get; }

    public ServiceSupervisor Supervisor { get; }

    public ShutdownRunner Shutdown { get; }

    public AgentCommands Commands { get; }

    public ControlServer Control { get; }

    public DateTime StartedUtc { get; private set; }

    /// <summary>Gets the gate on the business MAC, or null when the agent does not take it (no network section, or takeOverAtStart false).</summary>
    public BusinessMacGate? MacGate { get; }

    public string MacState => MacGate?.State ?? (Config.Network is null ? "not configured" : "not taken by the agent (network.takeOverAtStart is false)");

    public void Start()
    {
        // One agent per machine, before anything is touched (AgentStartException names the holder).
        _instance = InstanceLock.Acquire(Config.Control.Socket);
        if (Loop.Link is TtyLink tty && tty.InUse())
        {
            string problem = tty.LastError!;
            _instance.Dispose();
            throw new AgentStartException($"{problem}; this agent does not start beside it");
        }

        StartedUtc = DateTime.UtcNow;
        _log.LogInformation("ColdStandby agent {Version} starting; SMU link {Device}", AgentInfo.Version, Config.Smu.Device);
        MacGate?.Start();
        if (Config.Smu.SetClock)
        {
            // The wall clock with the loop's time it was read at: the sessions add what passed until each set goes out.
            long unix = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), at = Loop.NowMs;
            Loop.Post(() => Loop.Session.SetClock(unix, at));
            Loop.Post(() => Dm?.Session.SetClock(unix, at));
        }

        Loop.Start();
        Raid?.Start();
        Lan?.Start();
        if (Config.Services.Count == 0)
        {
            Loop.Post(() => Loop.Session.ReportServicesReady());
        }

        Supervisor.Start();
        Control.Start();
        Metrics.Start();
        _notifier?.Notify("READY=1");
        _notifier?.Notify($"STATUS=kicking the SMU on {Config.Smu.Device}");
    }

    public void Dispose()
    {
        // The host stops the service and then disposes it: once is all (a second close of the
        // loop's descriptors would close whatever reused their numbers).
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _notifier?.Notify("STOPPING=1");
        Control.Dispose();
        Metrics.Dispose();
        Raid?.Dispose();
        Lan?.Dispose();
        Supervisor.Dispose();
        Loop.Dispose();
        MacGate?.Dispose();
        _instance?.Dispose();
    }

    /// <summary>A serial device: the agent's own tty code on Linux (waited on with poll), System.IO.Ports elsewhere.</summary>
    private static IHostLinkDevice OpenDevice(string device, int baud, long reopenMs) =>
        OperatingSystem.IsLinux() ? new TtyLink(device, baud, reopenMs) : new SerialHostLink(device, baud, reopenMs);

    /// <summary>Waits until two more link steps have run (what was posted before is on the wire).</summary>
    public void WaitForSteps()
    {
        for (int i = 0; i < 2; i++)
        {
            using var stepped = new ManualResetEventSlim(false);
            Loop.Post(stepped.Set);
            stepped.Wait(TimeSpan.FromSeconds(2));
        }

        Thread.Sleep(50);
    }

    private void HealthChanged()
    {
        lock (_healthGate)
        {
            if (Raid is not null)
            {
                _raid = Raid.State;
                _raidFailures = (byte)Raid.ConsecutiveFailures;
            }

            if (Lan is not null)
            {
                _lan = Lan.State;
                _lanFailures = (byte)Lan.ConsecutiveFailures;
            }

            var (raid, lan, rf, lf) = (_raid, _lan, _raidFailures, _lanFailures);
            Loop.Post(() => Loop.Session.ReportControllerHealth(raid, lan, rf, lf));
        }
    }
}

/// <summary>The agent's own version.</summary>
internal static class AgentInfo
{
    public static Version Version { get; } = new(0, 1, 0);
}
