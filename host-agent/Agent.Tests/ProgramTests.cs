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
    private static readonly string Program = Path.Combine(AppContext.BaseDirectory, "coldstandby.dll");

    [Fact]
    public void A_bad_configuration_is_refused_naming_each_key_and_problem()
    {
        using var dir = new TempDir();
        string config = dir.File("agent.json");
        File.WriteAllText(config, """{ "smu": { "device": "/dev/ttyACM0", "baud": -5 }, "lan": { "interface": "eth0" }, "sevices": [] }""");

        var (code, output) = Run("run", "--config", config);

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
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        string notifyPath = f.Dir.File("notify");
        notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
        notify.ReceiveTimeout = 10_000;
        var info = Start("run", "--config", f.ConfigPath);
        info.Environment["NOTIFY_SOCKET"] = notifyPath;
        info.Environment["WATCHDOG_USEC"] = "400000";
        info.Environment["JOURNAL_STREAM"] = "8:12345";
        using var agent = Process.Start(info)!;
        var output = new StringBuilder();
        agent.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        agent.BeginOutputReadLine();
        try
        {
            var messages = new List<string>();
            var buffer = new byte[256];
            while (!(messages.Contains("READY=1") && messages.Count(m => m == "WATCHDOG=1") >= 2))
            {
                messages.Add(Encoding.UTF8.GetString(buffer, 0, notify.Receive(buffer)));
            }

            Assert.True(f.Rig.WaitFor(r => (r.SmuA.Health & HealthFlags.ServicesReady) != 0, 5000), Output(output));
            var (code, status) = Run("status", "--config", f.ConfigPath);
            Assert.Equal(0, code);
            Assert.Contains("this server is side A", status);
            Assert.Matches(@"A \*\s+Active", status);

            Process.Start("kill", $"-TERM {agent.Id}")!.WaitForExit();
            Assert.True(agent.WaitForExit(10_000), "the agent did not stop on SIGTERM");
            Assert.Equal(0, agent.ExitCode);
            while (!messages.Contains("STOPPING=1"))
            {
                messages.Add(Encoding.UTF8.GetString(buffer, 0, notify.Receive(buffer)));
            }

            // journald's format: the syslog priority in angle brackets, one line per message.
            Assert.Contains("<6>", Output(output));
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill();
            }
        }
    }

    private static string Output(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static ProcessStartInfo Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Program);
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private static (int Code, string Output) Run(params string[] arguments)
    {
        using var p = Process.Start(Start(arguments))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(30_000));
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
