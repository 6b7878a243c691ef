using ColdStandby.Dm;
using ColdStandby.Hardware;

namespace ColdStandby.Bench.Simulation;

/// <summary>The Disk Manager board: the real <see cref="DiskManager"/> on simulated lines and UARTs.</summary>
public sealed class DiskManagerNode : BoardNode
{
    private readonly SignalLine[] _outputs;
    private readonly SignalLatch[] _latches;
    private readonly UartPort[] _ports;

    internal DiskManagerNode(StandbySystem system, DiskManagerConfig config, DiskManagerIo io, UartPort management, UartPort controllers)
        : base(system, "DM")
    {
        Config = config;
        Io = io;
        Management = management;
        Controllers = controllers;
        Region = new RamRegion(DiskManager.RegionSizeFor(config));
        _ports = new[] { management, controllers };
        // The access latches hold through a reset: the DM board has no other output that falls.
        _outputs = Array.Empty<SignalLine>();
        _latches = new[] { (SignalLatch)io.AccessA, (SignalLatch)io.AccessB };
    }

    /// <summary>Gets the configuration.</summary>
    public DiskManagerConfig Config { get; }

    /// <summary>Gets the board's lines and links.</summary>
    public DiskManagerIo Io { get; }

    /// <summary>Gets side A's access latch (its output: access-A and the grant loop to SMU A).</summary>
    public SignalLatch LatchA => (SignalLatch)Io.AccessA;

    /// <summary>Gets side B's access latch.</summary>
    public SignalLatch LatchB => (SignalLatch)Io.AccessB;

    /// <summary>Gets access-A, the line the enclosures obey for side A.</summary>
    public SignalLine AccessA => LatchA.Outputs[0];

    /// <summary>Gets access-B.</summary>
    public SignalLine AccessB => LatchB.Outputs[0];

    /// <summary>Gets the management link end.</summary>
    public UartPort Management { get; }

    /// <summary>Gets the disk controllers' link end.</summary>
    public UartPort Controllers { get; }

    /// <summary>Gets the non-volatile storage: grant memory and event log.</summary>
    public RamRegion Region { get; }

    /// <summary>Gets the running firmware, or null while the board reboots.</summary>
    public DiskManager? Firmware { get; private set; }

    /// <inheritdoc/>
    protected override UartPort[] Ports => _ports;

    /// <inheritdoc/>
    protected override SignalLine[] Outputs => _outputs;

    /// <inheritdoc/>
    protected override SignalLatch[] Latches => _latches;

    /// <inheritdoc/>
    protected override void StartFirmware() => Firmware = new DiskManager(Config, Io, Region);

    /// <inheritdoc/>
    protected override void StopFirmware() => Firmware = null;

    /// <inheritdoc/>
    protected override void StepFirmware(long bootMs) => Firmware!.Step(bootMs);

    /// <inheritdoc/>
    protected override long NextDueMs() => Firmware!.NextDueMs;

    /// <inheritdoc/>
    protected override long Fingerprint() => Firmware!.Log.NextSequence + ((long)Firmware.Holder << 40);
}
