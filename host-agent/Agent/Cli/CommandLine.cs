using System.CommandLine;
using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Network;
using ColdStandby.HostAgent.Service;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Cli;

/// <summary>The verbs of <c>coldstandby</c>.</summary>
internal static class CommandLine
{
    /// <summary>Exit code for a bad configuration (sysexits EX_CONFIG).</summary>
    public const int BadConfig = 78;

    /// <summary>How long <c>run</c> waits for a missing serial device at start (udev may still be making its link at boot).</summary>
    private const int DeviceWaitMs = 10_000;

    public static RootCommand Build()
    {
        var config = new Option<string>("--config", "-c")
        {
            Description = "The agent's configuration file",
            DefaultValueFactory = _ => AgentConfig.DefaultPath,
            Recursive = true,
        };
        var socket = new Option<string?>("--socket")
        {
            Description = "The agent's control socket (default: control.socket from the configuration)",
            Recursive = true,
        };
        var json = new Option<bool>("--json")
        {
            Description = "Answer with one JSON document on standard output (for scripts and monitoring)",
            Recursive = true,
        };
        var root = new RootCommand("ColdStandby: the host agent (run) and the operator's commands for a two-server cold-standby pair")
        {
            Options = { config, socket, json },
        };

        var run = new Command("run", "Run the host agent service (systemd starts it; see coldstandby-agent.service)");
        run.SetAction(p => Run(p.GetValue(config)!));
        root.Subcommands.Add(run);

        var check = new Command("check-config", "Check the configuration file and say what is wrong with it");
        check.SetAction(p =>
        {
            string path = p.GetValue(config)!;
            var (loaded, errors) = AgentConfig.Load(path);
            if (loaded is not null)
            {
                errors = MachineCheck.Check(loaded);
            }

            if (Output.Json)
            {
                Output.Write(w =>
                {
                    w.WriteBoolean("ok", errors.Count == 0);
                    w.WriteString("file", path);
                    w.WriteStartArray("problems");
                    errors.ForEach(w.WriteStringValue);
                    w.WriteEndArray();
                });
                return errors.Count > 0 ? BadConfig : 0;
            }

            return errors.Count > 0 ? ConfigErrors(path, errors) : Ok($"{path}: ok (keys, values, devices, interfaces, programs and timings checked on this machine)");
        });
        root.Subcommands.Add(check);

        var status = new Command("status", "Both sides' modes and health, who holds the storage, alarms, probes and services");
        var raw = new Option<bool>("--raw") { Description = "Print the agent's key=value lines as they are" };
        status.Options.Add(raw);
        status.SetAction(p => Operator.Status(Socket(p.GetValue(config)!, p.GetValue(socket)), p.GetValue(raw)));
        root.Subcommands.Add(status);

        var log = new Command("log", "The SMU's event log (and the DM's, when the agent has a DM link)");
        var which = new Option<string>("--from-unit") { Description = "smu, dm or both", DefaultValueFactory = _ => "both" };
        which.AcceptOnlyFromAmong("smu", "dm", "both");
        var fromSequence = new Option<uint>("--since") { Description = "The first record's sequence number", DefaultValueFactory = _ => 0 };
        var count = new Option<ushort>("--count", "-n") { Description = "The most records to show per log", DefaultValueFactory = _ => 100 };
        log.Options.Add(which);
        log.Options.Add(fromSequence);
        log.Options.Add(count);
        log.SetAction(p => Operator.Log(Socket(p.GetValue(config)!, p.GetValue(socket)), p.GetValue(which)!, p.GetValue(fromSequence), p.GetValue(count)));
        root.Subcommands.Add(log);

        var switchover = new Command("switchover", "Planned switchover: shut the Active side down and start the Standby (asks first)");
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        switchover.Options.Add(yes);
        switchover.SetAction(p => Operator.Switchover(Socket(p.GetValue(config)!, p.GetValue(socket)), p.GetValue(yes), Console.In));
        root.Subcommands.Add(switchover);

        var repaired = new Command("repaired", "Mark a Failed side repaired: it becomes Standby");
        var side = new Argument<string>("side") { Description = "A or B" };
        side.AcceptOnlyFromAmong("A", "B", "a", "b");
        repaired.Arguments.Add(side);
        repaired.SetAction(p => Operator.SideCommand(Socket(p.GetValue(config)!, p.GetValue(socket)), "repaired", p.GetValue(side)!.ToUpperInvariant()));
        root.Subcommands.Add(repaired);

        var alarm = new Command("alarm", "Alarms");
        var reset = new Command("reset", "Clear the raised alarms of a side (default: this side)");
        var alarmSide = new Argument<string?>("side") { Description = "A or B", Arity = ArgumentArity.ZeroOrOne };
        reset.Arguments.Add(alarmSide);
        reset.SetAction(p => Operator.SideCommand(Socket(p.GetValue(config)!, p.GetValue(socket)), "alarm-reset", p.GetValue(alarmSide)?.ToUpperInvariant()));
        alarm.Subcommands.Add(reset);
        root.Subcommands.Add(alarm);

        var clock = new Command("clock", "Set the SMUs' and the DM's clocks to this server's time now (the agent also does so at every connect)");
        var stepBack = new Option<bool>("--step-back") { Description = "Move a clock that is ahead back however far (after a wrong future date was set); the logs record the step back" };
        clock.Options.Add(stepBack);
        clock.SetAction(p => Operator.Clock(Socket(p.GetValue(config)!, p.GetValue(socket)), p.GetValue(stepBack)));
        root.Subcommands.Add(clock);

        var mac = new Command("mac", "The business MAC address: show it, or record this NIC's burned-in one");
        var show = new Command("show", "Show the business, current and burned-in MAC of the business NIC");
        show.SetAction(p => Operator.Mac(Socket(p.GetValue(config)!, p.GetValue(socket)), record: false));
        var record = new Command("record", "Record this NIC's burned-in MAC as the business MAC (first install)");
        record.SetAction(p => Operator.Mac(Socket(p.GetValue(config)!, p.GetValue(socket)), record: true));
        mac.Subcommands.Add(show);
        mac.Subcommands.Add(record);
        mac.SetAction(p => Operator.Mac(Socket(p.GetValue(config)!, p.GetValue(socket)), record: false));
        root.Subcommands.Add(mac);

        var maintenance = new Command("maintenance", "Hold the SMU's watchdog for a bounded time, to stop or upgrade the agent without a failover");
        var start = new Command("start", "Hold the watchdog; it ends by itself at the deadline (then the watchdog runs again)");
        var length = new Argument<string>("duration") { Description = "How long: 90s, 10m, 1h (default 10m; the SMU allows at most its MaintenanceMaxSeconds)", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "10m" };
        length.Validators.Add(r =>
        {
            if (Seconds(r.GetValueOrDefault<string>()) is null)
            {
                r.AddError($"'{r.GetValueOrDefault<string>()}' is not a duration from 1s to 18h (like 90s, 10m, 1h)");
            }
        });
        start.Arguments.Add(length);
        start.SetAction(p => Operator.Maintenance(Socket(p.GetValue(config)!, p.GetValue(socket)), Seconds(p.GetValue(length)!)!.Value));
        var end = new Command("end", "End the hold now: the watchdog runs again (the agent must be kicking)");
        end.SetAction(p => Operator.Maintenance(Socket(p.GetValue(config)!, p.GetValue(socket)), 0));
        maintenance.Subcommands.Add(start);
        maintenance.Subcommands.Add(end);
        root.Subcommands.Add(maintenance);

        var takeover = new Command("mac-takeover", "Set the business MAC on the business NIC now, by hand: only when you know the peer's server is off (the agent takes it by itself once the peer's SMU says so)");
        var announce = new Option<bool>("--announce") { Description = "Also announce it (gratuitous ARP, unsolicited neighbour advertisement)" };
        var force = new Option<bool>("--force") { Description = "Required: you checked that the peer's server is off (the address must never be on two running servers)" };
        takeover.Options.Add(announce);
        takeover.Options.Add(force);
        takeover.SetAction(p => MacTakeoverNow(p.GetValue(config)!, p.GetValue(announce), p.GetValue(force)));
        root.Subcommands.Add(takeover);
        return root;
    }

