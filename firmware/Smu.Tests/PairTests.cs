using ColdStandby.Bench.Simulation;
using ColdStandby.Protocol;
using ColdStandby.Smu.Tests.Harness;

namespace ColdStandby.Smu.Tests;

/// <summary>
/// Both SMUs starting together (servers off), for every combination of persisted modes, with and
/// without a grant the DM kept from before: who ends Active (and powered, and granted), and that
/// the safety monitor of the bench's world saw no property broken. The expected winner is the
/// README's table, written out here independently of the code that decides it.
/// </summary>
public class PairTests
{
    public static TheoryData<Mode, uint, Mode, uint, Side, Side> StartTogether()
    {
        var data = new TheoryData<Mode, uint, Mode, uint, Side, Side>();
        Mode[] modes = { Mode.Unknown, Mode.Standby, Mode.Active, Mode.Failed };
        foreach (Mode a in modes)
        {
            foreach (Mode b in modes)
            {
                data.Add(a, Epoch(a), b, Epoch(b), Side.None, Expected(a, b, Side.None));
            }
        }

        // The DM's grant breaks ties, and a persisted Active its latched request backs (the holder's
        // SMU was reset, not power-cycled: Pair.Start) beats one it does not, whatever the epochs (a
        // board restored with a higher one is only claiming).
        data.Add(Mode.Standby, 3, Mode.Standby, 3, Side.B, Side.B);
        data.Add(Mode.Unknown, 0, Mode.Unknown, 0, Side.B, Side.B);
        data.Add(Mode.Active, 3, Mode.Active, 3, Side.B, Side.B);
        data.Add(Mode.Active, 3, Mode.Active, 3, Side.A, Side.A);
        data.Add(Mode.Active, 3, Mode.Active, 5, Side.A, Side.A);
        data.Add(Mode.Active, 6, Mode.Active, 5, Side.B, Side.B);
        data.Add(Mode.Active, 3, Mode.Active, 5, Side.None, Side.B);
        data.Add(Mode.Active, 3, Mode.Standby, 3, Side.B, Side.A);
        return data;
    }

    [Theory]
    [MemberData(nameof(StartTogether))]
    public void Both_SMUs_start_together(Mode modeA, uint epochA, Mode modeB, uint epochB, Side heldBy, Side winner)
    {
        var system = Pair.Start(modeA, epochA, modeB, epochB, heldBy);

        system.RunUntil(10_000);

        Pair.AssertSafe(system);
        foreach (Side side in new[] { Side.A, Side.B })
        {
            var smu = system.Smu(side);
            Mode persisted = side == Side.A ? modeA : modeB;
            if (side == winner)
            {
                Assert.Equal(Mode.Active, smu.Mode);
                Assert.True(system.Server(side).HasPower, $"{side} won but its server is off");
                Assert.Equal(side, Pair.Holder(system));
            }
            else
            {
                Mode expected = persisted == Mode.Failed ? Mode.Failed : winner == Side.None ? persisted : Mode.Standby;
                Assert.Equal(expected, smu.Mode);
                Assert.False(system.Server(side).HasPower, $"{side} lost but its server is on");
            }
        }

        if (winner == Side.None)
        {
            Assert.Equal(Side.None, Pair.Holder(system));
        }
        else
        {
            // One epoch for both once they agree; a side made Active by the agreement moved it on.
            Assert.Equal(system.SmuA.Firmware!.Epoch, system.SmuB.Firmware!.Epoch);
        }
    }

    [Fact]
    public void A_failover_between_two_real_SMUs_moves_service_and_storage_to_the_standby()
    {
        var system = Pair.Start(Mode.Active, 3, Mode.Standby, 3, heldBy: Side.A);
        system.RunUntil(3000);
        Assert.True(system.ServerA.HasPower);
        Assert.Equal(Side.A, Pair.Holder(system));

        Assert.True(system.Inject(new Fault(FaultType.PsuFailure, Side.A))); // A's PSU dies
        system.RunUntil(15_000);

        Pair.AssertSafe(system);
        var (a, b) = (system.SmuA.Firmware!, system.SmuB.Firmware!);
        Assert.Equal(Mode.Failed, a.Mode);
        Assert.Equal(Mode.Active, b.Mode);
        Assert.Equal(4u, a.Epoch);
        Assert.Equal(4u, b.Epoch);
        Assert.Equal(Side.B, Pair.Holder(system));
        Assert.True(system.ServerB.HasPower);
        Assert.True(system.SmuA.Wiring.Alarm.Value);
        Assert.False(system.SmuB.Wiring.Alarm.Value);
    }

    [Fact]
    public void A_planned_switchover_and_back_between_two_real_SMUs()
    {
        // The servers' OS runs the agent's real session: the operator's command goes through it,
        // and the OS shuts down when its SMU asks (a switchover is refused while the server still boots).
        var system = Pair.Start(Mode.Active, 1, Mode.Standby, 1, heldBy: Side.A);
        system.RunUntil(120_000, () => system.Serving(Side.A));
        Assert.True(system.Serving(Side.A), "A never served");
        system.RunFor(1000);
        Assert.Equal(SequencePhase.Idle, system.SmuA.Firmware!.Phase);

        Assert.True(system.OperatorCommand(Side.A, OperatorCommandKind.PlannedSwitchover, Side.B));
        system.RunUntil(system.NowMs + 180_000, () => system.Serving(Side.B));
        Assert.True(system.Serving(Side.B), "B never served after the switchover");
        Assert.Equal((Mode.Standby, Mode.Active), (system.SmuA.Mode, system.SmuB.Mode));
        Assert.False(system.ServerA.HasPower, "A's server still runs");

        system.RunFor(1000);
        Assert.True(system.OperatorCommand(Side.B, OperatorCommandKind.PlannedSwitchover, Side.A));
        system.RunUntil(system.NowMs + 180_000, () => system.Serving(Side.A));

        Pair.AssertSafe(system);
        Assert.Equal((Mode.Active, Mode.Standby), (system.SmuA.Mode, system.SmuB.Mode));
        Assert.Equal((3u, 3u), (system.SmuA.Firmware!.Epoch, system.SmuB.Firmware!.Epoch));
        Assert.Equal(Side.A, Pair.Holder(system));
        Assert.False(system.SmuA.Wiring.Alarm.Value || system.SmuB.Wiring.Alarm.Value);
    }

    private static uint Epoch(Mode mode) => mode == Mode.Unknown ? 0u : 3u;

    /// <summary>The startup agreement table (README.md), with no grant held.</summary>
    private static Side Expected(Mode a, Mode b, Side heldBy)
    {
        if (a == Mode.Active && b == Mode.Active)
        {
            return heldBy == Side.None ? Side.A : heldBy;
        }

        if (a == Mode.Active)
        {
            return Side.A;
        }

        if (b == Mode.Active)
        {
            return Side.B;
        }

        bool aCan = a != Mode.Failed;
        bool bCan = b != Mode.Failed;
        return aCan ? Side.A : bCan ? Side.B : Side.None;
    }
}
