namespace ColdStandby.Schematics.Tests;

/// <summary>The signals the SMU and DM firmware are built against (issue 7's wiring contract, issue 11's latches).</summary>
public static class WiringContract
{
    public static readonly string[] SmuOutputs = ["PowerButton", "RequestSet", "RequestClear", "Alarm", "RunLed", "AlarmLed"];
    public static readonly string[] SmuInputs = ["PowerGood", "StorageRequest", "StorageGranted", "RepairButton", "SideStrapA", "SideStrapB", "ExternalPower", "BatteryLow"];
    public static readonly string[] SmuLinks = ["PeerLink", "HostLink"];

    public static readonly string[] DmOutputs = ["AccessSetA", "AccessSetB", "AccessClearA", "AccessClearB", "RunLed", "AlarmLed"];
    public static readonly string[] DmInputs = ["RequestA", "RequestB", "AccessA", "AccessB"];
    public static readonly string[] DmLinks = ["ManagementLink", "ControllerLink"];

    /// <summary>
    /// Outputs that could power a server, request or grant storage, or take it away: deasserted at reset and
    /// through a reboot, held there by a pull-down, so opening, resetting or a hang never moves them.
    /// </summary>
    public static readonly (string Board, string Signal)[] SafetyOutputs =
    [
        ("smu", "PowerButton"), ("smu", "RequestSet"), ("smu", "RequestClear"),
        ("dm", "AccessSetA"), ("dm", "AccessSetB"), ("dm", "AccessClearA"), ("dm", "AccessClearB"),
    ];

    /// <summary>
    /// The latches (issue 11): the flip-flop's reference, the GPIOs that set and clear it, the GPIO it is read
    /// back on, and what its outputs drive: the storage request loop (SMU J6.1-2), the grant loop (DM J4.3-4,
    /// J5.3-4) and the access relay's LED (DM U4, U5).
    /// </summary>
    public static readonly Latch[] Latches =
    [
        new("smu", "U9", "RequestSet", "RequestClear", "StorageRequest", [("J6.1", "Q"), ("J6.2", "NQ")], Interlocked: null),
        new("dm", "U10", "AccessSetA", "AccessClearA", "AccessA", [("J4.3", "Q"), ("J4.4", "NQ"), ("U4.1", "Q")], Interlocked: "U11"),
        new("dm", "U11", "AccessSetB", "AccessClearB", "AccessB", [("J5.3", "Q"), ("J5.4", "NQ"), ("U5.1", "Q")], Interlocked: "U10"),
    ];

    public static TheoryData<string> Boards() => new() { "smu", "dm" };

    public static TheoryData<string> LatchReferences()
    {
        var data = new TheoryData<string>();
        foreach (var latch in Latches) data.Add(latch.Board + " " + latch.Reference);
        return data;
    }

    public static Latch LatchNamed(string boardAndReference) => Latches.Single(l => l.Board + " " + l.Reference == boardAndReference);
}

/// <summary>
/// One latch: <paramref name="Drives"/> are the pins its Q or /Q ("NQ") drives, each through one series resistor;
/// <paramref name="Interlocked"/> the latch whose /Q is its D, or null when D is tied high.
/// </summary>
public sealed record Latch(string Board, string Reference, string Set, string Clear, string ReadBack, (string Pin, string Output)[] Drives, string? Interlocked);
