using ColdStandby.HostAgent.Cli;

namespace ColdStandby.HostAgent;

/// <summary>The one program: <c>coldstandby run</c> is the agent service, every other verb the operator's CLI.</summary>
internal static class Program
{
    private static int Main(string[] args) => CommandLine.Build().Parse(args).Invoke();
}
