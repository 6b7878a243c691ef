using System.Collections.Concurrent;
using System.Diagnostics;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// Long-lived child processes a test starts (a <c>coldstandby run</c>, an exporter) that die with
/// the test host: a crashed or killed test run would otherwise leave them running, kicking SMUs
/// and holding ptys and ports. util-linux <c>setpriv --pdeathsig KILL</c> sets the parent-death
/// signal in the child before it execs the program (same pid, so <c>kill</c> by id still works).
/// The kernel sends that signal when the <em>thread</em> that forked the child ends, not the
/// process, and .NET forks on the calling thread: a thread-pool thread that retired would kill
/// a running agent. So every tied child is forked by one thread that lives as long as the host.
/// </summary>
internal static class TiedProcess
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Requests = new();

    static TiedProcess()
    {
        var forker = new Thread(() =>
        {
            foreach (var (info, started) in Requests.GetConsumingEnumerable())
            {
                try
                {
                    started.SetResult(Process.Start(info)!);
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "tied-process-forker" };
        forker.Start();
    }

    /// <summary>How to start <paramref name="program"/> with <paramref name="arguments"/> under a parent-death KILL (output redirected).</summary>
    public static ProcessStartInfo Info(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in Command(program, arguments))
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>The arguments after <c>setpriv</c>: the parent-death signal, then the program and its arguments.</summary>
    public static IEnumerable<string> Command(string program, IEnumerable<string> arguments) =>
        new[] { "--pdeathsig", "KILL", "--", program }.Concat(arguments);

    /// <summary>Starts a process from <see cref="Info"/> on the forking thread.</summary>
    public static Process Start(ProcessStartInfo info)
    {
        var started = new TaskCompletionSource<Process>();
        Requests.Add((info, started));
        return started.Task.GetAwaiter().GetResult();
    }
}
