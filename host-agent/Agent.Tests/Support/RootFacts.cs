namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>A test that needs network namespaces: skipped, with the reason, where they cannot be made.</summary>
internal sealed class NetLabFactAttribute : FactAttribute
{
    public NetLabFactAttribute()
    {
        Skip = NetLab.Unavailable();
    }
}

/// <summary>A theory that needs network namespaces (see <see cref="NetLabFactAttribute"/>).</summary>
internal sealed class NetLabTheoryAttribute : TheoryAttribute
{
    public NetLabTheoryAttribute()
    {
        Skip = NetLab.Unavailable();
    }
}
