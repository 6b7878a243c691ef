using ColdStandby.Protocol;

namespace ColdStandby.Smu.Tests;

/// <summary>The agreement rule by itself, one row per case of README.md's table (seen from side A, preferred A).</summary>
public class StartupAgreementTests
{
    [Theory]
    // two Actives: epoch, then grant, then preferred side; a loser with its server off steps down
    [InlineData(Mode.Active, 5u, false, false, Mode.Active, 3u, false, true, "None")]
    [InlineData(Mode.Active, 3u, false, true, Mode.Active, 5u, false, false, "BecomeStandby")]
    [InlineData(Mode.Active, 3u, false, false, Mode.Active, 3u, false, true, "BecomeStandby")]
    [InlineData(Mode.Active, 3u, false, false, Mode.Active, 3u, false, false, "None")]
    // ...but a loser whose server runs cannot just step down: alarm, an operator decides
    [InlineData(Mode.Active, 3u, true, true, Mode.Active, 5u, false, false, "Conflict")]
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
    // Failed stays Failed
    [InlineData(Mode.Failed, 3u, false, false, Mode.Standby, 3u, false, false, "None")]
    [InlineData(Mode.Failed, 3u, false, false, Mode.Failed, 3u, false, false, "None")]
    // unequal epochs: one side has not heard of the last switch yet, so nobody moves
    [InlineData(Mode.Standby, 3u, false, false, Mode.Standby, 4u, false, false, "None")]
    public void Decides(Mode myMode, uint myEpoch, bool myServerOn, bool myGranted, Mode peerMode, uint peerEpoch, bool peerServerOn, bool peerGranted, string expected)
    {
        var outcome = StartupAgreement.Decide(
            Side.A, Side.A, myMode, myEpoch, true, true, myServerOn, myGranted, peerMode, peerEpoch, true, peerServerOn, peerGranted);
        Assert.Equal(expected, outcome.ToString());
    }

    [Fact]
    public void Nobody_moves_while_either_side_is_in_a_sequence()
    {
        Assert.Equal(AgreementOutcome.None, StartupAgreement.Decide(
            Side.A, Side.A, Mode.Standby, 3, false, false, false, false, Mode.Standby, 3, true, false, false));
        Assert.Equal(AgreementOutcome.None, StartupAgreement.Decide(
            Side.A, Side.A, Mode.Standby, 3, true, true, false, false, Mode.Standby, 3, false, false, false));
    }

    [Fact]
    public void Both_sides_reach_the_same_answer()
    {
        Mode[] modes = { Mode.Unknown, Mode.Standby, Mode.Active, Mode.Failed };
        foreach (var a in modes)
        {
            foreach (var b in modes)
            {
                foreach (var grant in new[] { Side.None, Side.A, Side.B })
                {
                    var forA = StartupAgreement.Decide(Side.A, Side.A, a, 3, true, true, false, grant == Side.A, b, 3, true, false, grant == Side.B);
                    var forB = StartupAgreement.Decide(Side.B, Side.A, b, 3, true, true, false, grant == Side.B, a, 3, true, false, grant == Side.A);
                    bool aActive = forA == AgreementOutcome.BecomeActive || (a == Mode.Active && forA != AgreementOutcome.BecomeStandby);
                    bool bActive = forB == AgreementOutcome.BecomeActive || (b == Mode.Active && forB != AgreementOutcome.BecomeStandby);
                    Assert.False(aActive && bActive, $"{a}/{b} grant {grant}: both end Active");
                    bool someoneCan = a != Mode.Failed || b != Mode.Failed;
                    Assert.True(aActive || bActive || !someoneCan, $"{a}/{b} grant {grant}: nobody ends Active");
                }
            }
        }
    }
}
