using System.Net;
using System.Text.Json;
using ColdStandby.HostAgent.Network;

namespace ColdStandby.HostAgent.Config;

/// <summary>
/// The agent's whole configuration, from one JSON file (by default /etc/coldstandby/agent.json, on
/// the shared OS disk, so both servers boot with the same one). <see cref="Load"/> checks every key
/// and returns every problem as "key: problem"; the agent refuses to start on any of them.
/// </summary>
internal sealed class AgentConfig
{
    public const string DefaultPath = "/etc/coldstandby/agent.json";

    public string Path { get; init; } = DefaultPath;

    public SmuLinkConfig Smu { get; init; } = new();

    public DmLinkConfig? Dm { get; init; }

    public RaidProbeConfig? Raid { get; init; }

    public LanProbeConfig? Lan { get; init; }

    public List<ServiceConfig> Services { get; init; } = new();

    public SupervisionConfig Supervision { get; init; } = new();

    public ShutdownConfig Shutdown { get; init; } = new();

    public NetworkConfig? Network { get; init; }

    public ControlConfig Control { get; init; } = new();

    public MetricsConfig Metrics { get; init; } = new();

    /// <summary>Reads and checks a configuration file; on any problem the config is null and the errors say why.</summary>
    public static (AgentConfig? Config, List<string> Errors) Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, new List<string> { $"{path}: cannot read: {e.Message}" });
        }

        return Parse(text, path);
    }

    /// <summary>Checks configuration text; see <see cref="Load"/>.</summary>
    public static (AgentConfig? Config, List<string> Errors) Parse(string text, string path)
    {
        var errors = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return (null, new List<string> { $"{path}: not valid JSON: {e.Message}" });
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, new List<string> { $"{path}: the file must hold one JSON object" });
            }

            var root = new ConfigReader(document.RootElement, "", errors);
            var config = Read(root, path);
            root.RejectUnknown();
            return errors.Count == 0 ? (config, errors) : (null, errors);
        }
    }

    private static AgentConfig Read(ConfigReader root, string path)
    {
        var smu = ReadSmu(root.Section("smu", required: true));
        var dm = ReadDm(root.Section("dm", required: false));
        var raid = ReadRaid(root.Section("raid", required: false));
        var lan = ReadLan(root.Section("lan", required: false));
        var supervision = ReadSupervision(root.Section("supervision", required: false));
        var services = ReadServices(root);
        var shutdown = ReadShutdown(root.Section("shutdown", required: false));
        var network = ReadNetwork(root.Section("network", required: false));
        var control = ReadControl(root.Section("control", required: false));
        var metrics = ReadMetrics(root.Section("metrics", required: false));

        return new AgentConfig
        {
            Path = path,
            Smu = smu,
            Dm = dm,
            Raid = raid,
            Lan = lan,
            Services = services,
            Supervision = supervision,
            Shutdown = shutdown,
            Network = network,
            Control = control,
            Metrics = metrics,
        };
    }

    private static SmuLinkConfig ReadSmu(ConfigReader? r)
    {
        if (r is null)
        {
            return new SmuLinkConfig();
        }

        var d = new SmuLinkConfig();
        var session = new SmuSessionOptions
        {
            KickPeriodMs = r.Integer("kickPeriodMs", d.Session.KickPeriodMs, 10, 60_000),
            HelloRetryMs = r.Integer("helloRetryMs", d.Session.HelloRetryMs, 50, 60_000),
            HelloBackoffMaxMs = r.Integer("helloBackoffMaxMs", d.Session.HelloBackoffMaxMs, 50, 600_000),
            RequestTimeoutMs = r.Integer("requestTimeoutMs", d.Session.RequestTimeoutMs, 100, 60_000),
            HealthReportPeriodMs = r.Integer("healthReportPeriodMs", d.Session.HealthReportPeriodMs, 100, 3_600_000),
            ServicesReadyStage = (byte)r.Integer("servicesReadyStage", d.Session.ServicesReadyStage, 2, 7),
            AgentVersion = d.Session.AgentVersion,
        };
        var c = new SmuLinkConfig
        {
            Device = r.String("device", d.Device, required: true)!,
            Baud = (int)r.Integer("baud", d.Baud, 1200, 4_000_000),
            Session = session,
            WatchdogTimeoutMs = r.Integer("watchdogTimeoutMs", d.WatchdogTimeoutMs, 100, 600_000),
            StatusPeriodMs = r.Integer("statusPeriodMs", d.StatusPeriodMs, 100, 600_000),
            StepMs = r.Integer("stepMs", d.StepMs, 1, 100),
            ReopenMs = r.Integer("reopenMs", d.ReopenMs, 10, 60_000),
            SetClock = r.Boolean("setClock", d.SetClock),
        };
        if (Link.TtyLink.Speed(c.Baud) is null)
        {
            r.Error("baud", $"{c.Baud} is not a serial speed (115200, 57600, 230400, …)");
        }

        if (session.HelloBackoffMaxMs < session.HelloRetryMs)
        {
            r.Error("helloBackoffMaxMs", $"{session.HelloBackoffMaxMs} is shorter than helloRetryMs {session.HelloRetryMs} (the back-off starts there)");
        }

        if (c.StepMs * 4 > session.KickPeriodMs)
        {
            r.Error("stepMs", $"{c.StepMs} is too coarse for kickPeriodMs {session.KickPeriodMs} (at most a quarter of it)");
        }

        r.RejectUnknown();
        return c;
    }

    private static DmLinkConfig? ReadDm(ConfigReader? r)
    {
        if (r is null)
        {
            return null;
        }

        var d = new DmLinkConfig();
        var c = new DmLinkConfig
        {
            Device = r.String("device", d.Device, required: true)!,
            Baud = (int)r.Integer("baud", d.Baud, 1200, 4_000_000),
        };
        if (Link.TtyLink.Speed(c.Baud) is null)
        {
            r.Error("baud", $"{c.Baud} is not a serial speed (115200, 57600, 230400, …)");
        }

        r.RejectUnknown();
        return c;
    }

    private static RaidProbeConfig? ReadRaid(ConfigReader? r)
    {
        if (r is null)
        {
            return null;
        }

        var d = new RaidProbeConfig();
        var c = new RaidProbeConfig
        {
            ProbeFile = r.String("probeFile", d.ProbeFile, required: true)!,
            PeriodMs = r.Integer("periodMs", d.PeriodMs, 100, 3_600_000),
            DeadlineMs = r.Integer("deadlineMs", d.DeadlineMs, 10, 600_000),
            FailureThreshold = (int)r.Integer("failureThreshold", d.FailureThreshold, 1, 255),
            ProbeBytes = (int)r.Integer("probeBytes", d.ProbeBytes, 512, 1 << 20),
        };
        if (c.ProbeFile.Length > 0 && !System.IO.Path.IsPathRooted(c.ProbeFile))
        {
            r.Error("probeFile", $"'{c.ProbeFile}' must be an absolute path");
        }
        else if (c.ProbeFile.Length > 0 && !Directory.Exists(System.IO.Path.GetDirectoryName(c.ProbeFile)))
        {
            r.Error("probeFile", $"the folder of '{c.ProbeFile}' does not exist");
        }

        if (c.DeadlineMs > c.PeriodMs)
        {
            r.Error("deadlineMs", $"{c.DeadlineMs} must not exceed periodMs {c.PeriodMs}");
        }

        r.RejectUnknown();
        return c;
    }

    private static LanProbeConfig? ReadLan(ConfigReader? r)
    {
        if (r is null)
        {
            return null;
        }

        var d = new LanProbeConfig();
        string iface = r.String("interface", d.Interface, required: true)!;
        string peerText = r.String("peer", "", required: true)!;
        string method = r.String("method", d.Method)!;
        var c = new LanProbeConfig
        {
            Interface = iface,
            PeriodMs = r.Integer("periodMs", d.PeriodMs, 100, 3_600_000),
            DeadlineMs = r.Integer("deadlineMs", d.DeadlineMs, 10, 600_000),
            FailureThreshold = (int)r.Integer("failureThreshold", d.FailureThreshold, 1, 255),
        };
        if (iface.Length > 15)
        {
            r.Error("interface", $"'{iface}' is longer than an interface name can be (15)");
        }

        if (peerText.Length > 0)
        {
            if (IPAddress.TryParse(peerText, out var peer))
            {
                c.Peer = peer;
            }
            else
            {
                r.Error("peer", $"'{peerText}' is not an IPv4 or IPv6 address");
            }
        }

        if (method is "icmp" or "arp")
        {
            c.Method = method;
            if (method == "arp" && c.Peer is not null && c.Peer.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            {
                r.Error("peer", "an ARP probe needs an IPv4 peer (use method icmp for IPv6)");
            }
        }
        else
        {
            r.Error("method", $"'{method}' is not one of icmp, arp");
        }

        if (c.DeadlineMs > c.PeriodMs)
        {
            r.Error("deadlineMs", $"{c.DeadlineMs} must not exceed periodMs {c.PeriodMs}");
        }

        r.RejectUnknown();
        return c;
    }

    private static SupervisionConfig ReadSupervision(ConfigReader? r)
    {
        var d = new SupervisionConfig();
        if (r is null)
        {
            return d;
        }

        var c = new SupervisionConfig
        {
            PeriodMs = r.Integer("periodMs", d.PeriodMs, 100, 3_600_000),
            RestartBackoffMs = r.Integer("restartBackoffMs", d.RestartBackoffMs, 0, 600_000),
            Systemctl = r.String("systemctl", d.Systemctl)!,
        };
        r.RejectUnknown();
        return c;
    }

    private static List<ServiceConfig> ReadServices(ConfigReader root)
    {
        var services = new List<ServiceConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var r in root.Array("services"))
        {
            string name = r.String("name", "", required: true)!;
            string? unit = r.String("unit", null);
            string[]? command = r.Strings("command", required: false);
            string? directory = r.String("workingDirectory", null);
            if ((unit is null) == (command is null))
            {
                r.Error("unit", "give exactly one of unit (a systemd unit) or command (a plain process)");
            }

            if (name.Length > 0 && !names.Add(name))
            {
                r.Error("name", $"'{name}' is used by another service");
            }

            if (directory is not null && !Directory.Exists(directory))
            {
                r.Error("workingDirectory", $"'{directory}' does not exist");
            }

            r.RejectUnknown();
            services.Add(new ServiceConfig { Name = name, Unit = unit, Command = command, WorkingDirectory = directory });
        }

        return services;
    }

    private static ShutdownConfig ReadShutdown(ConfigReader? r)
    {
        if (r is null)
        {
            return new ShutdownConfig();
        }

        var d = new ShutdownConfig();
        var c = new ShutdownConfig
        {
            Command = r.Strings("command", required: false) ?? d.Command,
            StopServices = r.Boolean("stopServices", d.StopServices),
            CommandTimeoutMs = r.Integer("commandTimeoutMs", d.CommandTimeoutMs, 100, 3_600_000),
        };
        r.RejectUnknown();
        return c;
    }

    private static NetworkConfig? ReadNetwork(ConfigReader? r)
    {
        if (r is null)
        {
            return null;
        }

        var d = new NetworkConfig();
        string iface = r.String("interface", d.Interface, required: true)!;
        string? macText = r.String("businessMac", null);
        var c = new NetworkConfig
        {
            Interface = iface,
            AnnounceCount = (int)r.Integer("announceCount", d.AnnounceCount, 1, 100),
            AnnounceIntervalMs = r.Integer("announceIntervalMs", d.AnnounceIntervalMs, 10, 60_000),
            TakeOverAtStart = r.Boolean("takeOverAtStart", d.TakeOverAtStart),
        };
        if (iface.Length > 15)
        {
            r.Error("interface", $"'{iface}' is longer than an interface name can be (15)");
        }

        if (macText is not null)
        {
            if (!MacAddress.TryParse(macText, out var mac))
            {
                r.Error("businessMac", $"'{macText}' is not a MAC address (like 02:00:5e:10:00:01)");
            }
            else if (mac.IsZero || mac.IsMulticast)
            {
                r.Error("businessMac", $"{mac} is a zero or multicast address, which no NIC can take");
            }
            else
            {
                c.BusinessMac = mac;
            }
        }

        r.RejectUnknown();
        return c;
    }

    private static MetricsConfig ReadMetrics(ConfigReader? r)
    {
        var d = new MetricsConfig();
        if (r is null)
        {
            return d;
        }

        string? listen = r.String("listen", null);
        var c = new MetricsConfig
        {
            Textfile = r.String("textfile", d.Textfile),
            TextfilePeriodMs = r.Integer("textfilePeriodMs", d.TextfilePeriodMs, 1000, 3_600_000),
        };
        if (listen is not null)
        {
            if (IPEndPoint.TryParse(listen, out var endPoint) && endPoint.Port != 0)
            {
                c.Listen = endPoint;
            }
            else
            {
                r.Error("listen", $"'{listen}' is not an address and port (like 127.0.0.1:9101)");
            }
        }

        if (c.Textfile is not null && (!System.IO.Path.IsPathRooted(c.Textfile) || !c.Textfile.EndsWith(".prom", StringComparison.Ordinal)))
        {
            r.Error("textfile", $"'{c.Textfile}' must be an absolute path ending in .prom (node_exporter's textfile collector reads *.prom)");
        }

        r.RejectUnknown();
        return c;
    }

    private static ControlConfig ReadControl(ConfigReader? r)
    {
        if (r is null)
        {
            return new ControlConfig();
        }

        var d = new ControlConfig();
        var c = new ControlConfig
        {
            Socket = r.String("socket", d.Socket)!,
            Group = r.String("group", d.Group),
        };
        if (!System.IO.Path.IsPathRooted(c.Socket))
        {
            r.Error("socket", $"'{c.Socket}' must be an absolute path");
        }

        if (c.Group is not null && OperatingSystem.IsLinux() && Native.Libc.GroupId(c.Group) < 0)
        {
            r.Error("group", $"there is no group '{c.Group}'");
        }

        r.RejectUnknown();
        return c;
    }
}

