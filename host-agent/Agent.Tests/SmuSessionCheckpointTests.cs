using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The agent's boot checkpoint reports against a scripted SMU end of the host link, in virtual time:
/// a report whose frame is lost is sent again until the SMU answers it (a lost "services ready"
/// would otherwise fail a healthy server over when the 600 s deadline runs out), and again after
/// the SMU restarted.
/// </summary>
public sealed class SmuSessionCheckpointTests
{
    private const byte ServicesReady = 2;

    [Fact]
    public void A_lost_services_ready_report_is_sent_again_until_the_SMU_accepts_it()
    {
        var smu = new ScriptedSmu { DropCheckpoints = 1 };
        var session = smu.OpenSession();

        session.ReportServicesReady();
        smu.Run(session, 500);
        Assert.Equal(new byte[] { ServicesReady }, smu.CheckpointsSeen);
        Assert.Empty(smu.CheckpointsAccepted);

        smu.Run(session, 1_000);
        Assert.Equal(new byte[] { ServicesReady, ServicesReady }, smu.CheckpointsSeen);
        Assert.Equal(new byte[] { ServicesReady }, smu.CheckpointsAccepted);
        Assert.True(session.CheckpointAccepted(ServicesReady));
        Assert.Equal(1, session.CheckpointRepeats);

        // Answered: never said again while the session lasts.
        smu.Run(session, 600_000);
        Assert.Equal(2, smu.CheckpointsSeen.Count);
    }

    [Fact]
    public void A_report_the_SMU_never_answers_is_repeated_every_retry_period()
    {
        var smu = new ScriptedSmu { DropCheckpoints = int.MaxValue };
        var session = smu.OpenSession();

        session.ReportServicesReady();
        smu.Run(session, 10_500);

        Assert.Equal(11, smu.CheckpointsSeen.Count);
        Assert.False(session.CheckpointAccepted(ServicesReady));
        Assert.Equal(10, session.CheckpointRepeats);
    }

    [Fact]
    public void After_the_SMU_restarts_the_checkpoints_are_said_again_with_the_new_hello()
    {
        var smu = new ScriptedSmu();
        var session = smu.OpenSession();
        session.ReportCheckpoint(ServicesReady);
        smu.Run(session, 500);
        Assert.Single(smu.CheckpointsAccepted);

        // The SMU rebooted: it has no session and refuses the next kick; the agent says hello again
        // and reports its checkpoints to the new session, the first report lost as well.
        smu.Restart();
        smu.DropCheckpoints = 1;
        smu.Run(session, 3_000);

        Assert.Equal(2, smu.Hellos);
        Assert.Equal(2, session.Opens);
        Assert.Equal(new byte[] { ServicesReady, ServicesReady }, smu.CheckpointsAccepted);
        Assert.True(session.CheckpointAccepted(ServicesReady));
    }

    [Fact]
    public void A_stage_the_SMU_refuses_is_not_repeated()
    {
        var smu = new ScriptedSmu { Stages = 3 };
        var session = smu.OpenSession();

        session.ReportCheckpoint(7);
        smu.Run(session, 5_000);

        Assert.Equal(new byte[] { 7 }, smu.CheckpointsSeen);
        Assert.False(session.CheckpointAccepted(7));
    }

    [Fact]
    public void Due_time_names_the_next_repeat_so_a_virtual_clock_wakes_for_it()
    {
        var smu = new ScriptedSmu { DropCheckpoints = 1 };
        var session = smu.OpenSession();
        session.ReportServicesReady();
        smu.Run(session, 10);

        // Stepped only when due (as the bench does), the repeat still goes out.
        long end = smu.NowMs + 5_000;
        int steps = 0;
        while (smu.NowMs < end)
        {
            smu.StepTo(session, Math.Clamp(session.NextDueMs, smu.NowMs + 1, end));
            steps++;
        }

        Assert.InRange(steps, 1, 100);

        Assert.Equal(new byte[] { ServicesReady }, smu.CheckpointsAccepted);
    }

    [Fact]
    public void A_restarted_agent_kicks_while_its_lost_hello_is_retried()
    {
        // The agent restarted beside an SMU whose watchdog is armed; its first hello is spoiled on
        // the wire and the next goes out a second later. A watchdog of 2 s must not starve meanwhile.
        var smu = new ScriptedSmu { DropHellos = 1 };
        var session = new SmuSession(smu.AgentEnd, new SmuSessionOptions());
        smu.RunByDueTimes(session, 1_000);
        Assert.False(session.IsOpen);
        Assert.InRange(smu.KicksSeen, 4, 5);

        smu.Run(session, 100);
        Assert.True(session.IsOpen);
        Assert.Equal(1, smu.Hellos);
    }
}
