using System.Text;

namespace ColdStandby.HostAgent.Cli;

/// <summary>Lays out the agent's status lines for a person: both sides, storage, alarms, probes, services.</summary>
internal static class StatusView
{
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

    public static string Render(Dictionary<string, string> s)
    {
        string V(string key, string fallback = "?") => s.TryGetValue(key, out string? v) && v.Length > 0 ? v : fallback;
        var o = new StringBuilder();
        o.AppendLine($"ColdStandby: this server is side {V("side", "unknown")} (agent {V("agent.version")}, SMU link {V("link.device")} {(V("link.open") == "yes" ? "open" : "CLOSED: " + V("link.error", ""))})");
        if (s.TryGetValue("smu.error", out string? smuError))
        {
            o.AppendLine($"  SMU: no status ({smuError})");
        }
        else
        {
            string me = V("smu.side");
            string peer = V("peer.side");
            o.AppendLine($"  {"side",-6} {"mode",-8} {"alarms",-24} health");
            o.AppendLine($"  {me + " *",-6} {V("smu.mode"),-8} {V("smu.alarms"),-24} {V("smu.health")}");
            bool heard = V("peer.heard") == "yes";
            o.AppendLine($"  {peer,-6} {V("peer.mode"),-8} {(heard ? V("peer.alarms", "none") : "?"),-24} {(heard ? V("peer.health", "none") : "peer SMU silent")}");
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
