using ColdStandby.HostAgent.Config;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Supervision;

/// <summary>
/// The graceful shutdown the SMU asks for (failover step 2, or a planned switchover): tells the SMU
/// it started, stops the supervised services, tells the SMU it is done, then runs the configured
/// shutdown command (by default <c>systemctl poweroff</c>). The SMU forces the power off after its
/// deadline whatever happens here.
/// </summary>
internal sealed class ShutdownRunner
{
    private readonly ShutdownConfig _config;
    private readonly ServiceSupervisor? _supervisor;
    private readonly ILogger _log;
    private int _started;

    public ShutdownRunner(ShutdownConfig config, ServiceSupervisor? supervisor, ILogger log)
    {
        _config = config;
        _supervisor = supervisor;
        _log = log;
    }

    /// <summary>Gets the state for status: "no", "running", "done", "failed: …".</summary>
    public string State { get; private set; } = "no";

    /// <summary>
    /// Runs the shutdown on a thread of its own (never on the link thread). The callbacks post the
    /// reports to the SMU session; <paramref name="waitReported"/> returns once ShutdownDone is on the wire.
    /// </summary>
    public void Begin(FaultKind reason, ushort deadlineSeconds, Action reportStarted, Action reportDone, Action waitReported)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        var thread = new Thread(() => Run(reason, deadlineSeconds, reportStarted, reportDone, waitReported)) { Name = "shutdown", IsBackground = true };
        thread.Start();
    }

    private void Run(FaultKind reason, ushort deadlineSeconds, Action reportStarted, Action reportDone, Action waitReported)
    {
        State = "running";
        _log.LogWarning("the SMU asks for a shutdown ({Reason}); the power is forced off in {Deadline} s", reason, deadlineSeconds);
        reportStarted();
        if (_config.StopServices && _supervisor is not null)
        {
            int perService = Math.Max(1000, deadlineSeconds * 1000 / 2 / Math.Max(1, _supervisor.Statuses.Length));
            _supervisor.StopAll(perService);
        }

        reportDone();
        waitReported();
        _log.LogWarning("services stopped; running {Command}", string.Join(' ', _config.Command));
        try
        {
            var (code, output) = CommandRunner.Run(_config.Command[0], _config.Command.Skip(1), (int)_config.CommandTimeoutMs);
            State = code == 0 ? "done" : $"failed: {string.Join(' ', _config.Command)} exited {code}: {output}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            State = $"failed: {e.Message}";
        }

        if (State != "done")
        {
            _log.LogError("shutdown command {State}; the SMU will force the power off", State);
        }
    }
}
