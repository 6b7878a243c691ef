using ColdStandby.HostAgent;

namespace ColdStandby.Bench.Simulation;

/// <summary>How a simulated server behaves in time. Milliseconds.</summary>
public sealed class ServerTimings
{
    /// <summary>Gets or sets the time from the power button's release to power-good.</summary>
    public long PowerGoodMs { get; set; } = 800;

    /// <summary>
    /// Gets or sets how long a press must last to turn an off server on (the motherboard's debounce
    /// of its power-button input); the SMU presses for 200 ms, and a press it cuts short when the
    /// grant goes is shorter than this unless the grant went late in the press.
    /// </summary>
    public long PowerOnPressMinMs { get; set; } = 100;

    /// <summary>Gets or sets how long the button must be held to force a running server off (ACPI override).</summary>
    public long ForcedOffHoldMs { get; set; } = 4000;

    /// <summary>Gets or sets the time from power-good to the OS running and its agent starting (firmware, boot loader, kernel).</summary>
    public long OsLoadMs { get; set; } = 40_000;

    /// <summary>Gets or sets the time from the agent's start to the business services being ready (database recovery).</summary>
    public long ServicesMs { get; set; } = 20_000;

    /// <summary>Gets or sets how often the agent probes the RAID and LAN controllers (a fault is found at the next probe).</summary>
    public long ProbePeriodMs { get; set; } = 5_000;

    /// <summary>Gets or sets how long a graceful OS shutdown takes.</summary>
    public long ShutdownMs { get; set; } = 15_000;

    /// <summary>Gets or sets how long a shutdown takes when the slow-shutdown fault is on (longer than the SMU's 120 s deadline).</summary>
    public long SlowShutdownMs { get; set; } = 200_000;

    /// <summary>Gets or sets the agent's options (kick period, hello retry …).</summary>
    public SmuSessionOptions Agent { get; set; } = new();
}
