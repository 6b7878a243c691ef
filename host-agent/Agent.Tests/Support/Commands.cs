using System.Diagnostics;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>Runs a program of the machine (ip, promtool, curl…) and returns its exit code and its output (stdout, then stderr).</summary>
internal static class Commands
{
    public static (int Code, string Output) Run(params string[] command) => RunIn(null, command);

    public static (int Code, string Output) RunIn(string? directory, params string[] command)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (directory is not null)
        {
            info.WorkingDirectory = directory;
        }

        foreach (string a in command.Skip(1))
        {
            info.ArgumentList.Add(a);
        }

        try
        {
            using var p = Process.Start(info)!;
            // Both pipes read at once: a program that fills one while we wait on the other would hang.
            var stdout = p.StandardOutput.ReadToEndAsync();
            string stderr = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result + stderr);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