    /// <summary>A duration like 90s, 10m, 1h (a bare number is seconds) in seconds, or null when it is not one from 1 s to 65535 s.</summary>
    public static ushort? Seconds(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        long unit = text[^1] switch { 's' => 1, 'm' => 60, 'h' => 3600, _ => 0 };
        string number = unit == 0 ? text : text[..^1];
        unit = unit == 0 ? 1 : unit;
        return long.TryParse(number, out long n) && n > 0 && n * unit <= ushort.MaxValue ? (ushort)(n * unit) : null;
    }

    private static string Socket(string configPath, string? socket)
    {
        if (socket is not null)
        {
            return socket;
        }

        var (loaded, _) = AgentConfig.Load(configPath);
        return loaded?.Control.Socket ?? ControlConfig.DefaultSocket;
    }

    private static int Run(string configPath)
    {
        var (config, errors) = AgentConfig.Load(configPath);
        if (config is null)
        {
            return ConfigErrors(configPath, errors);
        }

        // Refuse a configuration this machine cannot serve rather than fail a healthy server over.
        errors = MachineCheck.CheckWaitingForDevices(config, DeviceWaitMs);
        if (errors.Count > 0)
        {
            return ConfigErrors(configPath, errors);
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "coldstandby" });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        // The host's own start-up chatter (content root, environment, "press Ctrl+C") is noise in a service's journal.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        if (Journal.JournalLoggerProvider.SocketToUse() is { } journal)
        {
            // Under systemd: journald's native protocol, with structured fields (MESSAGE_ID, SIDE, MODE, EPOCH…).
            builder.Logging.AddProvider(new Journal.JournalLoggerProvider(journal));
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            });
        }

        builder.Services.AddWindowsService(o => o.ServiceName = "ColdStandby");
        builder.Services.AddSingleton(config);
        builder.Services.AddSingleton<SystemdNotifier>();
        builder.Services.AddHostedService<AgentService>();
        using var host = builder.Build();
        try
        {
            host.Run();
        }
        catch (Exception e) when (e is AgentStartException or IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"coldstandby: the agent could not start: {e.Message}");
            return 1;
        }

        return 0;
    }

    private static int MacTakeoverNow(string configPath, bool announce, bool force)
    {
        if (!force)
        {
            Console.Error.WriteLine("coldstandby: mac-takeover does not ask the SMU whether the peer's server is off; the agent takes the business MAC by itself once it is (coldstandby status shows why it waits). Check the peer's server is off, then add --force.");
            return 1;
        }

        var (config, errors) = AgentConfig.Load(configPath);
        if (config is null)
        {
            return ConfigErrors(configPath, errors);
        }

        try
        {
            var result = MacTakeover.Apply(config, allowLinkBounce: true);
            if (result.Recorded)
            {
                Console.WriteLine($"recorded {result.Interface}'s burned-in MAC {result.Business} as the business MAC in {configPath}");
            }

            Console.WriteLine(result.Changed
                ? $"{result.Interface}: MAC set to the business MAC {result.Business} (was {result.Before})"
                : $"{result.Interface}: already has the business MAC {result.Business}");
            if (announce)
            {
                var announced = Announcer.AnnounceOnce(result.Interface, result.Business);
                Console.WriteLine(announced.Count == 0
                    ? $"{result.Interface}: no addresses yet, nothing announced"
                    : $"announced {result.Business} for {string.Join(", ", announced)}");
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or ArgumentException)
        {
            Console.Error.WriteLine($"coldstandby: MAC takeover failed: {e.Message}");
            return 1;
        }
    }

    private static int ConfigErrors(string path, List<string> errors)
    {
        Console.Error.WriteLine($"coldstandby: {path} has {errors.Count} problem{(errors.Count == 1 ? "" : "s")}; the agent does not start half-configured:");
        foreach (string error in errors)
        {
            Console.Error.WriteLine($"  {error}");
        }

        return BadConfig;
    }

    private static int Ok(string message)
    {
        Console.WriteLine(message);
        return 0;
    }
}
