namespace ColdStandby.Firmware.Tests;

/// <summary>nanoFramework's mscorlib, read once for all tests.</summary>
public static class NanoFramework
{
    static readonly Lazy<Mscorlib> Loaded = new(() => Mscorlib.Load(Mscorlib.Locate()));

    public static Mscorlib Mscorlib => Loaded.Value;
}
