using System.Text;

namespace ColdStandby.HostAgent.Cli;

/// <summary>The status in one word, its reason and the exit code a monitoring check reads.</summary>
internal sealed record Verdict(int Code, string Word, string Reason);

/// <summary>Lays out the agent's status lines for a person: both sides, storage, alarms, probes, services.</summary>
internal static class StatusView
{
    private static void Row(StringBuilder o, string side, string mode, string alarms, int column, int width)
    {
        var parts = alarms.Split(',');
        string line = $"  {side,-6} {mode,-8} ";
        foreach (string part in parts)
        {
            string piece = (line.EndsWith(' ') ? "" : ",") + part;
            if (line.Length + piece.Length > width && !line.EndsWith(' '))
            {
                o.AppendLine(line + ",");
                line = new string(' ', 18) + part;
            }
            else
            {
                line += piece;
            }
        }

        o.AppendLine(line.TrimEnd());
    }

    /// <summary>A UTC time from the status as local time, "before HH:mm (agent start)" when only the agent's start is known.</summary>
    private static string Time(string utc, string agentStart)
    {
        if (DateTime.TryParse(utc, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var t))
        {
            return t.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        }

        return DateTime.TryParse(agentStart, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var s)
            ? $"before {s.ToLocalTime():yyyy-MM-dd HH:mm:ss} (the agent's start)"
            : "unknown";
    }

    /// <summary>The last switch from the SMU's log: who to whom, when, how long to services ready, then each side's steps on a line of its own.</summary>
    private static void LastSwitch(StringBuilder o, Dictionary<string, string> s)
    {
        string V(string key) => s.TryGetValue(key, out string? v) ? v : "";
        if (V("switch.read") != "yes")
        {
            o.AppendLine("  last switch: the SMU's log is not read yet");
            return;
        }

        string last = V("switch.last");
        if (!last.Contains(" to ", StringComparison.Ordinal))
        {
            o.AppendLine($"  last switch: {(last.Length > 0 ? last : "none")} in the SMU's log");
            return;
        }

        string began = V("switch.last.startedUtc").Length > 0 ? $"began {Time(V("switch.last.startedUtc"), "")}" : "began at an unknown date (the SMU's clock was not set)";
        string total = V("switch.last.seconds").Length > 0 ? $"{V("switch.last.seconds")} s to services ready" : "still booting";
        o.AppendLine($"  last switch: {last} (epoch {V("switch.last.epoch")}), {began}, {total}");
        string from = last[..last.IndexOf(' ')], to = last[(last.LastIndexOf(' ') + 1)..];
        var bySide = new[] { (Side: from, Steps: new List<string>()), (Side: to, Steps: new List<string>()) };
        foreach (string phase in V("switch.last.phases").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string seconds = V($"switch.last.phase.{phase}");
            bySide[phase is "AwaitingGrant" or "Booting" ? 1 : 0].Steps.Add($"{phase} {(seconds.Length > 0 ? seconds + " s" : "under way")}");
        }

        foreach (var (side, steps) in bySide)
        {
            if (steps.Count > 0)
            {
                o.AppendLine($"    {side}: {string.Join(", ", steps)}");
            }
        }
    }