/// <summary>The host link to this server's SMU.</summary>
internal sealed class SmuLinkConfig
{
    public string Device { get; init; } = "";

    public int Baud { get; init; } = 115200;

    /// <summary>Gets the session's timing (kick period, hello retry, request time-out…); its defaults are SmuSessionOptions'.</summary>
    public SmuSessionOptions Session { get; init; } = new() { AgentVersion = Service.AgentInfo.Version };

    /// <summary>Gets the SMU's watchdog timeout (its WatchdogTimeoutMs, DESIGN.md §4), which the kick timing must fit.</summary>
    public long WatchdogTimeoutMs { get; init; } = 2000;

    /// <summary>Gets how often the SMU's status is read, to journal what changed and for the metrics.</summary>
    public long StatusPeriodMs { get; init; } = 1000;

    public long StepMs { get; init; } = 10;

    public long ReopenMs { get; init; } = 250;

    public bool SetClock { get; init; } = true;
}

/// <summary>How the application services are supervised.</summary>
internal sealed class SupervisionConfig
{
    public long PeriodMs { get; init; } = 5000;

    public long RestartBackoffMs { get; init; } = 1000;

    public string Systemctl { get; init; } = "systemctl";
}

/// <summary>The optional management link to the disk manager (for its status and log).</summary>
internal sealed class DmLinkConfig
{
    public string Device { get; init; } = "";

