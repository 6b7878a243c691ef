using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The scripted day of the <c>demo</c> command: both sides start and A becomes Active and serves;
/// the OS on A hangs, the watchdog fires and the failover runs; B boots and serves; an operator
/// marks A repaired from B's CLI; a planned switchover moves the service back to A.
/// </summary>
public static class DemoDay
{
    /// <summary>Gets the day as a scenario (also runnable as <c>run demo-day</c>).</summary>
    public static Scenario Scenario { get; } = new(
        "demo-day",
        "the main demo: failover on a hang, repair, planned switchover back",
        "A serves; its OS hangs; the watchdog fires and B takes over; an operator marks A repaired; a planned switchover moves the service back to A",
        new Script()
            .Until("A serves", s => s.Serving(Side.A), 180_000)
            .Wait(60_000)
            .Then("OS on A hangs", s => s.Inject(new Fault(FaultType.OsHang, Side.A)))
            .Until("B serves", s => s.Serving(Side.B), 300_000)
            .Wait(30_000)
            .Then("operator on B: coldstandby repaired A", s => s.OperatorCommand(Side.B, OperatorCommandKind.MarkRepaired, Side.A))
            .Until("A is Standby", s => s.SmuA.Mode == Mode.Standby, 10_000)
            .Wait(30_000)
            .Then("operator on B: coldstandby switchover A", s => s.OperatorCommand(Side.B, OperatorCommandKind.PlannedSwitchover, Side.A))
            .Until("A serves", s => s.Serving(Side.A), 300_000)
            .Wait(10_000),
        Expect.Fault(Side.A, FaultKind.Watchdog),
        Expect.Logged(Side.A, EventCode.OperatorCommand, "the operator's repair", a => a == (uint)OperatorCommandKind.MarkRepaired),
        Expect.Logged(Side.B, EventCode.ShutdownRequested, "a graceful shutdown for the switchover"),
        Expect.Serves(Side.A),
        Expect.Mode(Side.B, Mode.Standby),
        Expect.Switches(2),
        Expect.Boots(Side.A, 2),
        Expect.Boots(Side.B, 1));
}
