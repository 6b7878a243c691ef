using System.Reflection.Emit;

namespace ColdStandby.Firmware.Tests;

/// <summary>Where floating point shows outside signatures, which the signature decoder already covers.</summary>
public static class FloatingPoint
{
    /// <summary>
    /// IL that makes or consumes a float/double: a body can compute in floating point with no float in any
    /// signature, e.g. <c>(int)(v * 0.5)</c> is only ldc.r8 and conv.r8.
    /// </summary>
    public static readonly IReadOnlySet<OpCode> Opcodes = new HashSet<OpCode>
    {
        OpCodes.Ldc_R4, OpCodes.Ldc_R8,
        OpCodes.Conv_R4, OpCodes.Conv_R8, OpCodes.Conv_R_Un,
        OpCodes.Ldind_R4, OpCodes.Ldind_R8, OpCodes.Stind_R4, OpCodes.Stind_R8,
        OpCodes.Ldelem_R4, OpCodes.Ldelem_R8, OpCodes.Stelem_R4, OpCodes.Stelem_R8,
        OpCodes.Ckfinite,
    };

    /// <summary>Referenced by name, e.g. <c>typeof(double)</c> or <c>double.Parse</c>.</summary>
    public static readonly IReadOnlySet<string> TypeNames = new HashSet<string> { "System.Single", "System.Double" };
}
