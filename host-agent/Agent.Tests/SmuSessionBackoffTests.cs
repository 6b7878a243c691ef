using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The agent's hellos against an SMU that opens no session, in virtual time: refused because its
/// server is off, dropped at once (the old firmware with power-good low), or not answered at all.
/// The hellos back off (1, 2, 4, 8 s, then every 10 s), the kicks never wait for them, and a real
/// SMU restart after a session that lasted is met with a hello at once.
/// </summary>
public sealed class SmuSessionBackoffTests
{
    [Fact]
    public void Hellos_an_SMU_refuses_because_its_server_is_off_back_off_and_kicks_go_on()
    {
        var smu = new ScriptedSmu { RefuseHellos = RefusalReason.ServerOff };
        var session = new SmuSession(smu.AgentEnd, new SmuSessionOptions());
        var refused = new List<RefusalReason>();
        session.HelloRefused += (reason, _) => refused.Add(reason);

        smu.Run(session, 40_000);

        // 0, 1, 3, 7, 15 s, then every 10 s: 25, 35.
        Assert.Equal(new long[] { 1, 1_001, 3_001, 7_001, 15_001, 25_001, 35_001 }, smu.HelloTimes);
        Assert.Equal(7, refused.Count);
        Assert.All(refused, r => Assert.Equal(RefusalReason.ServerOff, r));
        Assert.Equal(RefusalReason.ServerOff, session.HelloRefusal);
        Assert.Equal(7, session.HelloRefusals);
        Assert.False(session.IsOpen);
        Assert.Equal(0, session.Opens);
        Assert.InRange(smu.KicksSeen, 159, 161);

        // The server comes on: the next hello (at most 10 s later) opens, and the count is over.
        smu.RefuseHellos = RefusalReason.None;
        smu.Run(session, 10_000);
        Assert.True(session.IsOpen);
        Assert.Equal(RefusalReason.None, session.HelloRefusal);
        Assert.Equal(0, session.HelloRefusals);
    }

    [Fact]
    public void An_SMU_that_drops_every_session_at_once_is_asked_less_and_less_often()
    {
        // The firmware before the ServerOff refusal answered the hello, then closed the session at
        // the same step while power-good was low: the agent re-opened it every few milliseconds.
        var smu = new ScriptedSmu { DropsSessions = true };
        var session = new SmuSession(smu.AgentEnd, new SmuSessionOptions());

        smu.Run(session, 40_000);

        Assert.Equal(new long[] { 1, 1_001, 3_001, 7_001, 15_001, 25_001, 35_001 }, smu.HelloTimes);
        Assert.InRange(session.Opens, 7, 7);
        Assert.InRange(smu.KicksSeen, 159, 161);
    }

    [Fact]
    public void An_SMU_restart_after_a_lasting_session_gets_a_hello_at_once_and_no_kick_is_late()
    {
        var smu = new ScriptedSmu();
        var session = smu.OpenSession();
        for (int restart = 1; restart <= 3; restart++)
        {
            smu.Run(session, 5_000);
            int kicksBefore = smu.KickTimes.Count;
            int hellosBefore = smu.HelloTimes.Count;
            long restartedAt = smu.NowMs;

            smu.Restart();
            smu.Run(session, 1_000);

            // The next kick comes at its time (refused NoSession, it still feeds an armed watchdog),
            // and the hello right behind it.
            Assert.InRange(smu.KickTimes[kicksBefore] - restartedAt, 0, 250);
            Assert.Equal(hellosBefore + 1, smu.HelloTimes.Count);
            Assert.InRange(smu.HelloTimes[hellosBefore] - smu.KickTimes[kicksBefore], 0, 2);
            Assert.True(session.IsOpen);
            Assert.Equal(1 + restart, session.Opens);
            var gaps = smu.KickTimes.Skip(kicksBefore - 1).Zip(smu.KickTimes.Skip(kicksBefore), (a, b) => b - a);
            Assert.All(gaps, gap => Assert.InRange(gap, 0, 250));
        }
    }

    [Fact]
    public void An_SMU_that_answers_again_after_a_long_silence_is_greeted_at_its_first_answer()
    {
        var smu = new ScriptedSmu { Silent = true };
        var session = new SmuSession(smu.AgentEnd, new SmuSessionOptions());
        smu.Run(session, 60_000);
        // Unanswered hellos back off too: 0, 1, 3, 7, 15 s, then every 10 s.
        Assert.Equal(new long[] { 1, 1_001, 3_001, 7_001, 15_001, 25_001, 35_001, 45_001, 55_001 }, smu.HelloTimes);
        Assert.InRange(smu.KicksSeen, 239, 241);

        // It comes back (rebooted, cable plugged in): its refusal of the next kick says it is
        // there, and the hello goes at once rather than at the end of the 10 s back-off.
        smu.Silent = false;
        smu.Run(session, 400);
        Assert.True(session.IsOpen);
        Assert.Equal(10, smu.HelloTimes.Count);
    }
}
