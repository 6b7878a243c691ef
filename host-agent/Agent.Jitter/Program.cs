using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ColdStandby.Hardware;
using ColdStandby.HostAgent.TestRig;
using ColdStandby.Protocol;
using ColdStandby.Smu;

namespace ColdStandby.HostAgent.Jitter;

/// <summary>
/// How late do the agent's kicks reach the SMU when the machine is saturated? Runs the real agent
/// program (the .NET build, or the NativeAOT binary with --agent) against the real SMU logic of a
/// pair on a pty, with the SMU's watchdog at 1 s, optionally under stress-ng on every core and the
/// disk, and prints the kick intervals (max, p99.9), whether the watchdog fired, and the agent's
/// CPU and memory. The firmware thread runs SCHED_FIFO when root, as the SMU is a board of its own
/// that the server's load does not slow down.
/// Usage: agent-jitter [--seconds 70] [--stress] [--agent PATH] [--nice N] [--fifo] [--dm] (--dm: the DM link too)
/// </summary>
internal static partial class Program
{
    private static int Main(string[] args)
    {
        int seconds = (int)Option(args, "--seconds", 70);
        bool stress = args.Contains("--stress");
        bool fifo = args.Contains("--fifo");
        bool dm = args.Contains("--dm");
        int nice = (int)Option(args, "--nice", 0);
        string? agentPath = args.SkipWhile(a => a != "--agent").Skip(1).FirstOrDefault();
        string work = Directory.CreateTempSubdirectory("agent-jitter-").FullName;
        var kicks = new List<long>();
        var clock = Stopwatch.StartNew();
        using var rig = new SystemRig(new SmuConfig { WatchdogTimeoutMs = 1000 }, dmLink: dm);
        var tap = new KickTap(rig.HostLinkA.Target, clock, kicks);
        rig.HostLinkA.Target = tap;
        if (!rig.WaitFor(r => r.ServerAOn, 10_000))
        {
            Console.Error.WriteLine("server A was never powered on");
            return 1;
        }

        bool realtime = Realtime("firmware");
        string config = Path.Combine(work, "agent.json");
        File.WriteAllText(config, $$"""
            {
              "smu": { "device": "{{rig.HostDevice}}" },
              {{(dm ? $"\"dm\": {{ \"device\": \"{rig.DmDevice}\" }}," : "")}}
              "raid": { "probeFile": "{{Path.Combine(work, "raid-probe")}}" },
              "shutdown": { "command": ["true"] },
              "control": { "socket": "{{Path.Combine(work, "agent.sock")}}" }
            }
            """);
        // Niceness and scheduling class are given at exec, as systemd's Nice= and CPUSchedulingPolicy=
        // do, so that every thread of the agent has them (renice would change only its main thread).
        var command = new List<string>();
        if (fifo)
        {
            command.AddRange(new[] { "chrt", "-f", "1" });
        }

        if (nice != 0)
        {
            command.AddRange(new[] { "nice", "-n", nice.ToString(CultureInfo.InvariantCulture) });
        }

        command.AddRange(agentPath is null ? new[] { "dotnet", Path.Combine(AppContext.BaseDirectory, "coldstandby.dll") } : new[] { agentPath });
        command.AddRange(new[] { "run", "--config", config });
        var info = new ProcessStartInfo(command[0]);
        foreach (string argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.RedirectStandardOutput = true;
        long startedUs = clock.Elapsed.Ticks / 10;
        using var agent = Process.Start(info)!;
        agent.OutputDataReceived += (_, _) => { };
        agent.BeginOutputReadLine();

        // From here a failover of server A is one of a healthy server: the rig's monitor says so (property 6).
        rig.AgentRuns = true;
        if (!rig.WaitFor(r => (r.SmuA.Health & HealthFlags.WatchdogArmed) != 0, 10_000))
        {
            Console.Error.WriteLine("the agent never armed the watchdog");
            agent.Kill();
            return 1;
        }

        long firstKickUs;
        lock (kicks)
        {
            firstKickUs = kicks.Count > 0 ? kicks[0] : -1;
        }

        Process? load = null;
        if (stress)
        {
            load = Process.Start(new ProcessStartInfo("stress-ng", $"--cpu {Environment.ProcessorCount} --io 1 --hdd 1 --temp-path {work} --timeout {seconds + 5}s --quiet") { RedirectStandardOutput = true });
            Thread.Sleep(2000);
        }

        lock (kicks)
        {
            kicks.Clear();
        }

        var (cpu0, _, _) = Usage(agent.Id);
        long start = clock.ElapsedMilliseconds;
        Thread.Sleep(seconds * 1000);
        long elapsed = clock.ElapsedMilliseconds - start;
        var (cpu1, rss, peak) = Usage(agent.Id);
        var faults = rig.Log(Side.A).Where(r => r.Code == EventCode.ServerFault).Select(r => (FaultKind)(r.Argument & 0xFF)).ToList();
        rig.AgentRuns = false;
        var (checks, violation) = rig.Inspect(r => (r.System.Monitor.Checks, r.System.Monitor.Violation));
        var (ok, _, status) = ColdStandby.HostAgent.Control.ControlClient.Ask(Path.Combine(work, "agent.sock"), "status");
        string raid = ok ? string.Join("; ", status.Where(l => l.StartsWith("raid.", StringComparison.Ordinal))) : "no status";
        string agentSide = ok ? status.FirstOrDefault(l => l.StartsWith("kicks.maxIntervalMs=", StringComparison.Ordinal)) ?? "" : "";
        agent.Kill();
        if (load is not null && !load.HasExited)
        {
            load.Kill(entireProcessTree: true);
        }

        long[] intervals;
        lock (kicks)
        {
            intervals = kicks.Zip(kicks.Skip(1), (a, b) => b - a).OrderBy(x => x).ToArray();
        }

        var c = CultureInfo.InvariantCulture;
        double P(double q) => intervals[Math.Min(intervals.Length - 1, (int)Math.Ceiling(q * intervals.Length) - 1)] / 1000.0;
        Console.WriteLine($"agent-jitter: {(agentPath is null ? "coldstandby.dll on the .NET runtime" : agentPath)}, {seconds} s, {(stress ? $"under stress-ng --cpu {Environment.ProcessorCount} --io 1 --hdd 1" : "idle machine")}, agent at nice {nice}{(fifo ? " SCHED_FIFO 1" : "")}, firmware thread {(realtime ? "SCHED_FIFO" : "normal priority")}");
        Console.WriteLine(string.Create(c, $"  kicks {intervals.Length + 1}, period 250 ms: interval min {intervals[0] / 1000.0:0.0} ms, p50 {P(0.5):0.0}, p99 {P(0.99):0.0}, p99.9 {P(0.999):0.0}, max {intervals[^1] / 1000.0:0.0} ms"));
        Console.WriteLine(string.Create(c, $"  jitter (interval - 250 ms): p99.9 {P(0.999) - 250:0.0} ms, max {intervals[^1] / 1000.0 - 250:0.0} ms; watchdog timeout 1000 ms; SMU server faults: {(faults.Count == 0 ? "none" : string.Join(", ", faults))}"));
        Console.WriteLine(string.Create(c, $"  agent CPU {100.0 * (cpu1 - cpu0) / elapsed:0.00} % of one core, RSS {rss / 1024.0:0.0} MB (peak {peak / 1024.0:0.0} MB)"));
        Console.WriteLine($"  longest interval between kicks as the agent's link thread handed them to the serial port: {agentSide.Split('=').Last()} ms");
        Console.WriteLine(string.Create(c, $"  start to first kick: {(firstKickUs - startedUs) / 1000.0:0} ms (the agent's process started to its first kick frame at the SMU's end of the pty)"));
        Console.WriteLine($"  RAID probe (every 5 s, 4 KiB write + fsync + read back): {raid}");
        Console.WriteLine(violation is null
            ? string.Create(c, $"  safety monitor (the bench's, after every step of the world): {checks:N0} checks, no property broken")
            : $"  safety monitor: {violation.Report()}");
        Directory.Delete(work, recursive: true);
        return faults.Count == 0 && violation is null ? 0 : 2;
    }

    private static long Option(string[] args, string name, long fallback)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && long.TryParse(args[i + 1], out long v) ? v : fallback;
    }

