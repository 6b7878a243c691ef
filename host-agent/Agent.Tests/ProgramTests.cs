using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The shipped program itself, as systemd and an operator run it: <c>coldstandby run</c> with
/// systemd's notify socket and watchdog, <c>coldstandby status</c> as a separate process, and a
/// bad configuration refused with every problem named.
/// </summary>
public sealed class ProgramTests
{
    [Fact]
    public void A_bad_configuration_is_refused_naming_each_key_and_problem()
    {
        using var dir = new TempDir();
        string config = dir.File("agent.json");
        File.WriteAllText(config, """{ "smu": { "device": "/dev/ttyACM0", "baud": -5 }, "lan": { "interface": "eth0" }, "sevices": [] }""");

        var (code, output) = AgentProgram.Run("run", "--config", config);

        Assert.Equal(78, code);
        Assert.Contains("does not start half-configured", output);
        Assert.Contains("smu.baud: -5 is out of range (1200 to 4000000)", output);
        Assert.Contains("lan.peer: missing", output);
        Assert.Contains("sevices: unknown key (misspelt?)", output);
    }

    [Fact]
    public void Runs_as_a_systemd_notify_service_with_its_own_watchdog_and_answers_the_CLI()
    {
        using var f = new AgentFixture();
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000));
        using var notify = new NotifyListener(f.Dir.File("notify"));
        using var journal = new JournalListener(f.Dir.File("journal"));
        var output = new StringBuilder();
        var info = AgentProgram.Info("run", "--config", f.ConfigPath);
        info.Environment["NOTIFY_SOCKET"] = notify.Path;
        info.Environment["WATCHDOG_USEC"] = "400000";
        info.Environment["JOURNAL_STREAM"] = "8:12345";
        info.Environment["COLDSTANDBY_JOURNAL_SOCKET"] = journal.Path;
        using var agent = AgentProgram.Start(info);
        agent.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        agent.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        try
        {
            // Deadlines, not delays: each wait ends as soon as its condition holds (a dotnet start
            // on a loaded machine takes seconds).
            Assert.True(notify.WaitFor(m => m.Contains("READY=1") && m.Count(x => x == "WATCHDOG=1") >= 2, 30_000), string.Join(", ", notify.Messages()) + Output(output));
            Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0 && r.SmuB.Mode == Mode.Standby, 20_000), Output(output));
            var (code, status) = (0, "");
            var deadline = Stopwatch.StartNew();
            do
            {
                (code, status) = AgentProgram.Run("status", "--config", f.ConfigPath);
            }
            while (code != 0 && deadline.ElapsedMilliseconds < 30_000);

            Assert.Equal(0, code);
            Assert.StartsWith("SERVING: A serves, B stands by", status);
            Assert.Contains("this server is side A", status);
            Assert.Matches(@"A \*\s+Active", status);

            // Read while the agent runs: once it has stopped, SMU A's watchdog fails the server over
            // 2 s later and the switch takes a new epoch (a loaded machine can take that long to get to the journal).
            uint epoch = f.Rig.Inspect(r => r.SmuA.Epoch);
            // systemd's watchdog is fed all along (every 200 ms), past the ten datagrams the kernel queues for a slow reader.
            Assert.True(notify.WaitFor(m => m.Count(x => x == "WATCHDOG=1") > 12, 20_000), string.Join(", ", notify.Messages()));

            Process.Start("kill", $"-TERM {agent.Id}")!.WaitForExit();
            Assert.True(agent.WaitForExit(30_000), "the agent did not stop on SIGTERM\n" + Output(output));
            Assert.Equal(0, agent.ExitCode);
            Assert.True(notify.WaitFor(m => m.Contains("STOPPING=1"), 5000), string.Join(", ", notify.Messages()));

            // journald's native protocol: structured fields; the mode seen first is an event with its MESSAGE_ID.
            var entries = journal.Entries();
            var mode = entries.First(e => e.GetValueOrDefault("COLDSTANDBY_EVENT") == "ModeChanged");
            Assert.Equal("5c3f0c1e8a7d4b2f9e61000000000064", mode["MESSAGE_ID"]);
            Assert.Equal(("A", "Active", "coldstandby", "6"), (mode["SIDE"], mode["MODE"], mode["SYSLOG_IDENTIFIER"], mode["PRIORITY"]));
            Assert.Equal(epoch.ToString(), mode["EPOCH"]);
            Assert.Contains(entries, e => e.GetValueOrDefault("COLDSTANDBY_EVENT") == "PeerModeChanged" && e["SIDE"] == "B" && e["MODE"] == "Standby");
            // No .NET start-up noise, and nothing on stdout (it would be a second copy in the journal).
            Assert.DoesNotContain(entries, e => e["MESSAGE"].Contains("Application started") || e["MESSAGE"].Contains("Content root"));
            Assert.DoesNotContain("Application started", Output(output));
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }
        }
    }

    [Fact]
    public void A_systemd_that_reads_no_notifications_holds_up_neither_the_kicks_nor_the_stop()
    {
        // A datagram socket nobody reads (systemd busy, or hung): the kernel queues ten datagrams,
        // then a blocking sender waits. The agent's WATCHDOG=1 comes from the kicking thread.
        using var f = new AgentFixture(new Smu.SmuConfig { WatchdogTimeoutMs = 1000 });
        using var deaf = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        deaf.Bind(new UnixDomainSocketEndPoint(f.Dir.File("notify")));
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000));
        using var agent = AgentProgram.StartAgent(f.ConfigPath, info =>
        {
            info.Environment["NOTIFY_SOCKET"] = f.Dir.File("notify");
            info.Environment["WATCHDOG_USEC"] = "100000"; // WATCHDOG=1 every 50 ms: the queue is full within a second
        });
        try
        {
            Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.WatchdogArmed) != 0, 30_000), "the agent never armed the SMU's watchdog");
            // Three of the SMU's watchdog timeouts: a kicking thread stuck on the full queue would be a server fault.
            Thread.Sleep(3000);
            Assert.DoesNotContain(f.Rig.Log(Side.A), r => r.Code == EventCode.ServerFault);
            Assert.Equal(Mode.Active, f.Rig.Inspect(r => r.SmuA.Mode));

            Process.Start("kill", $"-TERM {agent.Id}")!.WaitForExit();
            // STOPPING=1 waits at most SystemdNotifier.SendTimeoutMs for room, then the agent goes on stopping.
            Assert.True(agent.WaitForExit(30_000), "the agent hung on STOPPING=1 to a full notify socket");
            Assert.Equal(0, agent.ExitCode);
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }
        }
    }

    [Fact]
    public void Check_config_names_what_this_machine_lacks_and_run_refuses_it_with_exit_78()
    {
        using var dir = new TempDir();
        using var pty = new TestRig.Pty();
        string config = dir.File("agent.json");
        File.WriteAllText(config, $$"""
            {
              "smu": { "device": "{{pty.SlavePath}}" },
              "lan": { "interface": "nosuchnic0", "peer": "192.0.2.1" },
              "shutdown": { "command": ["true"] },
              "control": { "socket": "{{dir.File("agent.sock")}}" }
            }
            """);

        var (checkCode, check) = AgentProgram.Run("check-config", "--config", config);
        var (runCode, run) = AgentProgram.Run("run", "--config", config);

        Assert.Equal(78, checkCode);
        Assert.Contains("lan.interface: there is no network interface 'nosuchnic0'", check);
        Assert.Equal(78, runCode);
        Assert.Contains("lan.interface: there is no network interface 'nosuchnic0'", run);
        Assert.False(File.Exists(dir.File("agent.sock")), "a refused agent made its socket");
    }

    [Fact]
    public void A_second_agent_is_refused_with_the_first_ones_pid_and_the_first_keeps_serving()
    {
        using var f = new AgentFixture();
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000));
        using var first = AgentProgram.StartAgent(f.ConfigPath);
        try
        {
            Assert.True(SpinWait.SpinUntil(() => File.Exists(f.Socket), 30_000), "the first agent never made its socket");
            Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.WatchdogArmed) != 0, 10_000));

            var (code, output) = AgentProgram.Run("run", "--config", f.ConfigPath);

            Assert.Equal(1, code);
            Assert.Contains($"another coldstandby agent is running (pid {first.Id}", output);
            Assert.Contains("one agent per machine", output);
            var (statusCode, status) = AgentProgram.Run("status", "--config", f.ConfigPath);
            Assert.True(status.Contains("this server is side A"), status);
            Assert.Equal(1, f.Rig.Log(Side.A).Count(r => r.Code == EventCode.AgentHello));
        }
        finally
        {
            first.Kill();
            first.WaitForExit();
        }
    }

    [Fact]
    public void A_second_agent_on_the_same_device_with_another_socket_is_refused_the_device()
    {
        using var f = new AgentFixture();
        using var other = new TempDir();
        f.StartAgentWhenServerIsOn();
        string config = other.File("agent.json");
        File.WriteAllText(config, f.ConfigText.Replace(f.Dir.File("agent.sock"), other.File("agent.sock")));

        var (code, output) = AgentProgram.Run("run", "--config", config);

        Assert.Equal(1, code);
        Assert.Contains("is in use by another program (another coldstandby agent?)", output);
    }

    [RootFact("real-time priority")]
    public void Only_the_kick_thread_is_real_time_and_supervised_services_start_at_normal_priority()
    {
        using var f = new AgentFixture(extraConfig: """
            "services": [ { "name": "app", "command": ["sleep", "600"] } ],
            """);
        Assert.True(f.Rig.WaitFor(r => r.ServerAOn, 10_000));
        using var agent = AgentProgram.StartAgent(f.ConfigPath);
        try
        {
            Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 20_000), "the agent never reported services ready");
            var threads = Directory.GetDirectories($"/proc/{agent.Id}/task")
                .Select(t => (Name: File.ReadAllText(Path.Combine(t, "comm")).Trim(), Policy: Policy(Path.Combine(t, "stat"))))
                .ToList();
            // A child is listed under the thread that started it.
            int child = Directory.GetDirectories($"/proc/{agent.Id}/task")
                .SelectMany(t => File.ReadAllText(Path.Combine(t, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(int.Parse)
                .Single();

            Assert.Equal(1, threads.Single(t => t.Name == "smu-link").Policy); // SCHED_FIFO
            Assert.All(threads.Where(t => t.Name != "smu-link"), t => Assert.Equal(0, t.Policy));
            Assert.Equal("sleep", File.ReadAllText($"/proc/{child}/comm").Trim());
            Assert.Equal(0, Policy($"/proc/{child}/stat")); // SCHED_OTHER
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            agent.WaitForExit();
        }
    }

    /// <summary>The scheduling policy of a task, field 41 of /proc/…/stat (0 normal, 1 FIFO).</summary>
    private static int Policy(string stat) =>
        int.Parse(File.ReadAllText(stat).Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[38]);

    private static string Output(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
