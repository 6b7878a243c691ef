using ColdStandby.Dm;
using ColdStandby.Hardware;
using ColdStandby.Smu;

namespace ColdStandby.Bench.Simulation;

/// <summary>How a simulated system is built: the firmware's configurations (DESIGN.md §4 defaults), the servers' timings, the links.</summary>
public sealed class SystemOptions
{
    /// <summary>Gets or sets both SMUs' configuration (a pair is always configured alike).</summary>
    public SmuConfig Smu { get; set; } = new();

    /// <summary>Gets or sets the DM's configuration.</summary>
    public DiskManagerConfig Dm { get; set; } = new();

    /// <summary>Gets or sets server A's timings.</summary>
    public ServerTimings ServerA { get; set; } = new();

    /// <summary>Gets or sets server B's timings.</summary>
    public ServerTimings ServerB { get; set; } = new();

    /// <summary>Gets or sets the serial links' baud rate.</summary>
    public int Baud { get; set; } = 115200;

    /// <summary>Gets or sets the records each SMU's event log keeps.</summary>
    public int SmuLogCapacity { get; set; } = 512;

    /// <summary>
    /// Gets or sets how long an SMU's full cell carries the board, its 5 V gone, before the
    /// charger's low-battery output asserts (an 18650 at the board's ~165 mA: many hours; the
    /// campaign's mains classes draw minutes).
    /// </summary>
    public long CellLastsMs { get; set; } = 12 * 3_600_000L;

    /// <summary>
    /// Gets or sets how long the cell lasts from the charger's low-battery threshold to the
    /// supervisor's reset (0: the threshold's spread put it below the supervisor's trip, and the
    /// low-battery output never shows).
    /// </summary>
    public long CellLowToResetMs { get; set; } = 60_000;

    /// <summary>Gets or sets the seed of every random choice (link noise).</summary>
    public int Seed { get; set; } = 1;

    /// <summary>
    /// Gets or sets whether every part is stepped every millisecond, as boards' 1 ms loops would
    /// be, instead of only when it has something to do. Slow; tests use it to show that jumping
    /// over idle time changes nothing.
    /// </summary>
    public bool StepEveryMillisecond { get; set; }

    /// <summary>
    /// Gets or sets where server A's OS is when it is not simulated: the far end of SMU A's host
    /// link is this channel (a pty a real agent process opens), bridged while the server has power;
    /// the server's <see cref="ServerModel"/> then runs no <see cref="HostAgent.SmuSession"/>. Null
    /// (the bench): the simulated OS runs the agent's session. Only for a system stepped in real time.
    /// </summary>
    public IByteChannel? HostLinkA { get; set; }

    /// <summary>Gets or sets where server B's OS is when it is not simulated (as <see cref="HostLinkA"/>).</summary>
    public IByteChannel? HostLinkB { get; set; }

    /// <summary>
    /// Gets or sets the management software at the far end of the DM's management link (a pty a real
    /// agent process opens), bridged by <see cref="ManagementSoftware"/>. Null (the bench): nobody
    /// is on the management link. Only for a system stepped in real time.
    /// </summary>
    public IByteChannel? ManagementLink { get; set; }

    /// <summary>Gets or sets whether every line and UART byte is recorded for traces (the demo and trace tests; off in campaigns).</summary>
    public bool Record { get; set; }
}
