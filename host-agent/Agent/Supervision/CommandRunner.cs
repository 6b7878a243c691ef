using System.Diagnostics;

namespace ColdStandby.HostAgent.Supervision;

/// <summary>Runs a short command (systemctl, the shutdown command) and gives its exit code and output.</summary>
internal static class CommandRunner
{
    public static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, int timeoutMs)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            return (-1, $"{program} did not finish within {timeoutMs} ms");
        }

        process.WaitForExit();
        return (process.ExitCode, (output.Result + error.Result).Trim());
    }
}
