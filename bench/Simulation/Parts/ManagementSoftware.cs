using ColdStandby.Hardware;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The management software on the DM's management link when it runs outside the simulation
/// (<see cref="SystemOptions.ManagementLink"/>: a real agent process on a pty): bridged every
/// millisecond, as a system stepped in real time polls the pty.
/// </summary>
public sealed class ManagementSoftware : Part
{
    private readonly OutsideEnd _end;

    internal ManagementSoftware(StandbySystem system, IByteChannel outside, UartPort port)
        : base(system, "management software")
    {
        _end = new OutsideEnd(outside, port);
    }

    /// <inheritdoc/>
    protected override void Step(long nowMs)
    {
        _end.Pump();
        Wake(nowMs + 1);
    }
}