    /// <summary>CPU milliseconds (user + system), RSS and peak RSS in kB, from /proc.</summary>
    private static (long CpuMs, long RssKb, long PeakKb) Usage(int pid)
    {
        string[] stat = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long ticks = long.Parse(stat[11], CultureInfo.InvariantCulture) + long.Parse(stat[12], CultureInfo.InvariantCulture);
        long rss = 0, peak = 0;
        foreach (string line in File.ReadAllLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return (ticks * 10, rss, peak);
    }

    /// <summary>Puts the rig's firmware thread (named <paramref name="name"/>) on SCHED_FIFO when allowed.</summary>
    private static bool Realtime(string name)
    {
        foreach (string task in Directory.GetDirectories($"/proc/{Environment.ProcessId}/task"))
        {
            if (File.ReadAllText(Path.Combine(task, "comm")).Trim() == name)
            {
                int tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                int priority = 50;
                return sched_setscheduler(tid, 1, ref priority) == 0;
            }
        }

        return false;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int priority);

    /// <summary>The SMU's side of the host link, noting when each kick arrives.</summary>
    private sealed class KickTap : IByteChannel
    {
        private readonly IByteChannel _inner;
        private readonly Stopwatch _clock;
        private readonly List<long> _kicks;
        private readonly FrameReader _reader = new(new MessageSet());

        public KickTap(IByteChannel inner, Stopwatch clock, List<long> kicks)
        {
            _inner = inner;
            _clock = clock;
            _kicks = kicks;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = _inner.Read(buffer, offset, count);
            for (int i = 0; i < n; i++)
            {
                if (_reader.Push(buffer[offset + i]) && _reader.Message.Type == MessageType.Kick)
                {
                    lock (_kicks)
                    {
                        _kicks.Add(_clock.Elapsed.Ticks / 10);
                    }
                }
            }

            return n;
        }

        public int Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
    }
}
