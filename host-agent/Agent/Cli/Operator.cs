using ColdStandby.HostAgent.Control;

namespace ColdStandby.HostAgent.Cli;

/// <summary>The operator's verbs: ask the running agent over its control socket and lay out the answer.</summary>
internal static class Operator
{
    public static int Status(string socket, bool raw)
    {
        var (ok, error, lines) = ControlClient.Ask(socket, "status");
        if (!ok)
        {
            return Fail(error);
        }

        if (raw)
        {
            lines.ForEach(Console.WriteLine);
            return 0;
        }

        Console.Write(StatusView.Render(StatusView.Parse(lines)));
        return 0;
    }

    public static int Log(string socket, string which, uint from, ushort count)
    {
        int result = 0;
        foreach (string unit in which == "both" ? new[] { "smu", "dm" } : new[] { which })
        {
            var (ok, error, lines) = ControlClient.Ask(socket, $"log {unit} {from} {count}");
            if (!ok)
            {
                if (which == "both" && unit == "dm" && error.StartsWith("no DM link", StringComparison.Ordinal))
                {
                    Console.WriteLine("# DM log: not available here (no dm.device configured)");
                    continue;
                }

                result = Fail(error);
                continue;
            }

            foreach (string line in lines)
            {
                Console.WriteLine(line.Replace('\t', ' ').Replace("  ", " "));
            }
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

        Console.WriteLine($"Planned switchover: side {side} (Active, this server) shuts its OS down and releases the storage;");
        Console.WriteLine($"side {peer} ({status.GetValueOrDefault("peer.mode", "Unknown")}) takes the storage and boots the same OS. The service is down meanwhile.");
        if (!yes)
        {
            Console.Write($"Type 'yes' to switch the service from {side} to {peer}: ");
            string? answer = input.ReadLine();
            if (answer?.Trim() != "yes")
            {
                Console.WriteLine("Not switched.");
                return 1;
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
            return Fail(error);
        }

        foreach (string line in lines)
        {
            int eq = line.IndexOf('=');
            Console.WriteLine(eq < 0 ? line : $"{line[..eq],-10} {line[(eq + 1)..]}");
        }

        return 0;
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

    private static int Answer((bool Ok, string Error, List<string> Lines) reply)
    {
        if (!reply.Ok)
        {
            return Fail(reply.Error);
        }

        reply.Lines.ForEach(Console.WriteLine);
        return 0;
    }

    private static int Fail(string error)
    {
        Console.Error.WriteLine($"coldstandby: {error}");
        return 1;
    }
}
