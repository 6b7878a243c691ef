namespace ColdStandby.HostAgent;

/// <summary>How the agent's session with its SMU behaves. Times are milliseconds.</summary>
public sealed class SmuSessionOptions
{
    /// <summary>Gets or sets how often the watchdog is kicked (DESIGN.md §4: 250 ms against the SMU's 2 s).</summary>
    public long KickPeriodMs { get; set; } = 250;

    /// <summary>Gets or sets how long to wait for the SMU's hello before saying hello again.</summary>
    public long HelloRetryMs { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the longest wait between hellos while the SMU opens no session (it refuses:
    /// its server is off; or it does not answer): the wait starts at <see cref="HelloRetryMs"/> and
    /// doubles with each hello in a row. Kicks go on meanwhile.
    /// </summary>
    public long HelloBackoffMaxMs { get; set; } = 10_000;

    /// <summary>Gets or sets how long an operator request waits for its answer.</summary>
    public long RequestTimeoutMs { get; set; } = 2000;

    /// <summary>Gets or sets how often the controller health is sent even when it has not changed.</summary>
    public long HealthReportPeriodMs { get; set; } = 5000;

    /// <summary>Gets or sets how long a boot checkpoint report waits for the SMU's answer before it is sent again.</summary>
    public long CheckpointRetryMs { get; set; } = 1000;

    /// <summary>Gets or sets the SMU boot-stage index that means "services ready" (stage 0 is power-good, 1 the agent's hello).</summary>
    public byte ServicesReadyStage { get; set; } = 2;

    /// <summary>Gets or sets the agent's version, sent in hello.</summary>
    public Version AgentVersion { get; set; } = new(0, 1, 0);
}
