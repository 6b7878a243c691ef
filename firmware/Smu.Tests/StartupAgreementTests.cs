using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests;

/// <summary>The agreement rule by itself, one row per case of README.md's table (seen from side A, preferred A).</summary>
public class StartupAgreementTests
{
    private const SequencePhase Idle = SequencePhase.Idle;
    private const SequencePhase Claiming = SequencePhase.Claiming;

    private static AgreementView View(Side side, Mode mode, uint epoch, SequencePhase phase = Idle, bool serverOn = false, bool granted = false)
    {
        var view = new AgreementView();
        view.Set(side, mode, epoch, phase, serverOn, granted);
        return view;
    }

    private static string Decide(Mode myMode, uint myEpoch, bool myServerOn, bool myGranted, Mode peerMode, uint peerEpoch, bool peerServerOn, bool peerGranted,
        SequencePhase myPhase = Idle, SequencePhase peerPhase = Idle) =>
        StartupAgreement.Decide(
            View(Side.A, myMode, myEpoch, myPhase, myServerOn, myGranted),
            View(Side.B, peerMode, peerEpoch, peerPhase, peerServerOn, peerGranted),
            Side.A).ToString();

    [Theory]
    // two Actives (a fault state): the grant holder, then the epoch, then the preferred side; a loser with its server off steps down
    [InlineData(Mode.Active, 5u, false, false, Mode.Active, 3u, false, true, "BecomeStandby")]
    [InlineData(Mode.Active, 5u, false, false, Mode.Active, 3u, false, false, "None")]
    [InlineData(Mode.Active, 3u, false, false, Mode.Active, 5u, false, false, "BecomeStandby")]
    [InlineData(Mode.Active, 3u, false, false, Mode.Active, 3u, false, false, "None")]
    // ...but a loser whose server runs cannot just step down: alarm, an operator decides
    [InlineData(Mode.Active, 3u, true, false, Mode.Active, 5u, false, true, "Conflict")]
    // one Active: the other keeps or takes Standby
    [InlineData(Mode.Active, 3u, false, false, Mode.Standby, 3u, false, false, "None")]
    [InlineData(Mode.Standby, 3u, false, false, Mode.Active, 3u, true, true, "None")]
    [InlineData(Mode.Unknown, 0u, false, false, Mode.Active, 3u, true, true, "BecomeStandby")]
    // nobody Active: the grant holder, else the preferred side, else the only one that can
    [InlineData(Mode.Standby, 3u, false, false, Mode.Standby, 3u, false, false, "BecomeActive")]
    [InlineData(Mode.Standby, 3u, false, false, Mode.Standby, 3u, false, true, "None")]
    [InlineData(Mode.Unknown, 0u, false, false, Mode.Unknown, 0u, false, false, "BecomeActive")]
    [InlineData(Mode.Unknown, 0u, false, false, Mode.Unknown, 0u, false, true, "BecomeStandby")]
    [InlineData(Mode.Standby, 4u, false, false, Mode.Failed, 4u, false, false, "BecomeActive")]
    [InlineData(Mode.Standby, 3u, true, false, Mode.Standby, 3u, false, false, "None")]
    // never from a peer whose server is still on (a server that would not power off; two running servers at commissioning)
    [InlineData(Mode.Standby, 4u, false, false, Mode.Failed, 4u, true, false, "None")]
    [InlineData(Mode.Unknown, 0u, true, false, Mode.Unknown, 0u, true, false, "None")]
    [InlineData(Mode.Unknown, 0u, false, false, Mode.Unknown, 0u, true, false, "None")]
    // Failed stays Failed
    [InlineData(Mode.Failed, 3u, false, false, Mode.Standby, 3u, false, false, "None")]
    [InlineData(Mode.Failed, 3u, false, false, Mode.Failed, 3u, false, false, "None")]
    // unequal epochs: one side has not heard of the last switch yet, so nobody moves
    [InlineData(Mode.Standby, 3u, false, false, Mode.Standby, 4u, false, false, "None")]
    public void Decides(Mode myMode, uint myEpoch, bool myServerOn, bool myGranted, Mode peerMode, uint peerEpoch, bool peerServerOn, bool peerGranted, string expected)
    {
        Assert.Equal(expected, Decide(myMode, myEpoch, myServerOn, myGranted, peerMode, peerEpoch, peerServerOn, peerGranted));
    }

