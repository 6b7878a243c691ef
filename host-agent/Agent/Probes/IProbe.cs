namespace ColdStandby.HostAgent.Probes;

/// <summary>One real-I/O check of a controller. Returns null when it passed, else what failed.</summary>
internal interface IProbe
{
    /// <summary>Gets the controller's name for logs ("RAID", "LAN").</summary>
    string Name { get; }

    /// <summary>Runs the check; may block up to about <paramref name="deadlineMs"/> (the runner gives up waiting then).</summary>
    string? Run(int deadlineMs);
}
