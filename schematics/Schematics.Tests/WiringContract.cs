namespace ColdStandby.Schematics.Tests;

/// <summary>The signals the SMU and DM firmware are built against (issue 7's wiring contract).</summary>
public static class WiringContract
{
    public static readonly string[] SmuOutputs = ["PowerButton", "StorageRequest", "Alarm"];
    public static readonly string[] SmuInputs = ["PowerGood", "StorageGranted", "RepairButton", "SideStrapA", "SideStrapB"];
    public static readonly string[] SmuLinks = ["PeerLink", "HostLink"];

    public static readonly string[] DmOutputs = ["AccessA", "AccessB", "GrantA", "GrantB"];
    public static readonly string[] DmInputs = ["RequestA", "RequestB"];
    public static readonly string[] DmLinks = ["ManagementLink", "ControllerLink"];

    /// <summary>Outputs that could power a server or grant storage: off at reset and through a reboot.</summary>
    public static readonly (string Board, string Signal)[] SafetyOutputs =
        [("smu", "PowerButton"), ("smu", "StorageRequest"), ("dm", "AccessA"), ("dm", "AccessB"), ("dm", "GrantA"), ("dm", "GrantB")];

    public static TheoryData<string> Boards() => new() { "smu", "dm" };
}
