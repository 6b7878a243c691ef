using System.Runtime.InteropServices;

namespace ColdStandby.HostAgent.Native;

/// <summary>System error numbers in words, as an operator reads them.</summary>
internal static class Errors
{
    /// <summary>Describes an errno: "No such device (ENODEV)"; never "Success" for a failed call.</summary>
    public static string Describe(int errno) => errno == 0
        ? "failed without saying why"
        : $"{Marshal.GetPInvokeErrorMessage(errno)}";
}
