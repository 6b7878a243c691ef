using System.ComponentModel;
using System.Diagnostics;
using ColdStandby.HostAgent.Config;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Supervision;

/// <summary>What the supervisor knows of one service.</summary>
internal sealed class ServiceStatus
{
    public required string Name { get; init; }

    public required string Kind { get; init; }

    public string State { get; set; } = "unknown";

    public bool Up { get; set; }

    public int Restarts { get; set; }

    public string? LastProblem { get; set; }

    public DateTime? LastRestartUtc { get; set; }
}

/// <summary>
/// Application service supervision (DESIGN.md §1): each configured service, a systemd unit or a
/// plain process the agent starts itself, is checked every period (a plain process also the moment
/// it exits); a stopped one is reported to the SMU as a service failure (its index as the detail)
/// and restarted. Never a failover: the SMU only logs and alarms it. The first time every service
/// is up, the services-ready checkpoint is due.
/// </summary>
internal sealed class ServiceSupervisor : IDisposable
{
    private readonly IReadOnlyList<ServiceConfig> _services;
    private readonly string _systemctl;
    private readonly long _periodMs;
    private readonly long _backoffMs;
    private readonly ILogger _log;
    private readonly Process?[] _processes;
    private readonly object _gate = new();
    private readonly AutoResetEvent _wake = new(false);
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private volatile bool _stopping;

    public ServiceSupervisor(IReadOnlyList<ServiceConfig> services, SupervisionConfig config, ILogger log)
    {
        _services = services;
        _systemctl = config.Systemctl;
        _periodMs = config.PeriodMs;
        _backoffMs = config.RestartBackoffMs;
        _log = log;
        _processes = new Process?[services.Count];
        Statuses = services.Select(s => new ServiceStatus { Name = s.Name, Kind = s.Unit is not null ? $"unit {s.Unit}" : "process" }).ToArray();
    }

    /// <summary>Raised when a service was found stopped: its index, name and what was found.</summary>
    public event Action<int, string, string>? ServiceFailed;

    /// <summary>Raised once, the first time every service is up.</summary>
    public event Action? AllUp;

    public ServiceStatus[] Statuses { get; }

    public bool AllUpReached { get; private set; }

    public void Start()
    {
        _thread = new Thread(Run) { Name = "supervisor", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Checks every service once now (and restarts what is stopped).</summary>
    public void CheckNow()
    {
        lock (_gate)
        {
            for (int i = 0; i < _services.Count && !_stopping; i++)
            {
                Check(i);
            }

            if (!AllUpReached && !_stopping && Statuses.All(s => s.Up))
            {
                AllUpReached = true;
                _log.LogInformation("all {Count} supervised services are up", _services.Count);
                AllUp?.Invoke();
            }
        }
    }

    /// <summary>Stops supervising and stops every service, last configured first (for the OS shutdown).</summary>
    public void StopAll(int timeoutMs)
    {
        _stopping = true;
        _stop.Cancel();
        lock (_gate)
        {
            for (int i = _services.Count - 1; i >= 0; i--)
            {
                var service = _services[i];
                if (service.Unit is not null)
                {
                    var (code, output) = Systemctl(timeoutMs, "stop", service.Unit);
                    _log.LogInformation("stopped unit {Unit}: {Result}", service.Unit, code == 0 ? "ok" : output);
                }
                else if (_processes[i] is { } process)
                {
                    StopProcess(process, timeoutMs);
                    _log.LogInformation("stopped service {Name}", service.Name);
                }

                Statuses[i].Up = false;
                Statuses[i].State = "stopped";
            }
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _stop.Cancel();
        _wake.Set();
    }

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            CheckNow();
            WaitHandle.WaitAny(new[] { _wake, _stop.Token.WaitHandle }, (int)_periodMs);
        }
    }

    private void Check(int index)
    {
        var service = _services[index];
        var status = Statuses[index];
        if (service.Unit is not null)
        {
            var (code, output) = Systemctl(10_000, "is-active", service.Unit);
            string state = output.Split('\n')[0].Trim();
            status.State = state.Length > 0 ? state : $"exit {code}";
            // activating, reloading, deactivating: systemd is already at it.
            bool stopped = state is "inactive" or "failed" || (code != 0 && state is not ("activating" or "reloading" or "deactivating"));
            status.Up = code == 0 && state == "active";
            if (stopped)
            {
                Failed(index, $"unit {service.Unit} is {status.State}");
                var (restartCode, restartOutput) = Systemctl(60_000, "restart", service.Unit);
                Restarted(index, restartCode == 0 ? null : $"systemctl restart {service.Unit}: {restartOutput}");
            }

            return;
        }

        var process = _processes[index];
        if (process is not null && !process.HasExited)
        {
            status.Up = true;
            status.State = $"running (pid {process.Id})";
            return;
        }

        if (process is not null)
        {
            string problem = $"process exited with code {process.ExitCode}";
            process.Dispose();
            _processes[index] = null;
            status.Up = false;
            status.State = problem;
            Failed(index, problem);
            if (_backoffMs > 0 && _stop.Token.WaitHandle.WaitOne((int)_backoffMs))
            {
                return;
            }
        }

        if (_stopping)
        {
            return;
        }

        string? startProblem = StartProcess(index);
        if (process is not null)
        {
            Restarted(index, startProblem);
        }
        else if (startProblem is not null)
        {
            status.LastProblem = startProblem;
            _log.LogError("cannot start service {Name}: {Problem}", service.Name, startProblem);
        }
    }

    private string? StartProcess(int index)
    {
        var service = _services[index];
        var info = new ProcessStartInfo(service.Command![0]) { UseShellExecute = false };
        foreach (string argument in service.Command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        if (service.WorkingDirectory is not null)
        {
            info.WorkingDirectory = service.WorkingDirectory;
        }

        try
        {
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.Exited += (_, _) => _wake.Set();
            process.Start();
            _processes[index] = process;
            Statuses[index].Up = true;
            Statuses[index].State = $"running (pid {process.Id})";
            return null;
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or IOException)
        {
            Statuses[index].Up = false;
            Statuses[index].State = "cannot start";
            return e.Message;
        }
    }

    private void Failed(int index, string problem)
    {
        var status = Statuses[index];
        status.LastProblem = problem;
        _log.LogWarning("service {Name} stopped ({Problem}): reporting it and restarting it", status.Name, problem);
        ServiceFailed?.Invoke(index, status.Name, problem);
    }

    private void Restarted(int index, string? problem)
    {
        var status = Statuses[index];
        status.Restarts++;
        status.LastRestartUtc = DateTime.UtcNow;
        if (problem is null)
        {
            _log.LogInformation("service {Name} restarted (restart {Count})", status.Name, status.Restarts);
        }
        else
        {
            status.LastProblem = problem;
            _log.LogError("service {Name} could not be restarted: {Problem}", status.Name, problem);
        }
    }

    private (int Code, string Output) Systemctl(int timeoutMs, params string[] arguments)
    {
        try
        {
            return CommandRunner.Run(_systemctl, arguments, timeoutMs);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return (-1, $"cannot run {_systemctl}: {e.Message}");
        }
    }

    private static void StopProcess(Process process, int timeoutMs)
    {
        if (process.HasExited)
        {
            return;
        }

        try
        {
            if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
            {
                // SIGTERM first, as systemd would, so the service can stop cleanly.
                Native.Libc.kill(process.Id, 15);
                if (process.WaitForExit(timeoutMs))
                {
                    return;
                }
            }

            process.Kill(entireProcessTree: true);
            process.WaitForExit(timeoutMs);
        }
        catch (InvalidOperationException)
        {
        }
    }
}
