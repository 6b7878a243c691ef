using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests.Harness;

/// <summary>
/// Two real SMUs in the bench's one world (<see cref="StandbySystem"/>): the real DM on their
/// request and grant lines, the bench's servers, and its <see cref="SafetyMonitor"/> checking every
/// property of DESIGN.md §2 after every step (a violation stops the run).
/// </summary>
internal static class Pair
{
    /// <summary>
    /// A system whose SMUs start from the persisted states given, servers off; with
    /// <paramref name="heldBy"/> the DM holds that side's grant from before, which the side still
    /// asks for (its SMU was reset, not power-cycled, so its request latch held; after a power-up it
    /// would be clear and the DM would release the grant).
    /// </summary>
    public static StandbySystem Start(Mode modeA, uint epochA, Mode modeB, uint epochB, Side heldBy = Side.None, SystemOptions? options = null)
    {
        var system = new StandbySystem(options ?? new SystemOptions());
        system.SmuA.Restore(modeA, epochA);
        system.SmuB.Restore(modeB, epochB);

        // Two boards never leave reset in the same instant: B's comes out first, so its UART is up
        // for A's first frame (a receiver that starts loses what is already on its wire). The
        // agreement then runs on both first heartbeats, within the DM's release debounce of a grant
        // kept from before.
        system.SmuA.Reset(1);
        if (heldBy != Side.None)
        {
            system.Smu(heldBy).Wiring.RequestLatch.Set();
            (heldBy == Side.A ? system.Dm.LatchA : system.Dm.LatchB).Set();
        }

        return system;
    }

    /// <summary>Gets the side whose access line the DM asserts (the enclosures' view), or <see cref="Side.None"/>.</summary>
    public static Side Holder(StandbySystem system) => system.Dm.AccessA.Value ? Side.A : system.Dm.AccessB.Value ? Side.B : Side.None;

    /// <summary>Fails with the monitor's report when a safety property was violated.</summary>
    public static void AssertSafe(StandbySystem system, string context = "") =>
        Assert.True(system.Monitor.Violation is null, context + system.Monitor.Violation?.Report());
}
