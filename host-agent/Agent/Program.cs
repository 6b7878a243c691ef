using ColdStandby.HostAgent.Cli;

namespace ColdStandby.HostAgent;

/// <summary>The one program: <c>coldstandby run</c> is the agent service, every other verb the operator's CLI.</summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var parsed = CommandLine.Build().Parse(args);
        Output.Json = parsed.Tokens.Any(t => t.Value == "--json");
        if (parsed.Errors.Count > 0)
        {
            // A usage error is not a run-time one: its own exit code (sysexits EX_USAGE).
            return Output.Fail(string.Join("; ", parsed.Errors.Select(e => e.Message)) + " (coldstandby --help)", Output.Usage);
        }

        return parsed.Invoke();
    }
}