    public static Dictionary<string, string> Parse(IEnumerable<string> lines)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            int eq = line.IndexOf('=');
            if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 1)..];
            }
        }

        return values;
    }

    public const int Ok = 0;
    public const int Warning = 1;
    public const int Critical = 2;
    public const int Unknown = 3;

    /// <summary>
    /// The one-line verdict and the exit code a monitoring check reads (the Nagios convention):
    /// serving (0), degraded (1: serving, but something needs a person), down (2: nobody serves,
    /// or a switch is under way), unknown (3: no status from the SMU).
    /// </summary>
    public static Verdict Judge(Dictionary<string, string> s)
    {
        string V(string key) => s.TryGetValue(key, out string? v) ? v : "";
        if (V("smu.error").Length > 0)
        {
            return new Verdict(Unknown, "unknown", $"no status from the SMU: {V("smu.error")}");
        }

        string me = V("smu.side"), peer = V("peer.side");
        bool meActive = V("smu.mode") == "Active", peerActive = V("peer.heard") == "yes" && V("peer.mode") == "Active";
        var down = new List<string>();
        if (!meActive && !peerActive)
        {
            down.Add($"no side is Active ({me} {V("smu.mode")}, {peer} {(V("peer.heard") == "yes" ? V("peer.mode") : "unheard")})");
        }

        if (V("smu.alarms").Contains("whole-system-failure") || V("peer.alarms").Contains("whole-system-failure"))
        {
            down.Add("whole-system failure alarm");
        }

        if (meActive && V("smu.phase") is not ("Idle" or "Booting" or ""))
        {
            down.Add($"switch under way on {me} ({V("smu.phase")})");
        }

        if (meActive && V("storage.holder") != me && !V("storage.holder").StartsWith(me + "+", StringComparison.Ordinal))
        {
            down.Add($"{me} is Active but does not hold the storage (holder {V("storage.holder")})");
        }

        if (down.Count > 0)
        {
            return new Verdict(Critical, "down", string.Join("; ", down));
        }

        var degraded = new List<string>();
        string serving = meActive ? me : peer;
        if (V("smu.phase") == "Booting" || (meActive && V("services.ready") != "yes"))
        {
            degraded.Add("services still starting");
        }

        if (V("smu.alarms") is { Length: > 0 } a && a != "none")
        {
            degraded.Add($"alarms on {me}: {a}");
        }

        if (V("peer.heard") != "yes")
        {
            degraded.Add($"the peer SMU ({peer}) is silent");
        }
        else
        {
            if (V("peer.alarms") is { Length: > 0 } pa && pa != "none")
            {
                degraded.Add($"alarms on {peer}: {pa}");
            }

            if (meActive && V("peer.mode") != "Standby")
            {
                degraded.Add($"no standby: {peer} is {V("peer.mode")}");
            }
        }

        foreach (string probe in new[] { "raid", "lan" })
        {
            if (V($"{probe}.state") == "Failed" || (int.TryParse(V($"{probe}.failures"), out int failures) && failures > 0))
            {
                degraded.Add($"{probe.ToUpperInvariant()} probe failing ({V($"{probe}.problem")})");
            }
        }

        if (int.TryParse(V("maintenance.seconds"), out int held) && held > 0)
        {
            degraded.Add($"maintenance hold of the watchdog, {held} s left");
        }

        return degraded.Count > 0
            ? new Verdict(Warning, "degraded", $"{serving} serves, but: {string.Join("; ", degraded)}")
            : new Verdict(Ok, "serving", $"{serving} serves{(V("peer.mode") == "Standby" ? $", {peer} stands by" : "")}");
    }

    public static string Render(Dictionary<string, string> s) => Render(s, Judge(s), 100);

    public static string Render(Dictionary<string, string> s, Verdict verdict, int width)
    {
        string V(string key, string fallback = "?") => s.TryGetValue(key, out string? v) && v.Length > 0 ? v : fallback;
        var o = new StringBuilder();
        o.AppendLine($"{verdict.Word.ToUpperInvariant()}: {verdict.Reason}");
        o.AppendLine($"ColdStandby: this server is side {V("side", "unknown")} (agent {V("agent.version")}, SMU link {V("link.device")} {(V("link.open") == "yes" ? "open" : "CLOSED: " + V("link.error", ""))})");
        o.AppendLine($"  {V("smu.mode", "mode unknown")} since {Time(V("mode.sinceUtc", ""), V("agent.startedUtc", ""))}");
        LastSwitch(o, s);
        if (int.TryParse(V("maintenance.seconds", "0"), out int held) && held > 0)
        {
            o.AppendLine($"  MAINTENANCE: the SMU's watchdog is held for {held / 60} min {held % 60} s more (coldstandby maintenance end)");
        }
        if (s.TryGetValue("smu.error", out string? smuError))
        {
            o.AppendLine($"  SMU: no status ({smuError})");
        }
        else
        {
            string me = V("smu.side");
            string peer = V("peer.side");
            bool heard = V("peer.heard") == "yes";
            string myAlarms = V("smu.alarms"), peerAlarms = heard ? V("peer.alarms", "none") : "?";
            // Alarms longer than their column go on a line of their own, wrapped to the width.
            int column = Math.Max(24, Math.Min(Math.Max(myAlarms.Length, peerAlarms.Length), width - 20));
            o.AppendLine($"  {"side",-6} {"mode",-8} {"alarms".PadRight(column)} ");
            Row(o, me + " *", V("smu.mode"), myAlarms, column, width);
            Row(o, peer, V("peer.mode"), peerAlarms, column, width);
            o.AppendLine($"  health {me}: {V("smu.health")}");
            o.AppendLine($"  health {peer}: {(heard ? V("peer.health", "none") : "peer SMU silent")}");
            o.AppendLine($"  storage held by: {V("storage.holder")}    switch epoch {V("smu.epoch")}, phase {V("smu.phase")}");
            if (V("smu.clock", "ok") != "ok")
            {
                o.AppendLine($"  SMU clock: the agent's time set was {V("smu.clock")}");
            }

            if (s.ContainsKey("dm.holder"))
            {
                o.AppendLine($"  disk manager: holder {V("dm.holder")}, grant epoch {V("dm.epoch")}, requests {V("dm.requests", "none")}{(V("dm.settling") == "yes" ? ", settling" : "")}{(V("dm.fenced", "").Length > 0 ? ", fenced " + V("dm.fenced") : "")}");
            }
            else if (s.TryGetValue("dm.error", out string? dmError))
            {
                o.AppendLine($"  disk manager: {dmError}");
            }
        }

        o.AppendLine($"  watchdog: {V("kicks.sent")} kicks every {V("kicks.periodMs")} ms, longest gap {V("kicks.maxIntervalMs")} ms");
        foreach (string probe in new[] { "raid", "lan" })
        {
            string state = V($"{probe}.state");
            o.Append($"  {probe.ToUpperInvariant(),-4} controller: {state}");
            if (state != "not configured")
            {
                o.Append($", {V($"{probe}.failures")} failures in a row");
                if (V($"{probe}.problem", "").Length > 0)
                {
                    o.Append($" ({V($"{probe}.problem")})");
                }

                o.AppendLine();
                o.Append($"       probe cost: {V($"{probe}.cost")}");
            }

            o.AppendLine();
        }

        int count = int.TryParse(V("services.count", "0"), out int n) ? n : 0;
        o.AppendLine($"  services: {(count == 0 ? "none configured" : V("services.ready") == "yes" ? "ready" : "not all up yet")}");
        for (int i = 0; i < count; i++)
        {
            string restarts = V($"service.{i}.restarts", "0");
            o.AppendLine($"    {V($"service.{i}.name"),-16} {V($"service.{i}.state"),-24} {V($"service.{i}.kind")}{(restarts != "0" ? $", restarted {restarts}x" : "")}");
        }

        if (V("shutdown", "no") != "no")
        {
            o.AppendLine($"  shutdown: {V("shutdown")}");
        }

        o.AppendLine($"  business MAC: {V("mac")}");
        return o.ToString();
    }
}
