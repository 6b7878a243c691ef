using ColdStandby.HostAgent.Control;

namespace ColdStandby.HostAgent.Cli;

/// <summary>The operator's verbs: ask the running agent over its control socket and lay out the answer.</summary>
internal static class Operator
{
    /// <summary>
    /// The status at a glance: a one-line verdict first (serving, degraded, down, and why), then
    /// both sides, times, probes and services; exit code as a monitoring check reads it.
    /// </summary>
    public static int Status(string socket, bool raw)
    {
        var (ok, error, lines) = ControlClient.Ask(socket, "status");
        if (!ok)
        {
            var unknown = new Verdict(StatusView.Unknown, "unknown", error);
            if (Output.Json)
            {
                Output.Write(w =>
                {
                    w.WriteString("verdict", unknown.Word);
                    w.WriteString("reason", unknown.Reason);
                    w.WriteNumber("exitCode", unknown.Code);
                });
            }
            else
            {
                Console.WriteLine($"UNKNOWN: {error}");
            }

            return unknown.Code;
        }

        var values = StatusView.Parse(lines);
        var verdict = StatusView.Judge(values);
        if (Output.Json)
        {
            Output.Write(w =>
            {
                w.WriteString("verdict", verdict.Word);
                w.WriteString("reason", verdict.Reason);
                w.WriteNumber("exitCode", verdict.Code);
                w.WriteStartObject("values");
                foreach (var (key, value) in values)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            });
        }
        else if (raw)
        {
            lines.ForEach(Console.WriteLine);
        }
        else
        {
            Console.Write(StatusView.Render(values, verdict, Width()));
        }

        return verdict.Code;
    }

    /// <summary>Holds (or ends, with seconds 0) the SMU's watchdog for maintenance.</summary>
    public static int Maintenance(string socket, ushort seconds) =>
        Answer(ControlClient.Ask(socket, $"maintenance {seconds}"));

    public static int Log(string socket, string which, uint from, ushort count)
    {
        int result = 0;
        var records = new List<(string Unit, string[] Fields)>();
        var notes = new List<string>();
        foreach (string unit in which == "both" ? new[] { "smu", "dm" } : new[] { which })
        {
            var (ok, error, lines) = ControlClient.Ask(socket, $"log {unit} {from} {count}");
            if (!ok)
            {
                if (which == "both" && unit == "dm" && error.StartsWith("no DM link", StringComparison.Ordinal))
                {
                    notes.Add("# DM log: not available here (no dm.device configured)");
                    continue;
                }

                result = Output.Fail(error);
                continue;
            }

            foreach (string line in lines)
            {
                if (line.StartsWith('#'))
                {
                    notes.Add(line);
                }
                else
                {
                    records.Add((unit, line.Split('\t')));
                }
            }
        }

        if (Output.Json)
        {
            Output.Write(w =>
            {
                w.WriteStartArray("records");
                foreach (var (unit, f) in records)
                {
                    w.WriteStartObject();
                    w.WriteString("unit", unit);
                    w.WriteNumber("sequence", long.Parse(f[0], System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteString("time", f[1]);
                    w.WriteString("side", f[2]);
                    w.WriteString("event", f[3]);
                    w.WriteString("argument", f.Length > 4 ? f[4] : "");
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("notes");
                notes.ForEach(w.WriteStringValue);
                w.WriteEndArray();
            });
            return result;
        }

        foreach (string note in notes)
        {
            Console.WriteLine(note);
        }

        foreach (var (unit, f) in records)
        {
            Console.WriteLine($"{unit,-3} {string.Join(' ', f)}");
        }

        return result;
    }

    public static int Switchover(string socket, bool yes, TextReader input)
    {
        if (SmuStatus(socket, out var status) is { } problem)
        {
            return Fail(problem);
        }

        string side = status.GetValueOrDefault("smu.side", "?");
        string peer = status.GetValueOrDefault("peer.side", "?");
        string epoch = status.GetValueOrDefault("smu.epoch", "0");
        if (status.GetValueOrDefault("smu.mode") != "Active")
        {
            return Fail($"this side ({side}) is {status.GetValueOrDefault("smu.mode", "unknown")}; a switchover is started on the Active side");
        }

        string peerMode = status.GetValueOrDefault("peer.mode", "Unknown");
        if (status.GetValueOrDefault("peer.heard") != "yes")
        {
            return Output.Fail($"the other side's SMU ({peer}) is not heard on the peer link: nothing could take over");
        }

        if (peerMode != "Standby")
        {
            return Output.Fail(peerMode == "Failed"
                ? $"side {peer} is Failed: it cannot take over; once it is repaired, mark it so (coldstandby repaired {peer}), then switch over"
                : $"side {peer} is {peerMode}, not a Standby that can take over");
        }

        if (Output.Json && !yes)
        {
            return Output.Fail("with --json a switchover needs --yes (there is no one to ask)", Output.Usage);
        }

        if (!Output.Json)
        {
            Console.WriteLine($"Planned switchover: side {side} (Active, this server) shuts its OS down and releases the storage;");
            Console.WriteLine($"side {peer} ({peerMode}) takes the storage and boots the same OS. The service is down meanwhile.");
        }
        if (!yes)
        {
            Console.Write($"Type 'yes' to switch the service from {side} to {peer}: ");
            string? answer = input.ReadLine();
            if (answer?.Trim() != "yes")
            {
                Console.WriteLine("Not switched.");
                return Output.Refused;
            }
        }

        return Answer(ControlClient.Ask(socket, $"switchover {peer} {epoch}"));
    }

    public static int SideCommand(string socket, string verb, string? side)
    {
        if (SmuStatus(socket, out var status) is { } problem)
        {
            return Fail(problem);
        }

        side ??= status.GetValueOrDefault("smu.side", "A");
        return Answer(ControlClient.Ask(socket, $"{verb} {side} {status.GetValueOrDefault("smu.epoch", "0")}"));
    }

    public static int Clock(string socket, bool stepBack) =>
        Answer(ControlClient.Ask(socket, stepBack ? "clock step-back" : "clock"));

    public static int Mac(string socket, bool record)
    {
        var (ok, error, lines) = ControlClient.Ask(socket, record ? "mac-record" : "mac");
        if (!ok)
        {
            return Output.Fail(error);
        }

        return Output.Done(lines.Select(line =>
        {
            int eq = line.IndexOf('=');
            return eq < 0 || Output.Json ? line : $"{line[..eq],-10} {line[(eq + 1)..]}";
        }));
    }

    /// <summary>The terminal's width, so alarms fit; 100 when not a terminal.</summary>
    private static int Width()
    {
        try
        {
            return Console.IsOutputRedirected ? 100 : Math.Max(60, Console.WindowWidth);
        }
        catch (IOException)
        {
            return 100;
        }
    }

    /// <summary>Gets the agent's status; the problem when there is none from the SMU.</summary>
    private static string? SmuStatus(string socket, out Dictionary<string, string> status)
    {
        var (ok, error, lines) = ControlClient.Ask(socket, "status");
        status = StatusView.Parse(lines);
        if (!ok)
        {
            return error;
        }

        return status.TryGetValue("smu.error", out string? smuError) ? $"no status from the SMU: {smuError}" : null;
    }

    private static int Answer((bool Ok, string Error, List<string> Lines) reply) =>
        reply.Ok ? Output.Done(reply.Lines) : Output.Fail(reply.Error);

    private static int Fail(string error) => Output.Fail(error);
}
