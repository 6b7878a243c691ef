using System.Globalization;
using ColdStandby.HostAgent.Network;
using ColdStandby.HostAgent.Service;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Control;

/// <summary>
/// What the control socket understands. Requests are one line of words:
/// <c>status</c>; <c>log smu|dm [from] [count]</c>; <c>switchover A|B EPOCH</c>;
/// <c>repaired A|B EPOCH</c>; <c>alarm-reset A|B EPOCH</c>; <c>clock [step-back]</c>; <c>mac</c>; <c>mac-record</c>.
/// Status and mac answer with key=value lines (the CLI lays them out); logs with one
/// tab-separated line per record.
/// </summary>
internal sealed class AgentCommands
{
    private readonly AgentRuntime _agent;
    private readonly ILogger _log;

    public AgentCommands(AgentRuntime agent, ILogger log)
    {
        _agent = agent;
        _log = log;
    }

    /// <summary>Answers one request; every command that changes something goes into the journal with the caller's uid and the outcome.</summary>
    public async Task<ControlReply> Handle(string request, uint callerUid, CancellationToken token)
    {
        var reply = await Handle(request, token);
        string verb = request.Split(' ', 2)[0];
        if (verb is "switchover" or "repaired" or "alarm-reset" or "clock" or "mac-record" or "maintenance")
        {
            string caller = callerUid == uint.MaxValue ? "unknown" : callerUid.ToString(CultureInfo.InvariantCulture);
            _log.Log(reply.Ok ? LogLevel.Information : LogLevel.Warning, Journal.AgentEvents.OperatorCommand,
                "operator command {Command} from uid {CallerUid}: {Outcome}", request, caller, reply.Ok ? string.Join("; ", reply.Lines) : "refused: " + reply.Message);
        }

        return reply;
    }

    private async Task<ControlReply> Handle(string request, CancellationToken token)
    {
        string[] words = request.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return ControlReply.Error("empty request");
        }

