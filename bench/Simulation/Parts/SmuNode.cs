using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.Smu;

namespace ColdStandby.Bench.Simulation;

/// <summary>One SMU board: the real <see cref="ServerManagementUnit"/> on simulated lines and UARTs.</summary>
public sealed class SmuNode : BoardNode
{
    private readonly UartPort[] _ports;
    private readonly SignalLine[] _outputs;
    private readonly SignalLatch[] _latches;
    private (Mode Mode, uint Epoch)? _restore;

    internal SmuNode(StandbySystem system, Side side, SmuConfig config, int logCapacity, SmuWiring wiring)
        : base(system, side == Side.A ? "SMU A" : "SMU B")
    {
        Side = side;
        Config = config;
        Wiring = wiring;
        Region = new RamRegion(ServerManagementUnit.RegionSizeFor(logCapacity));
        _ports = new[] { wiring.Peer, wiring.Host };
        // The request latch holds through a reset: it is not among the outputs that fall.
        _outputs = new[] { wiring.PowerButton, wiring.Alarm };
        _latches = new[] { wiring.RequestLatch };
        Cell = new SmuCell(system, this);
    }

    /// <summary>Gets the board's cell and charger (the mains classes drain it).</summary>
    public SmuCell Cell { get; }

    /// <summary>Gets the side.</summary>
    public Side Side { get; }

    /// <summary>Gets the configuration (the same for both SMUs).</summary>
    public SmuConfig Config { get; }

    /// <summary>Gets the board's lines and links.</summary>
    public SmuWiring Wiring { get; }

    /// <summary>Gets the non-volatile storage: persisted state and event log.</summary>
    public RamRegion Region { get; }

    /// <summary>Gets the running firmware, or null while the board reboots.</summary>
    public ServerManagementUnit? Firmware { get; private set; }

    /// <summary>Gets the mode the firmware runs in (Unknown while rebooting).</summary>
    public Mode Mode => Firmware?.Mode ?? Mode.Unknown;

    /// <summary>
    /// Gets the mode that counts for safety: the running firmware's, or while the board reboots the
    /// one it will resume as (its persisted mode, unless a persisted Active is backed by neither its
    /// request latch nor the grant).
    /// </summary>
    public Mode ModeForSafety => Firmware?.Mode ?? ServerManagementUnit.ResumingMode(Region, Wiring.RequestLatch.Value, Wiring.StorageGranted.Value, Wiring.PowerGood.Value);

    /// <inheritdoc/>
    protected override UartPort[] Ports => _ports;

    /// <inheritdoc/>
    protected override SignalLine[] Outputs => _outputs;

    /// <inheritdoc/>
    protected override SignalLatch[] Latches => _latches;

    /// <summary>
    /// Swaps the board, when it next powers up, for one restored with another persisted state (from a
    /// backup, or taken from another pair); until then the removed board's state is what counts.
    /// </summary>
    public void RestoreAtPowerUp(Mode mode, uint epoch) => _restore = (mode, epoch);

    /// <summary>Writes a persisted state into the board's storage, as a board restored from a backup or taken from another pair carries it.</summary>
    public void Restore(Mode mode, uint epoch) => Persist(Region, mode, epoch);

    /// <summary>Writes a persisted state (mode and epoch, nothing under way, no fault or alarm) into an SMU's storage, as a restored board carries it.</summary>
    public static void Persist(INonVolatileRegion region, Mode mode, uint epoch)
    {
        var state = new PersistedState(new ColdStandby.RecordStore.RegionLayout(region).Take(PersistedState.RegionSize));
        state.Load();
        state.Mode = mode;
        state.Epoch = epoch;
        state.Phase = SequencePhase.Idle;
        state.Fault = FaultKind.None;
        state.LatchedAlarms = AlarmFlags.None;
        state.BootsWithoutHealthyRun = 0;
        state.Save();
    }

    /// <inheritdoc/>
    protected override void StartFirmware()
    {
        if (_restore is { } restore)
        {
            _restore = null;
            Restore(restore.Mode, restore.Epoch);
        }

        Firmware = new ServerManagementUnit(Config, Wiring.Board, Side, Region);
    }

    /// <inheritdoc/>
    protected override void StopFirmware() => Firmware = null;

    /// <inheritdoc/>
    protected override void StepFirmware(long bootMs) => Firmware!.Step(bootMs);

    /// <inheritdoc/>
    protected override long NextDueMs() => Firmware!.NextDueMs;

    /// <inheritdoc/>
    protected override long Fingerprint()
    {
        var firmware = Firmware!;
        return firmware.Log.NextSequence + ((long)firmware.Mode << 40) + ((long)firmware.Phase << 48);
    }
}

/// <summary>An SMU board's lines and links as the simulation built them (the wiring contract; names from the pin map).</summary>
public sealed class SmuWiring
{
    internal SmuWiring(SmuBoard board)
    {
        Board = board;
        PowerButton = (SignalLine)board.PowerButton;
        RequestLatch = (SignalLatch)board.StorageRequest;
        Alarm = (SignalLine)board.Alarm;
        PowerGood = (SignalLine)board.PowerGood;
        StorageGranted = (SignalLine)board.StorageGranted;
        ExternalPower = (SignalLine)board.ExternalPower;
        BatteryLow = (SignalLine)board.BatteryLow;
        RepairButton = (SignalLine)board.RepairButton;
        Peer = (UartPort)board.PeerLink;
        Host = (UartPort)board.HostLink;
    }

    /// <summary>Gets what the firmware is given.</summary>
    public SmuBoard Board { get; }

    /// <summary>Gets the power-button drive (SMU → server).</summary>
    public SignalLine PowerButton { get; }

    /// <summary>Gets the storage connect request latch (SMU → DM).</summary>
    public SignalLatch RequestLatch { get; }

    /// <summary>Gets the storage connect request wire (the latch's output, SMU → DM).</summary>
    public SignalLine StorageRequest => RequestLatch.Outputs[0];

    /// <summary>Gets the alarm relay.</summary>
    public SignalLine Alarm { get; }

    /// <summary>Gets power-good (server → SMU).</summary>
    public SignalLine PowerGood { get; }

    /// <summary>Gets the grant feedback (DM → SMU).</summary>
    public SignalLine StorageGranted { get; }

    /// <summary>Gets the external-power sense (the charger's power-good: asserted while the SMU has its mains).</summary>
    public SignalLine ExternalPower { get; }

    /// <summary>Gets the charger's low-battery output (asserted on the cell: nearly flat; asserted on the mains: charging).</summary>
    public SignalLine BatteryLow { get; }

    /// <summary>Gets the REPAIR button (operator → SMU).</summary>
    public SignalLine RepairButton { get; }

    /// <summary>Gets the peer link end.</summary>
    public UartPort Peer { get; }

    /// <summary>Gets the host link end (the SMU's side of the USB serial).</summary>
    public UartPort Host { get; }
}
