using ColdStandby.HostAgent.Config;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Service;

/// <summary>The Generic Host's service: starts the agent with the host and stops it with the host.</summary>
internal sealed class AgentService : IHostedService, IDisposable
{
    private readonly AgentRuntime _runtime;

    public AgentService(AgentConfig config, ILoggerFactory loggers, SystemdNotifier notifier)
    {
        _runtime = new AgentRuntime(config, loggers, notifier);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _runtime.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _runtime.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _runtime.Dispose();
}