        switch (words[0])
        {
            case "status":
                return ControlReply.Success(await Status());
            case "log" when words.Length >= 2:
                uint from = words.Length > 2 && uint.TryParse(words[2], out uint f) ? f : 0;
                ushort count = words.Length > 3 && ushort.TryParse(words[3], out ushort c) ? c : (ushort)100;
                return words[1] switch
                {
                    "smu" => await SmuLog(from, count),
                    "dm" => await DmLog(from, count),
                    _ => ControlReply.Error($"no log '{words[1]}' (smu or dm)"),
                };
            case "switchover" or "repaired" or "alarm-reset" when words.Length == 3:
                return await Command(words[0], words[1], words[2]);
            case "clock" when words.Length == 1 || (words.Length == 2 && words[1] == "step-back"):
                return await Clock(words.Length == 2);
            case "maintenance" when words.Length == 2 && ushort.TryParse(words[1], out ushort seconds):
                return await Maintenance(seconds);
            case "mac":
                return ControlReply.Success(Mac());
            case "mac-record":
                return RecordMac();
            default:
                return ControlReply.Error($"unknown request '{request}'");
        }
    }

    private async Task<List<string>> Status()
    {
        var loop = _agent.Loop;
        var lines = new List<string>
        {
            $"agent.version={AgentInfo.Version}",
            $"agent.uptimeSeconds={(long)(DateTime.UtcNow - _agent.StartedUtc).TotalSeconds}",
            $"link.device={loop.Link.Device}",
            $"link.open={Bool(loop.Link.IsOpen)}",
            $"link.opens={loop.Link.Opens}",
            $"link.losses={loop.Link.Losses}",
            $"link.error={loop.Link.LastError ?? ""}",
            $"session.open={Bool(loop.SessionOpen)}",
            $"side={loop.Side}",
            $"kicks.sent={loop.Kicks.Kicks}",
            $"kicks.periodMs={_agent.Config.Smu.Session.KickPeriodMs}",
            $"kicks.maxIntervalMs={loop.Kicks.MaxIntervalUs / 1000.0:0.0}",
            $"kicks.realtime={Bool(loop.Realtime)}",
            $"agent.startedUtc={_agent.StartedUtc:O}",
            $"mode.sinceUtc={Utc(_agent.ModeSinceUtc)}",
            $"shutdown={_agent.Shutdown.State}",
            $"mac={_agent.MacState}",
            $"mac.held={Bool(_agent.MacGate?.Held ?? false)}",
            $"mac.waiting={(_agent.MacGate is { Waiting: not MacWait.None } g ? BusinessMacGate.Label(g.Waiting) : "")}",
        };

        lines.AddRange(LastSwitch());
        try
        {
            var request = await loop.Request(s => s.RequestStatus());
            if (request.State == LinkRequestState.Done && request.Status is { } status)
            {
                lines.Add($"smu.side={status.Side}");
                lines.Add($"smu.mode={status.Mode}");
                lines.Add($"smu.phase={status.Phase}");
                lines.Add($"smu.health={Names.Health(status.Health)}");
                lines.Add($"smu.alarms={Names.Alarms(status.Alarms)}");
                lines.Add($"smu.epoch={status.Epoch}");
                lines.Add($"maintenance.seconds={status.MaintenanceSeconds}");
                var clock = loop.Session.ClockRefusal;
                lines.Add($"smu.clock={(clock == RefusalReason.None ? "ok" : "refused: " + Names.Refusal(clock, loop.Session.ClockRefusalDetail))}");
                lines.Add($"peer.side={(status.Side == Side.A ? Side.B : Side.A)}");
                lines.Add($"peer.mode={(status.PeerHeard ? status.PeerMode.ToString() : "Unknown")}");
                lines.Add($"peer.health={(status.PeerHeard ? Names.Health(status.PeerHealth) : "")}");
                lines.Add($"peer.heard={Bool(status.PeerHeard)}");
                lines.Add($"peer.alarms={(status.PeerHeard ? Names.Alarms(status.PeerAlarms) : "")}");
                lines.Add($"peer.phase={(status.PeerHeard ? status.PeerPhase.ToString() : "")}");
                lines.Add($"peer.epoch={(status.PeerHeard ? status.PeerEpoch.ToString(CultureInfo.InvariantCulture) : "")}");
                lines.Add($"storage.holder={Holder(status)}");
                lines.Add("storage.source=SMU grant lines (this side's feedback line, the peer's from its heartbeat)");
            }
            else
            {
                lines.Add($"smu.error=status request {request.State} {request.Reason}");
            }
        }
        catch (InvalidOperationException e)
        {
            lines.Add($"smu.error={e.Message}");
        }

        Probe(lines, "raid", _agent.Raid);
        Probe(lines, "lan", _agent.Lan);
        var services = _agent.Supervisor.Statuses;
        lines.Add($"services.count={services.Length}");
        lines.Add($"services.ready={Bool(_agent.Supervisor.AllUpReached || services.Length == 0)}");
        for (int i = 0; i < services.Length; i++)
        {
            var s = services[i];
            lines.Add($"service.{i}.name={s.Name}");
            lines.Add($"service.{i}.kind={s.Kind}");
            lines.Add($"service.{i}.state={s.State}");
            lines.Add($"service.{i}.restarts={s.Restarts}");
            lines.Add($"service.{i}.problem={s.LastProblem ?? ""}");
        }

        if (_agent.Dm?.Session is { } dm)
        {
            var (status, problem) = await DmStatus(dm);
            lines.Add($"dm.open={Bool(dm.IsOpen)}");
            if (status is not null)
            {
                lines.Add($"dm.holder={status.Holder}");
                lines.Add($"dm.epoch={status.Epoch}");
                lines.Add($"dm.requests={((status.Requests & 1) != 0 ? "A" : "")}{((status.Requests & 2) != 0 ? "B" : "")}");
                lines.Add($"dm.settling={Bool(status.Settling)}");
                lines.Add($"dm.fenced={((status.Fenced & 1) != 0 ? "A" : "")}{((status.Fenced & 2) != 0 ? "B" : "")}");
                lines.Add($"dm.fence={Bool(status.FenceEnabled)}");
            }
            else
            {
                lines.Add($"dm.error={problem}");
            }
        }

        return lines;
    }

    private static string Holder(SmuStatus status)
    {
        bool mine = (status.Health & HealthFlags.StorageGranted) != 0;
        bool peers = status.PeerHeard && (status.PeerHealth & HealthFlags.StorageGranted) != 0;
        var peer = status.Side == Side.A ? Side.B : Side.A;
        return (mine, peers) switch
        {
            (true, true) => $"{status.Side}+{peer} (BOTH: check the cabinet)",
            (true, false) => status.Side.ToString(),
            (false, true) => peer.ToString(),
            _ => status.PeerHeard ? "none" : $"not {status.Side} (peer unheard)",
        };
    }

    private static void Probe(List<string> lines, string name, Probes.ProbeRunner? probe)
    {
        if (probe is null)
        {
            lines.Add($"{name}.state=not configured");
            return;
        }

        lines.Add($"{name}.state={probe.State}");
        lines.Add($"{name}.failures={probe.ConsecutiveFailures}");
        lines.Add($"{name}.runs={probe.Runs}");
        lines.Add($"{name}.problem={probe.LastProblem ?? ""}");
        long n = Math.Max(1, probe.Finished);
        double wallMs = probe.WallMicroseconds.Total / 1000.0 / n;
        double cpuMs = probe.CpuMicroseconds.Total / 1000.0 / n;
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{name}.cost=wall {wallMs:0.00} ms (max {probe.WallMicroseconds.Max / 1000.0:0.00}), CPU {cpuMs:0.000} ms per probe every {probe.PeriodMs} ms = {100 * cpuMs / probe.PeriodMs:0.0000} % of a core"));
    }

    /// <summary>
    /// The last switch from the SMU's log: <c>switch.read</c> (whether the log was read yet),
    /// <c>switch.last</c> (none, or FROM to TO), its epoch, when it began (UTC, empty when the
    /// SMU's clock was not set), the seconds to services ready (empty while booting), and each
    /// step's seconds (<c>switch.last.phase.NAME</c>, in the order of <c>switch.last.phases</c>).
    /// </summary>
    private IEnumerable<string> LastSwitch()
    {
        var facts = _agent.History.Latest;
        yield return $"switch.read={Bool(facts is not null)}";
        if (facts is null)
        {
            yield break;
        }

        if (facts.LastSwitch is not { } last)
        {
            yield return $"switch.last=none (SMU log records {facts.FirstSequence} to {facts.NextSequence - 1})";
            yield break;
        }

        yield return $"switch.last={last.From} to {last.To}";
        yield return $"switch.last.epoch={last.Epoch}";
        yield return $"switch.last.startedUtc={Utc(last.StartedUtc)}";
        yield return string.Create(CultureInfo.InvariantCulture, $"switch.last.seconds={last.TotalSeconds:0.000}");
        yield return $"switch.last.phases={string.Join(",", last.Steps.Select(s => s.Phase))}";
        foreach (var step in last.Steps)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"switch.last.phase.{step.Phase}={step.Seconds:0.000}");
        }
    }

    private static string Utc(DateTime? time) => time is { } t ? t.ToString("O", CultureInfo.InvariantCulture) : "";

    private async Task<ControlReply> SmuLog(uint from, ushort count)
    {
        var lines = new List<string>();
        uint next = from;
        int left = count;
        LogReadEnd? end = null;
        while (left > 0)
        {
            ushort chunk = (ushort)Math.Min(32, left);
            uint at = next;
            LinkRequest request;
            try
            {
                request = await _agent.Loop.Request(s => s.ReadLog(at, chunk));
                // The SMU reads out one request at a time: the agent's own look for the last switch may be under way.
                for (int tries = 0; request.State == LinkRequestState.Refused && request.Reason == RefusalReason.Busy && tries < 20; tries++)
                {
                    await Task.Delay(150);
                    request = await _agent.Loop.Request(s => s.ReadLog(at, chunk));
                }
            }
            catch (InvalidOperationException e)
            {
                return ControlReply.Error(e.Message);
            }

            if (request.State != LinkRequestState.Done)
            {
                return ControlReply.Error($"SMU log read {request.State} {request.Reason}");
            }

            foreach (var record in request.Records)
            {
                lines.Add(Names.Record(record));
            }

            end = request.LogEnd;
            left -= request.Records.Count;
            if (request.Records.Count == 0 || end is null)
            {
                break;
            }

            next = request.Records[^1].Sequence + 1;
            if (next >= end.NextSequence)
            {
                break;
            }
        }

        if (end is not null)
        {
            lines.Insert(0, $"# SMU log: records {end.FirstSequence} to {end.NextSequence - 1}");
        }

        return ControlReply.Success(lines);
    }

    private async Task<ControlReply> DmLog(uint from, ushort count)
    {
        if (_agent.Dm?.Session is not { } dm)
        {
            return ControlReply.Error("no DM link configured (dm.device in the configuration): the DM log is read on the DM's management port");
        }

        var request = await DmRequest(dm, d => d.ReadLog(from, count));
        if (request.State != LinkRequestState.Done || request.LogEnd is not { } end)
        {
            return ControlReply.Error($"DM log read failed: {DmProblem(dm, request)}");
        }

        var lines = new List<string> { $"# DM log: records {end.FirstSequence} to {end.NextSequence - 1}" };
        lines.AddRange(request.Records.Select(Names.Record));
        return ControlReply.Success(lines);
    }

    private async Task<(StorageStatus?, string?)> DmStatus(Link.DmSession dm)
    {
        var request = await DmRequest(dm, d => d.RequestStatus());
        return request.Reply is StorageStatus status ? (status, null) : (null, DmProblem(dm, request));
    }

    private Task<LinkRequest> DmRequest(Link.DmSession dm, Func<Link.DmSession, LinkRequest> send)
    {
        var done = new TaskCompletionSource<LinkRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
        _agent.Loop.Post(() => send(dm).Completed = r => done.TrySetResult(r));
        return done.Task;
    }

    private static string DmProblem(Link.DmSession dm, LinkRequest request) => request.State switch
    {
        LinkRequestState.Refused => $"the DM refused: {request.Reason}",
        _ when !dm.IsOpen => "no session with the DM (it has not answered hello)",
        _ => "the DM did not answer in time",
    };

    /// <summary>Holds the SMU's watchdog for a bounded time (0 ends the hold): stop the agent without a failover.</summary>
    private async Task<ControlReply> Maintenance(ushort seconds)
    {
        LinkRequest request;
        try
        {
            request = await _agent.Loop.Request(s => s.HoldWatchdog(seconds));
        }
        catch (InvalidOperationException e)
        {
            return ControlReply.Error(e.Message);
        }

        string until = DateTime.Now.AddSeconds(seconds).ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        return request.State switch
        {
            LinkRequestState.Done when seconds == 0 => ControlReply.Success(new[] { "maintenance hold ended: the SMU watchdog runs again" }),
            LinkRequestState.Done => ControlReply.Success(new[] { $"maintenance hold until {until} ({seconds} s): the SMU's watchdog waits; stop, upgrade and start the agent before then (it ends by itself at {until}, then the watchdog runs again)" }),
            LinkRequestState.Refused => ControlReply.Error($"the SMU refused the maintenance hold: {Names.Refusal(request.Reason, request.Detail, request.Kind)}"),
            _ => ControlReply.Error("the SMU did not answer the maintenance hold in time"),
        };
    }

    private async Task<ControlReply> Command(string verb, string sideText, string epochText)
    {
        if (!Enum.TryParse<Side>(sideText, ignoreCase: true, out var side) || side == Side.None)
        {
            return ControlReply.Error($"'{sideText}' is not a side (A or B)");
        }

        if (!uint.TryParse(epochText, out uint epoch))
        {
            return ControlReply.Error($"'{epochText}' is not an epoch");
        }

        var kind = verb switch
        {
            "switchover" => OperatorCommandKind.PlannedSwitchover,
            "repaired" => OperatorCommandKind.MarkRepaired,
            _ => OperatorCommandKind.AlarmReset,
        };
        LinkRequest request;
        try
        {
            request = await _agent.Loop.Request(s => s.SendOperatorCommand(kind, side, epoch));
        }
        catch (InvalidOperationException e)
        {
            return ControlReply.Error(e.Message);
        }

        return request.State switch
        {
            LinkRequestState.Done => ControlReply.Success(new[] { $"accepted: {kind} {side}" }),
            LinkRequestState.Refused => ControlReply.Error($"the SMU refused {kind} {side}: {Names.Refusal(request.Reason, request.Detail)}"),
            _ => ControlReply.Error($"the SMU did not answer {kind} {side} in time"),
        };
    }

    /// <summary>Sets the SMU's clock (relayed to its peer) and the DM's to this server's time now; with <paramref name="stepBack"/> however far back.</summary>
    private async Task<ControlReply> Clock(bool stepBack)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), at = _agent.Loop.NowMs;
        var lines = new List<string>();
        bool ok = true;
        try
        {
            var request = await _agent.Loop.Request(s => s.SetClockNow(now, stepBack, at));
            ok &= Answered(lines, "SMU (and its peer)", request);
        }
        catch (InvalidOperationException e)
        {
            return ControlReply.Error(e.Message);
        }

        if (_agent.Dm?.Session is { } dm)
        {
            var request = await DmRequest(dm, d => d.SetClockNow(now, stepBack, at));
            ok &= Answered(lines, "DM", request);
        }

        return ok ? ControlReply.Success(lines) : ControlReply.Error(string.Join("; ", lines));
    }

    private static bool Answered(List<string> lines, string who, LinkRequest request)
    {
        lines.Add(request.State switch
        {
            LinkRequestState.Done => $"{who}: clock set",
            LinkRequestState.Refused => $"{who}: refused: {Names.Refusal(request.Reason, request.Detail)}",
            _ => $"{who}: no answer in time",
        });
        return request.State == LinkRequestState.Done;
    }

    private List<string> Mac()
    {
        var lines = new List<string>();
        if (_agent.Config.Network is not { } network)
        {
            lines.Add("network=not configured");
            return lines;
        }

        lines.Add($"interface={network.Interface}");
        lines.Add($"business={network.BusinessMac?.ToString() ?? "not recorded"}");
        lines.Add($"takeover={_agent.MacState}");
        lines.Add($"held={Bool(_agent.MacGate?.Held ?? false)}");
        try
        {
            lines.Add($"current={NetDevice.HardwareAddress(network.Interface)}");
            lines.Add($"burnedIn={NetDevice.PermanentAddress(network.Interface)?.ToString() ?? "unknown (virtual NIC)"}");
        }
        catch (IOException e)
        {
            lines.Add($"error={e.Message}");
        }

        return lines;
    }

    private ControlReply RecordMac()
    {
        if (_agent.Config.Network is not { } network)
        {
            return ControlReply.Error("network: no network section in the configuration");
        }

        if (network.BusinessMac is { } existing)
        {
            return ControlReply.Error($"a business MAC is already recorded ({existing}); edit {_agent.Config.Path} to change it");
        }

        try
        {
            var burnedIn = NetDevice.PermanentAddress(network.Interface) ?? NetDevice.HardwareAddress(network.Interface);
            MacTakeover.RecordBusinessMac(_agent.Config.Path, burnedIn);
            network.BusinessMac = burnedIn;
            return ControlReply.Success(new[] { $"recorded business MAC {burnedIn} (from {network.Interface}) in {_agent.Config.Path}" });
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return ControlReply.Error(e.Message);
        }
    }

    private static string Bool(bool value) => value ? "yes" : "no";
}