    public int Baud { get; init; } = 115200;
}

/// <summary>The RAID controller probe: write, sync and read back a small file on the shared volume.</summary>
internal sealed class RaidProbeConfig
{
    public string ProbeFile { get; init; } = "";

    public long PeriodMs { get; init; } = 5000;

    public long DeadlineMs { get; init; } = 3000;

    public int FailureThreshold { get; init; } = 3;

    public int ProbeBytes { get; init; } = 4096;
}

/// <summary>The LAN controller probe: link state plus real traffic to a peer.</summary>
internal sealed class LanProbeConfig
{
    public string Interface { get; init; } = "";

    public IPAddress? Peer { get; set; }

    public string Method { get; set; } = "icmp";

    public long PeriodMs { get; init; } = 2000;

    public long DeadlineMs { get; init; } = 1000;

    public int FailureThreshold { get; init; } = 3;
}

/// <summary>One supervised service: a systemd unit, or a plain process the agent starts itself.</summary>
internal sealed class ServiceConfig
{
    public string Name { get; init; } = "";

    public string? Unit { get; init; }

    public string[]? Command { get; init; }

    public string? WorkingDirectory { get; init; }
}

/// <summary>What to do when the SMU asks for a graceful shutdown.</summary>
internal sealed class ShutdownConfig
{
    public string[] Command { get; init; } = { "systemctl", "poweroff" };

    public bool StopServices { get; init; } = true;

    public long CommandTimeoutMs { get; init; } = 60_000;
}

/// <summary>The business NIC and the MAC address that follows the service from server to server.</summary>
internal sealed class NetworkConfig
{
    public string Interface { get; init; } = "";

    public MacAddress? BusinessMac { get; set; }

    public int AnnounceCount { get; init; } = 3;

    public long AnnounceIntervalMs { get; init; } = 1000;

    public bool TakeOverAtStart { get; init; } = true;
}

/// <summary>The Prometheus metrics: an HTTP endpoint and a node_exporter textfile, each off unless configured.</summary>
internal sealed class MetricsConfig
{
    public IPEndPoint? Listen { get; set; }

    public string? Textfile { get; init; }

    public long TextfilePeriodMs { get; init; } = 15_000;
}

/// <summary>The local socket the CLI talks to.</summary>
internal sealed class ControlConfig
{
    public const string DefaultSocket = "/run/coldstandby/agent.sock";

    public string Socket { get; init; } = DefaultSocket;

    public string? Group { get; init; }
}
