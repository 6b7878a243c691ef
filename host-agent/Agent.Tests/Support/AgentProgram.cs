using System.Diagnostics;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// The shipped program, <c>coldstandby.dll</c> on the .NET runtime, as a process of its own, tied
/// to the test host (<see cref="TiedProcess"/>: it gets SIGKILL when the host dies).
/// </summary>
internal static class AgentProgram
{
    public static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "coldstandby.dll");

    /// <summary>How to start it with these arguments (output redirected).</summary>
    public static ProcessStartInfo Info(params string[] arguments) => TiedProcess.Info("dotnet", new[] { Dll }.Concat(arguments));

    /// <summary>Starts it from <see cref="Info"/>.</summary>
    public static Process Start(ProcessStartInfo info) => TiedProcess.Start(info);

    /// <summary>Starts <c>run</c> with its output read and dropped (an unread pipe would block its logging).</summary>
    public static Process StartAgent(string config, Action<ProcessStartInfo>? setUp = null)
    {
        var info = Info("run", "--config", config);
        setUp?.Invoke(info);
        var agent = Start(info);
        agent.OutputDataReceived += (_, _) => { };
        agent.ErrorDataReceived += (_, _) => { };
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        return agent;
    }

    /// <summary>Runs a verb to its end; its exit code and output (stdout, then stderr).</summary>
    public static (int Code, string Output) Run(params string[] arguments)
    {
        using var p = Start(Info(arguments));
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), $"coldstandby {string.Join(' ', arguments)} did not end within a minute");
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
