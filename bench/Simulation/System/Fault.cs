using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>The faults the bench can inject.</summary>
public enum FaultType
{
    /// <summary>The OS hangs: the agent stops, nothing kicks the watchdog.</summary>
    OsHang,

    /// <summary>Every boot of the server hangs at a stage (0 power-good, 1 OS loaded, 2 services ready).</summary>
    BootHang,

    /// <summary>The RAID controller breaks: the agent's next probe fails.</summary>
    RaidFault,

    /// <summary>The LAN controller breaks: the agent's next probe fails.</summary>
    LanFault,

    /// <summary>An application service crashes: the agent restarts it and reports.</summary>
    AppCrash,

    /// <summary>The server's power supply fails: power lost at once.</summary>
    PsuFailure,

    /// <summary>The server's OS shutdowns take longer than the SMU's deadline.</summary>
    SlowShutdown,

    /// <summary>The SMU board resets and reboots.</summary>
    SmuReset,

    /// <summary>The DM board resets and reboots.</summary>
    DmReset,

    /// <summary>The peer cable is cut (for a time, or for good).</summary>
    PeerCableCut,
}

/// <summary>One fault to inject: what, on which side, the boot stage for a boot hang, the time for a reset or a cut.</summary>
public sealed record Fault(FaultType Type, Side Side = Side.None, int Stage = 0, long DurationMs = 0)
{
    /// <summary>Gets whether the fault is of a server (it should lead to a failover, except a crash or a slow shutdown alone).</summary>
    public bool IsServerFault => Type is FaultType.OsHang or FaultType.BootHang or FaultType.RaidFault or FaultType.LanFault or FaultType.PsuFailure;

    /// <inheritdoc/>
    public override string ToString() => Type switch
    {
        FaultType.OsHang => $"OS on {Side} hangs",
        FaultType.BootHang => $"server {Side}'s boots hang at stage {Stage} ({Stage switch { 0 => "power-good", 1 => "OS loaded", _ => "services ready" }})",
        FaultType.RaidFault => $"RAID controller of server {Side} fails",
        FaultType.LanFault => $"LAN controller of server {Side} fails",
        FaultType.AppCrash => $"an application service on {Side} crashes",
        FaultType.PsuFailure => $"power supply of server {Side} fails",
        FaultType.SlowShutdown => $"server {Side}'s OS shuts down slowly ({SimTime.Duration(200_000)})",
        FaultType.SmuReset => $"SMU {Side} resets (reboots in {SimTime.Duration(DurationMs)})",
        FaultType.DmReset => $"DM resets (reboots in {SimTime.Duration(DurationMs)})",
        FaultType.PeerCableCut => DurationMs > 0 ? $"peer cable cut for {SimTime.Duration(DurationMs)}" : "peer cable cut",
        _ => Type.ToString(),
    };
}
