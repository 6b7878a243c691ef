using ColdStandby.HostAgent.Config;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>What a test needs of the machine, as the reason it is skipped (null: all there).</summary>
internal static class Needs
{
    /// <summary>The Debian package of each program a test runs (.ci/run installs them).</summary>
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["curl"] = "curl",
        ["promtool"] = "prometheus",
        ["prometheus-node-exporter"] = "prometheus-node-exporter",
        ["systemd-analyze"] = "systemd",
        ["useradd"] = "passwd",
        ["groupadd"] = "passwd",
        ["setpriv"] = "util-linux",
        ["/usr/bin/python3"] = "python3",
        ["stress-ng"] = "stress-ng",
        ["groff"] = "groff-base",
        ["bash"] = "bash",
    };

    /// <summary>The first of <paramref name="programs"/> that is not installed, as a skip reason.</summary>
    public static string? Programs(params string[] programs) =>
        programs.FirstOrDefault(p => MachineCheck.Resolve(p) is null) is { } missing
            ? $"{missing} is not installed (Debian package {Packages.GetValueOrDefault(missing, missing)}; .ci/run installs it)"
            : null;

    /// <summary>Root, for <paramref name="what"/>, as a skip reason.</summary>
    public static string? Root(string what) => Native.Libc.geteuid() == 0 ? null : $"{what} needs root (CI runs as root)";
}

/// <summary>A test that runs programs of the machine: skipped, naming the missing one and its package, where one is not installed.</summary>
internal sealed class ProgramsFactAttribute : FactAttribute
{
    public ProgramsFactAttribute(params string[] programs)
    {
        Skip = Needs.Programs(programs);
    }
}

/// <summary>A theory that runs programs of the machine (see <see cref="ProgramsFactAttribute"/>).</summary>
internal sealed class ProgramsTheoryAttribute : TheoryAttribute
{
    public ProgramsTheoryAttribute(params string[] programs)
    {
        Skip = Needs.Programs(programs);
    }
}

/// <summary>A test that needs root (and perhaps programs): skipped with the reason otherwise.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute(string what, params string[] programs)
    {
        Skip = Needs.Root(what) ?? Needs.Programs(programs);
    }
}
