using System.Text;
using ColdStandby.HostAgent.Network;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace ColdStandby.HostAgent.Config;

/// <summary>
/// What a configuration that parses can still get wrong on this machine, checked before the agent
/// starts (and by <c>coldstandby check-config</c>): the serial devices exist and are character
/// devices, the interfaces exist, the programs it will run can be found, and the timings fit the
/// SMU's watchdog. A LAN probe on a NIC that does not exist would fail three times and fail a
/// healthy server over (and the standby boots the same configuration), so the agent refuses to
/// start instead and names the key. Nothing is opened: opening a USB serial port toggles its
/// control lines.
/// </summary>
internal static unsafe class MachineCheck
{
    /// <summary>Returns every problem as "key: problem"; empty when the machine fits the configuration.</summary>
    public static List<string> Check(AgentConfig config)
    {
        var errors = new List<string>();
        Timing(config, errors);
        Device("smu.device", config.Smu.Device, errors);
        if (config.Dm is { } dm)
        {
            Device("dm.device", dm.Device, errors);
        }

        if (OperatingSystem.IsLinux())
        {
            if (config.Lan is { } lan)
            {
                Interface("lan.interface", lan.Interface, errors);
            }

            if (config.Network is { } network)
            {
                Interface("network.interface", network.Interface, errors);
            }
        }

        if (config.Raid is { } raid && Directory.Exists(Path.GetDirectoryName(raid.ProbeFile)) && !Writable(Path.GetDirectoryName(raid.ProbeFile)!))
        {
            errors.Add($"raid.probeFile: the folder of '{raid.ProbeFile}' is not writable by the agent (the probe writes there)");
        }

        for (int i = 0; i < config.Services.Count; i++)
        {
            if (config.Services[i].Command is { } command)
            {
                Program($"services[{i}].command", command[0], errors);
            }
        }

        if (config.Services.Exists(s => s.Unit is not null))
        {
            Program("supervision.systemctl", config.Supervision.Systemctl, errors);
        }

        Program("shutdown.command", config.Shutdown.Command[0], errors);
        return errors;
    }

    /// <summary>Waits up to <paramref name="waitMs"/> for missing serial devices (udev may still be making the link at boot), then checks.</summary>
    public static List<string> CheckWaitingForDevices(AgentConfig config, int waitMs)
    {
        var deadline = Environment.TickCount64 + waitMs;
        while (Environment.TickCount64 < deadline
            && (!File.Exists(config.Smu.Device) || (config.Dm is { } dm && !File.Exists(dm.Device))))
        {
            Thread.Sleep(200);
        }

        return Check(config);
    }

    private static void Timing(AgentConfig config, List<string> errors)
    {
        var smu = config.Smu;
        long kick = smu.Session.KickPeriodMs;
        long watchdog = smu.WatchdogTimeoutMs;
        if (kick * 3 > watchdog)
        {
            errors.Add($"smu.kickPeriodMs: {kick} leaves fewer than three kicks per SMU watchdog timeout ({watchdog} ms, smu.watchdogTimeoutMs): one late kick would fail the server over");
        }

        if (smu.ReopenMs + kick >= watchdog)
        {
            errors.Add($"smu.reopenMs: {smu.ReopenMs} plus a kick period is not shorter than the SMU watchdog timeout ({watchdog} ms): a short USB hiccup would fail the server over");
        }

        if (smu.Session.HelloRetryMs >= watchdog)
        {
            errors.Add($"smu.helloRetryMs: {smu.Session.HelloRetryMs} is not shorter than the SMU watchdog timeout ({watchdog} ms): a hello lost after a reconnect would fail the server over");
        }
    }

    private static void Device(string key, string path, List<string> errors)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        stat st;
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            if (LibC.stat(p, &st) != 0)
            {
                errors.Add(errno == ENOENT
                    ? $"'{path}' does not exist (is the board plugged in? ls -l /dev/serial/by-id/)"
                    : $"cannot look at '{path}': {Native.Errors.Describe(errno)}");
                errors[^1] = $"{key}: {errors[^1]}";
                return;
            }
        }

        if ((st.st_mode & S_IFMT) != S_IFCHR)
        {
            errors.Add($"{key}: '{path}' is not a serial device (not a character device)");
        }
    }

    private static void Interface(string key, string name, List<string> errors)
    {
        if (name.Length is > 0 and <= 15 && !NetDevice.Exists(name))
        {
            errors.Add($"{key}: there is no network interface '{name}' on this machine (ip link shows the names)");
        }
    }

    private static void Program(string key, string program, List<string> errors)
    {
        if (Resolve(program) is null)
        {
            errors.Add($"{key}: cannot find the program '{program}' ({(program.Contains('/') ? "no such executable file" : "not on PATH")})");
        }
    }

    /// <summary>Finds an executable as exec would: a path with a slash as it is, a bare name on PATH.</summary>
    public static string? Resolve(string program)
    {
        if (program.Contains('/'))
        {
            return Executable(program) ? program : null;
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, program)).FirstOrDefault(Executable);
    }

    private static bool Executable(string file)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        return !OperatingSystem.IsLinux() || Access(file, X_OK);
    }

    private static bool Writable(string folder) => !OperatingSystem.IsLinux() || Access(folder, W_OK);

    private static bool Access(string path, int mode)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            return access(p, mode) == 0;
        }
    }
}
