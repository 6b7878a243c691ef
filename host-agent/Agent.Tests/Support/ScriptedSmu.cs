using ColdStandby.Hardware;
using ColdStandby.HostAgent.TestRig;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// The SMU's end of the host link, as the firmware answers: hello, kicks, checkpoints; or as an SMU
/// whose server is off (<see cref="RefuseHellos"/>), the old firmware that dropped each session at
/// once while power-good was low (<see cref="DropsSessions"/>), a dead or unplugged one (<see cref="Silent"/>).
/// </summary>
internal sealed class ScriptedSmu
{
    private readonly Cable _cable = new();
    private FrameLink _link;
    private bool _open;
    private bool _answered;

    public ScriptedSmu()
    {
        _link = new FrameLink(_cable.B, 1024, 4096);
    }

    public int DropCheckpoints { get; set; }

    public int DropHellos { get; set; }

    /// <summary>Gets or sets the reason every hello is refused with (None: answered).</summary>
    public RefusalReason RefuseHellos { get; set; }

    /// <summary>Gets or sets whether a session ends as soon as the SMU answered its hello.</summary>
    public bool DropsSessions { get; set; }

    /// <summary>Gets or sets whether the SMU answers nothing (it is dead or unplugged); what arrives is still noted.</summary>
    public bool Silent { get; set; }

    /// <summary>Gets the times every hello arrived (answered, refused or not).</summary>
    public List<long> HelloTimes { get; } = new();

    /// <summary>Gets the times every kick arrived.</summary>
    public List<long> KickTimes { get; } = new();

    public int KicksSeen { get; private set; }

    public IByteChannel AgentEnd => _cable.A;

    public int Stages { get; set; } = 3;

    public int Hellos { get; private set; }

    public long NowMs { get; private set; }

    public List<byte> CheckpointsSeen { get; } = new();

    public List<byte> CheckpointsAccepted { get; } = new();

    public SmuSession OpenSession()
    {
        var session = new SmuSession(AgentEnd, new SmuSessionOptions());
        Run(session, 50);
        Assert.True(session.IsOpen);
        return session;
    }

    /// <summary>The board rebooted: a new link, no session.</summary>
    public void Restart()
    {
        _link = new FrameLink(_cable.B, 1024, 4096);
        _open = false;
    }

    public void Run(SmuSession session, long forMs)
    {
        long end = NowMs + forMs;
        while (NowMs < end)
        {
            StepTo(session, NowMs + 1);
        }
    }

    /// <summary>Steps the agent only when it says it is due (as its loop and the bench do), the SMU every millisecond.</summary>
    public void RunByDueTimes(SmuSession session, long forMs)
    {
        long end = NowMs + forMs;
        while (NowMs < end)
        {
            NowMs++;
            if (NowMs >= session.NextDueMs || _answered)
            {
                _answered = false;
                session.Step(NowMs);
            }

            Step();
        }
    }

    public void StepTo(SmuSession session, long nowMs)
    {
        NowMs = nowMs;
        session.Step(nowMs);
        Step();
    }

    private void Step()
    {
        _link.BeginStep();
        while (_link.Receive())
        {
            Handle(_link.Message);
        }

        _link.Flush();
    }

    private void Handle(Message message)
    {
        // Whatever it sends back reaches the agent's link: bytes arrived wake its loop.
        if (message is Kick)
        {
            KicksSeen++;
            KickTimes.Add(NowMs);
        }

        if (message is Hello && DropHellos == 0)
        {
            HelloTimes.Add(NowMs);
        }

        if (Silent)
        {
            return;
        }

        _answered = true;
        if (message is Hello)
        {
            if (DropHellos > 0)
            {
                DropHellos--;
                return;
            }

            if (RefuseHellos != RefusalReason.None)
            {
                _open = false;
                _link.Refuse(RefuseHellos, 0);
                return;
            }

            Hellos++;
            _open = !DropsSessions;
            var hello = _link.Outgoing.Hello;
            hello.Introduce(NodeKind.Smu, Side.A, 0, 1, 0);
            _link.Send(hello);
            return;
        }

        if (!_open)
        {
            _link.Refuse(RefusalReason.NoSession, 0);
            return;
        }

        if (message is CheckpointReached checkpoint)
        {
            CheckpointsSeen.Add(checkpoint.Stage);
            if (DropCheckpoints > 0)
            {
                // The frame was spoiled on the wire: the SMU never saw it.
                DropCheckpoints--;
                return;
            }

            if (checkpoint.Stage >= Stages)
            {
                _link.Refuse(RefusalReason.OutOfRange, (byte)Stages);
                return;
            }

            CheckpointsAccepted.Add(checkpoint.Stage);
            _link.Accept();
        }
    }
}
