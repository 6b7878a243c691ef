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

    /// <summary>The SMU board resets and reboots (its request latch holds).</summary>
    SmuReset,

    /// <summary>The DM board resets and reboots (its access latches hold).</summary>
    DmReset,

    /// <summary>The peer cable is cut (for a time, or for good).</summary>
    PeerCableCut,

    /// <summary>The SMU's firmware hangs for a time, then goes on where it stopped.</summary>
    SmuHang,

    /// <summary>The SMU board loses its power (its cell too): its request latch is cleared; it boots when power returns.</summary>
    SmuPowerLoss,

    /// <summary>The DM's firmware hangs for a time, then goes on.</summary>
    DmHang,

    /// <summary>The DM board loses its power: its access latches are cleared; the running server loses its disks.</summary>
    DmPowerLoss,

    /// <summary>One direction of the peer cable is cut (the side named transmits into nothing).</summary>
    PeerCableCutOneWay,

    /// <summary>The peer cable flaps: cut and mended every few seconds for the duration.</summary>
    PeerCableFlap,

    /// <summary>A side's host link loses everything for a time (the agent's frames and the SMU's).</summary>
    HostLinkCut,

    /// <summary>A side's host agent is restarted (a crash and systemd's restart): no kicks for the duration.</summary>
    AgentRestart,

    /// <summary>The mains fail on one side (its server and its SMU's charger) or, with no side, everywhere (both servers, both SMUs' chargers, the DM).</summary>
    MainsLoss,

    /// <summary>A server's power-good stays on whatever is done to it (it will not power off).</summary>
    PowerGoodStuck,

    /// <summary>An SMU board is swapped for one restored with another persisted state (mode, epoch).</summary>
    BoardSwap,

    /// <summary>Disk controllers report errors of two disks in turn, many a second, for the duration.</summary>
    LogFlood,

    /// <summary>A frame sent earlier on a link is put on it again.</summary>
    Replay,

    /// <summary>An SMU's own 5 V is lost (its adapter pulled) while its server keeps the mains: the SMU runs on its cell (<see cref="SmuCell"/>).</summary>
    SmuSupplyLoss,

    /// <summary>
    /// A side's storage-request wire is stuck at <see cref="Fault.Level"/> at the DM's input (a
    /// broken or shorted wire), whatever its SMU's latch holds; the SMU reads back its latch, not the wire.
    /// </summary>
    RequestLineStuck,

    /// <summary>
    /// The grant wire from the DM to a side's SMU is stuck at <see cref="Fault.Level"/>, whatever the
    /// DM's access latch holds (the enclosures' access line is a wire of its own and still follows it).
    /// </summary>
    GrantLineStuck,
}

/// <summary>Which earlier frames a replay puts on the line again (what the sender put on it, recorded by an attacker or echoed by a faulty cable).</summary>
public enum ReplayOf
{
    /// <summary>One picked at random among those kept (a request or an answer more often than a heartbeat): the campaign's.</summary>
    Picked,

    /// <summary>The newest frame of the fault's type.</summary>
    Newest,

    /// <summary>The newest heartbeat that said something else than the newest: the sender's state before its last change.</summary>
    EarlierHeartbeat,

    /// <summary>
    /// The newest switch request, after the heartbeat its sender sent just before it (which says it
    /// asks for that switch), numbered as the sender's next frames: a forger who recorded the switch
    /// (a CRC is no signature). Sent as recorded, the receiver's in-order check would drop both; the
    /// epoch is what must stop this one.
    /// </summary>
    SwitchExchange,

    /// <summary>
    /// The sender's state before its last change (<see cref="EarlierHeartbeat"/>), numbered as its next
    /// frame: a forger, or two stale frames in a row of which the second follows the first (the
    /// in-order check cannot drop it; a receiver tells it from a live heartbeat only by what it says).
    /// </summary>
    EarlierHeartbeatRenumbered,
}

/// <summary>
/// One fault to inject: what, on which side, the boot stage for a boot hang, the time for a reset,
/// a hang, a cut or an outage, for a board swap the restored mode and epoch, and for a replay the
/// frames put on the line again (<see cref="ReplayOf"/>; of <paramref name="Frame"/>'s type when it names one),
/// for a stuck wire the level it is stuck at (<paramref name="Level"/>; a length of 0: for good).
/// </summary>
public sealed record Fault(FaultType Type, Side Side = Side.None, int Stage = 0, long DurationMs = 0, Mode RestoredMode = Mode.Unknown, uint RestoredEpoch = 0,
    ReplayOf Replay = ReplayOf.Picked, MessageType Frame = default, bool Level = false)
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
        FaultType.SmuHang => $"SMU {Side}'s firmware hangs for {SimTime.Duration(DurationMs)}",
        FaultType.SmuPowerLoss => $"SMU {Side} loses its power for {SimTime.Duration(DurationMs)}",
        FaultType.DmHang => $"DM's firmware hangs for {SimTime.Duration(DurationMs)}",
        FaultType.DmPowerLoss => $"DM loses its power for {SimTime.Duration(DurationMs)}",
        FaultType.PeerCableCutOneWay => $"peer cable cut from {Side} to the other side for {SimTime.Duration(DurationMs)}",
        FaultType.PeerCableFlap => $"peer cable flaps for {SimTime.Duration(DurationMs)}",
        FaultType.HostLinkCut => $"host link of {Side} cut for {SimTime.Duration(DurationMs)}",
        FaultType.AgentRestart => $"host agent on {Side} restarts ({SimTime.Duration(DurationMs)} without it)",
        FaultType.SmuSupplyLoss => $"SMU {Side}'s own 5 V supply lost for {SimTime.Duration(DurationMs)} (its server keeps the mains)",
        FaultType.MainsLoss => Side == Side.None ? $"mains fail everywhere for {SimTime.Duration(DurationMs)}" : $"mains fail on side {Side} for {SimTime.Duration(DurationMs)}",
        FaultType.PowerGoodStuck => $"server {Side}'s power stays on whatever is done (power-good stuck)",
        FaultType.BoardSwap => $"SMU {Side}'s board swapped for one restored as {RestoredMode}, epoch {RestoredEpoch}",
        FaultType.LogFlood => $"disk errors flood the DM for {SimTime.Duration(DurationMs)}",
        FaultType.RequestLineStuck => $"{Side}'s storage-request wire stuck {(Level ? "high" : "low")} at the DM{Lasting}",
        FaultType.GrantLineStuck => $"the grant wire to SMU {Side} stuck {(Level ? "high" : "low")}{Lasting}",
        FaultType.Replay => $"{Replay switch
        {
            ReplayOf.Newest => $"the last {Frame} frame",
            ReplayOf.EarlierHeartbeat => "the heartbeat before the sender's last change",
            ReplayOf.SwitchExchange => "the last switch request with the heartbeat before it",
            ReplayOf.EarlierHeartbeatRenumbered => "the heartbeat before the sender's last change, numbered as its next frame,",
            _ => "an earlier frame",
        }} replayed on {(Side == Side.None ? "the DM's management link" : $"SMU {Side}'s peer line")}",
        _ => Type.ToString(),
    };

    private string Lasting => DurationMs > 0 ? $" for {SimTime.Duration(DurationMs)}" : "";
}