    [Theory]
    // a claim gives way to an Active peer, whatever its epoch (a replacement board restored with a higher one)
    [InlineData(9u, Mode.Active, 3u, Idle, false, "BecomeStandby")]
    // claim against claim (both boards restored from one backup): the grant, the epoch, the preferred side
    [InlineData(3u, Mode.Standby, 3u, Claiming, false, "BecomeActive")]
    [InlineData(3u, Mode.Standby, 4u, Claiming, false, "BecomeStandby")]
    // a claim against a side that is neither Active nor claiming stands unless that side saw a newer switch
    [InlineData(3u, Mode.Standby, 3u, Idle, false, "BecomeActive")]
    [InlineData(3u, Mode.Failed, 3u, Idle, false, "BecomeActive")]
    [InlineData(3u, Mode.Unknown, 0u, Idle, false, "BecomeActive")]
    [InlineData(3u, Mode.Standby, 4u, Idle, false, "BecomeStandby")]
    // ...and never while the peer's server is on
    [InlineData(3u, Mode.Failed, 3u, Idle, true, "None")]
    // the peer in a sequence: wait
    [InlineData(3u, Mode.Failed, 4u, SequencePhase.RequestingSwitch, false, "None")]
    public void A_claim(uint myEpoch, Mode peerMode, uint peerEpoch, SequencePhase peerPhase, bool peerServerOn, string expected)
    {
        Assert.Equal(expected, Decide(Mode.Standby, myEpoch, false, false, peerMode, peerEpoch, peerServerOn, false, Claiming, peerPhase));
    }

    [Fact]
    public void Nobody_moves_while_either_side_is_in_a_sequence()
    {
        Assert.Equal("None", Decide(Mode.Standby, 3, false, false, Mode.Standby, 3, false, false, SequencePhase.AwaitingGrant));
        Assert.Equal("None", Decide(Mode.Standby, 3, false, false, Mode.Standby, 3, false, false, Idle, SequencePhase.AwaitingGrant));
    }

    [Fact]
    public void Epochs_compare_across_the_wrap()
    {
        Assert.Equal("BecomeStandby", Decide(Mode.Active, uint.MaxValue, false, false, Mode.Active, 2, false, false));
        Assert.Equal("BecomeStandby", Decide(Mode.Standby, uint.MaxValue - 1, false, false, Mode.Standby, 1, false, false, Claiming, Claiming));
    }

    [Fact]
    public void Both_sides_reach_the_same_answer()
    {
        (Mode Mode, SequencePhase Phase)[] states =
        {
            (Mode.Unknown, Idle), (Mode.Standby, Idle), (Mode.Standby, Claiming), (Mode.Active, Idle), (Mode.Failed, Idle),
        };
        foreach (var a in states)
        {
            foreach (var b in states)
            {
                foreach (var grant in new[] { Side.None, Side.A, Side.B })
                {
                    foreach (uint epochB in new uint[] { 2, 3, 4 })
                    {
                        var forA = StartupAgreement.Decide(View(Side.A, a.Mode, 3, a.Phase, granted: grant == Side.A), View(Side.B, b.Mode, epochB, b.Phase, granted: grant == Side.B), Side.A);
                        var forB = StartupAgreement.Decide(View(Side.B, b.Mode, epochB, b.Phase, granted: grant == Side.B), View(Side.A, a.Mode, 3, a.Phase, granted: grant == Side.A), Side.A);
                        bool aActive = forA == AgreementOutcome.BecomeActive || (a.Mode == Mode.Active && forA != AgreementOutcome.BecomeStandby);
                        bool bActive = forB == AgreementOutcome.BecomeActive || (b.Mode == Mode.Active && forB != AgreementOutcome.BecomeStandby);
                        Assert.False(aActive && bActive, $"{a}/{b} epoch B {epochB} grant {grant}: both end Active");
                    }
                }
            }
        }
    }
}
