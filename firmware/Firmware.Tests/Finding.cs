namespace ColdStandby.Firmware.Tests;

/// <summary>What a nanoFramework 1.17 board cannot run, one value per rule of the firmware check.</summary>
public enum FirmwareRule
{
    /// <summary>Our own generic type or method: the 1.17 runtime has no generics.</summary>
    GenericParameter,

    /// <summary><c>Action&lt;T&gt;</c>, <c>EventHandler&lt;T&gt;</c>, a generic method call...: compiles against 1.17's mscorlib, cannot run.</summary>
    GenericInstantiation,

    /// <summary><c>int[,]</c>: the runtime only knows single-dimension, zero-based arrays.</summary>
    MultidimensionalArray,

    /// <summary>float/double: the design keeps the firmware on integers and milliseconds.</summary>
    FloatingPoint,

    /// <summary>A type the assembly expects in mscorlib that nanoFramework's mscorlib does not define.</summary>
    MissingFromMscorlib,

    /// <summary>A type or IL instruction on the deny list (see <see cref="DenyList"/>).</summary>
    DenyList,
}

/// <summary>One thing the check found: which rule, in which assembly, where, and what exactly.</summary>
public sealed record Finding(FirmwareRule Rule, string Assembly, string Location, string Detail)
{
    public override string ToString() => $"[{Rule}] {Assembly}: {Location}: {Detail}";
}
