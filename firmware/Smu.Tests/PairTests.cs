using ColdStandby.Protocol;
using ColdStandby.Smu.Tests.Harness;

namespace ColdStandby.Smu.Tests;

/// <summary>
/// Both SMUs starting together (servers off), for every combination of persisted modes, with and
/// without a grant the DM kept from before: who ends Active (and powered, and granted), and that
/// the safety properties held at every millisecond. The expected winner is the README's table,
/// written out here independently of the code that decides it.
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
        // SMU was reset, not power-cycled: PairRig) beats one it does not, whatever the epochs (a
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
        var rig = new PairRig(new SmuConfig(), heldBy);
        PairRig.Persist(rig.A.Region, modeA, epochA);
        PairRig.Persist(rig.B.Region, modeB, epochB);

        rig.RunUntil(10_000);

        Assert.Empty(rig.Violations);
        foreach (Side side in new[] { Side.A, Side.B })
        {
            var unit = rig[side];
            Mode persisted = side == Side.A ? modeA : modeB;
            if (side == winner)
            {
                Assert.Equal(Mode.Active, unit.Smu.Mode);
                Assert.True(unit.PowerGood.Value, $"{side} won but its server is off");
                Assert.Equal(side, rig.Holder);
            }
            else
            {
                Mode expected = persisted == Mode.Failed ? Mode.Failed : winner == Side.None ? persisted : Mode.Standby;
                Assert.Equal(expected, unit.Smu.Mode);
                Assert.False(unit.PowerGood.Value, $"{side} lost but its server is on");
            }
        }

        if (winner == Side.None)
        {
            Assert.Equal(Side.None, rig.Holder);
        }
        else
        {
            // One epoch for both once they agree; a side made Active by the agreement moved it on.
            Assert.Equal(rig.A.Smu.Epoch, rig.B.Smu.Epoch);
        }
    }

    [Fact]
    public void A_failover_between_two_real_SMUs_moves_service_and_storage_to_the_standby()
    {
        var config = new SmuConfig();
        var rig = new PairRig(config, Side.A);
        PairRig.Persist(rig.A.Region, Mode.Active, 3);
        PairRig.Persist(rig.B.Region, Mode.Standby, 3);
        rig.RunUntil(3000);
        Assert.True(rig.A.PowerGood.Value);
        Assert.Equal(Side.A, rig.Holder);

        rig.A.PowerGood.Value = false; // A's PSU dies
        rig.RunUntil(15_000);

        Assert.Empty(rig.Violations);
        Assert.Equal(Mode.Failed, rig.A.Smu.Mode);
        Assert.Equal(Mode.Active, rig.B.Smu.Mode);
        Assert.Equal(4u, rig.A.Smu.Epoch);
        Assert.Equal(4u, rig.B.Smu.Epoch);
        Assert.Equal(Side.B, rig.Holder);
        Assert.True(rig.B.PowerGood.Value);
        Assert.True(rig.A.Alarm.Value);
        Assert.False(rig.B.Alarm.Value);
    }

    [Fact]
    public void A_planned_switchover_and_back_between_two_real_SMUs()
    {
        var rig = new PairRig(new SmuConfig(), Side.A);
        PairRig.Persist(rig.A.Region, Mode.Active, 1);
        PairRig.Persist(rig.B.Region, Mode.Standby, 1);
        rig.RunUntil(3000);

        // No agent runs in this rig: the test says what the agent would, the OS up and its services
        // ready (a switchover is refused while the server still boots), then the operator's command.
        var agentA = new FakeAgent(rig.A);
        agentA.Boot();
        rig.RunUntil(3100);
        Assert.Equal(SequencePhase.Idle, rig.A.Smu.Phase);
        agentA.Command(OperatorCommandKind.PlannedSwitchover, Side.B, 1);
        rig.RunUntil(5000);
        rig.A.PowerGood.Value = false; // the agent shut the OS down as asked
        rig.RunUntil(20_000);
        Assert.Equal((Mode.Standby, Mode.Active), (rig.A.Smu.Mode, rig.B.Smu.Mode));

        var agentB = new FakeAgent(rig.B);
        agentB.Boot();
        rig.RunUntil(20_100);
        agentB.Command(OperatorCommandKind.PlannedSwitchover, Side.A, 2);
        rig.RunUntil(22_000);
        rig.B.PowerGood.Value = false;
        rig.RunUntil(40_000);

        Assert.Empty(rig.Violations);
        Assert.Equal((Mode.Active, Mode.Standby), (rig.A.Smu.Mode, rig.B.Smu.Mode));
        Assert.Equal((3u, 3u), (rig.A.Smu.Epoch, rig.B.Smu.Epoch));
        Assert.Equal(Side.A, rig.Holder);
        Assert.False(rig.A.Alarm.Value || rig.B.Alarm.Value);
    }

    /// <summary>A few frames as the host agent would send them.</summary>
    private sealed class FakeAgent(PairRig.Unit unit)
    {
        private readonly FrameWriter _writer = new();
        private readonly byte[] _wire = new byte[Frame.MaxWireLength];

        public void Boot()
        {
            Send(new Hello { ProtocolVersion = Frame.ProtocolVersion, Node = NodeKind.Agent, Side = Side.None });
            Send(new CheckpointReached { Stage = 2 });
        }

        public void Command(OperatorCommandKind kind, Side target, uint epoch) =>
            Send(new OperatorCommand { Command = kind, Target = target, Epoch = epoch });

        private void Send(Message message) => unit.Host.Deliver(_wire, _writer.Write(message, _wire, 0));
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
