using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent;

/// <summary>
/// The host agent's half of the host link: says hello and learns which side it runs on, kicks the
/// SMU's watchdog, reports boot checkpoints, controller health and faults, answers the SMU's
/// shutdown request, and carries operator requests. Deterministic and stepped with the time, like
/// the firmware: the agent service steps it from its loop, the bench from its virtual clock, so both
/// run this same code. Not thread-safe: call everything from the stepping thread.
/// </summary>
public sealed class SmuSession
{
    private const int TransmitCapacity = 16 * Frame.MaxWireLength;

    private readonly SmuSessionOptions _options;
    private readonly FrameLink _link;
    private readonly Queue<Message> _reports = new();
    private readonly RequestTracker _requests;
    private readonly List<Checkpoint> _checkpoints = new();
    private long _nextHelloMs;
    private long _helloSentMs;
    private bool _helloUnanswered;
    private int _hellosInRow;
    private long _openedAtMs;
    private long _nextKickMs;
    private long _nextHealthMs;
    private bool _healthChanged;
    private long? _clockToSet;
    private long _clockSetAtMs;
    private long _nowMs;
    private uint _kickCounter;

    /// <summary>Initializes a new instance of the <see cref="SmuSession"/> class on a serial channel.</summary>
    public SmuSession(IByteChannel channel, SmuSessionOptions options)
    {
        _options = options;
        _link = new FrameLink(channel, TransmitCapacity, 4096);
        _requests = new RequestTracker(options.RequestTimeoutMs, int.MaxValue);
    }

    /// <summary>Gets the options the session runs with.</summary>
    public SmuSessionOptions Options => _options;

    /// <summary>Raised when the SMU asks the OS to shut down: the reason and the deadline in seconds.</summary>
    public event Action<FaultKind, ushort>? ShutdownRequested;

    /// <summary>Raised when the session opens (the SMU answered hello) or closes.</summary>
    public event Action<bool>? OpenChanged;

    /// <summary>Raised when the SMU refuses our hello: its reason (e.g. <see cref="RefusalReason.ServerOff"/>) and detail.</summary>
    public event Action<RefusalReason, byte>? HelloRefused;

    /// <summary>Gets whether the SMU has answered hello and the session is open.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Gets the side this server is, as its SMU said; <see cref="Side.None"/> until then.</summary>
    public Side Side { get; private set; }

    /// <summary>Gets the SMU's firmware version from its hello.</summary>
    public Version? SmuVersion { get; private set; }

    /// <summary>Gets whether the SMU refused our hello for a protocol version mismatch.</summary>
    public bool VersionMismatch { get; private set; }

    /// <summary>Gets whether a shutdown request from the SMU is being carried out.</summary>
    public bool ShutdownInProgress { get; private set; }

    /// <summary>Gets how many kicks were sent.</summary>
    public long KicksSent { get; private set; }

    /// <summary>Gets how many times the session was opened (1 + reconnects).</summary>
    public int Opens { get; private set; }

    /// <summary>Gets how many hellos were sent.</summary>
    public long HellosSent { get; private set; }

    /// <summary>
    /// Gets why the SMU refused our latest hello (<see cref="RefusalReason.ServerOff"/>: its server's
    /// power-good is low; <see cref="RefusalReason.VersionMismatch"/>), or <see cref="RefusalReason.None"/>
    /// once a session opens.
    /// </summary>
    public RefusalReason HelloRefusal { get; private set; }

    /// <summary>Gets the detail of <see cref="HelloRefusal"/> (for a version mismatch: the SMU's protocol version).</summary>
    public byte HelloRefusalDetail { get; private set; }

    /// <summary>Gets how many hellos in a row the SMU refused (0 once a session opens).</summary>
    public int HelloRefusals { get; private set; }

    /// <summary>
    /// Gets how long after the latest hello the next one is due while no session opens: <see
    /// cref="SmuSessionOptions.HelloRetryMs"/> after the first, doubling with every hello in a row
    /// that opened no lasting session, at most <see cref="SmuSessionOptions.HelloBackoffMaxMs"/>.
    /// </summary>
    public long HelloBackoffMs => Backoff(_hellosInRow);

    /// <summary>Gets how many checkpoint reports were sent again because no answer came (a lost frame).</summary>
    public long CheckpointRepeats { get; private set; }

    /// <summary>Gets the receive counters of the link (frames delivered and dropped).</summary>
    public LinkCounters Counters => _link.Counters;

    /// <summary>Gets the latest controller health to report.</summary>
    public (ControllerState Raid, ControllerState Lan, byte RaidFailures, byte LanFailures) Health { get; private set; }

    /// <summary>
    /// Gets the earliest time at which <see cref="Step"/> has something to do on time alone: a
    /// hello to repeat, a kick, a health report, a queued report or request, a request timing out.
    /// Besides this, only arrived bytes or a link that can take more bytes give Step work, so a
    /// loop (or the bench) may wait until the earliest of those; stepping earlier is always allowed.
    /// </summary>
    public long NextDueMs
    {
        get
        {
            long due;
            if (!IsOpen)
            {
                // Kicks go on while the hello is retried (see Step): a loop that slept until the next
                // hello would starve an armed watchdog.
                due = Math.Min(_nextHelloMs, _nextKickMs);
            }
            else if (_healthChanged || _reports.Count > 0 || _requests.HasUnsent)
            {
                due = _nowMs;
            }
            else
            {
                due = Math.Min(_nextKickMs, _nextHealthMs);
                foreach (var checkpoint in _checkpoints)
                {
                    if (checkpoint.Answer == CheckpointAnswer.None)
                    {
                        due = Math.Min(due, checkpoint.NextSendMs);
                    }
                }
            }

            return Math.Min(due, _requests.NextDeadlineMs);
        }
    }

    /// <summary>
    /// Gets why the SMU refused the last routine clock set (<see cref="RefusalReason.ClockAhead"/>:
    /// its clock is ahead of ours by more than it steps back unasked; an operator steps it back
    /// with <see cref="SetClockNow"/>), or <see cref="RefusalReason.None"/>.
    /// </summary>
    public RefusalReason ClockRefusal { get; private set; }

    /// <summary>Gets the refusal's detail: for <see cref="RefusalReason.ClockAhead"/>, the whole days the SMU's clock is ahead (at most 255).</summary>
    public byte ClockRefusalDetail { get; private set; }

    /// <summary>
    /// Sets the wall clock to give the SMU for its log timestamps (sent after every hello). A
    /// routine set: the SMU refuses it when its clock is far ahead (<see cref="ClockRefusal"/>).
    /// <paramref name="atMs"/> is the stepping clock's time when the wall clock was read (default:
    /// the last step's, which a caller between steps is later than by up to a step's wait: the
    /// set would be ahead by that much, and the next agent's set would step the clock back).
    /// </summary>
    public void SetClock(long unixMilliseconds, long? atMs = null)
    {
        _clockToSet = unixMilliseconds;
        _clockSetAtMs = atMs ?? _nowMs;
        if (IsOpen)
        {
            SendClock();
        }
    }

    /// <summary>
    /// Sets the SMU's clock (and, relayed, its peer's) to <paramref name="unixMilliseconds"/> now,
    /// as an operator's request that is answered. With <paramref name="stepBack"/> the clock is
    /// moved back however far (correcting a wrong future date; the SMU logs the step back from what
    /// to what); without it a clock far ahead refuses (<see cref="RefusalReason.ClockAhead"/>).
    /// </summary>
    public LinkRequest SetClockNow(long unixMilliseconds, bool stepBack, long? atMs = null)
    {
        _clockToSet = unixMilliseconds;
        _clockSetAtMs = atMs ?? _nowMs;
        return _requests.Add(new TimeSet { UnixMilliseconds = unixMilliseconds, StepBack = stepBack }, _nowMs);
    }

    /// <summary>
    /// Reports a boot checkpoint (e.g. services ready). It is sent again every
    /// <see cref="SmuSessionOptions.CheckpointRetryMs"/> until the SMU answers it, and again after
    /// every new hello: a report lost on the wire would otherwise fail a healthy server over when
    /// the stage's deadline runs out (the SMU takes a repeat as the same stage, idempotently).
    /// </summary>
    public void ReportCheckpoint(byte stage)
    {
        if (_checkpoints.Exists(c => c.Stage == stage))
        {
            return;
        }

        _checkpoints.Add(new Checkpoint { Stage = stage, NextSendMs = _nowMs });
        if (IsOpen)
        {
            SendCheckpoints();
        }
    }

    /// <summary>Gets whether the SMU has accepted the report of a boot checkpoint (since the last hello).</summary>
    public bool CheckpointAccepted(byte stage) =>
        _checkpoints.Exists(c => c.Stage == stage && c.Answer == CheckpointAnswer.Accepted);

    /// <summary>Reports that the supervised services are up (the configured services-ready stage).</summary>
    public void ReportServicesReady() => ReportCheckpoint(_options.ServicesReadyStage);

    /// <summary>Sets the controller health; sent at once when it changed, else periodically.</summary>
    public void ReportControllerHealth(ControllerState raid, ControllerState lan, byte raidFailures, byte lanFailures)
    {
        var health = (raid, lan, raidFailures, lanFailures);
        if (health != Health)
        {
            Health = health;
            _healthChanged = true;
        }
    }

    /// <summary>Reports a fault the agent found (a controller fault, a service failure).</summary>
    public void ReportFault(FaultKind kind, ushort detail)
    {
        _reports.Enqueue(new FaultReport { Kind = kind, Detail = detail });
    }

    /// <summary>Tells the SMU the OS shutdown has started.</summary>
    public void ReportShutdownStarted() => _reports.Enqueue(new ShutdownStarted());

    /// <summary>Tells the SMU the OS has stopped its services and is about to power off.</summary>
    public void ReportShutdownDone() => _reports.Enqueue(new ShutdownDone());

    /// <summary>Sends an operator command; the SMU accepts or refuses it.</summary>
    public LinkRequest SendOperatorCommand(OperatorCommandKind command, Side target, uint epoch) =>
        _requests.Add(new OperatorCommand { Command = command, Target = target, Epoch = epoch }, _nowMs);

    /// <summary>Asks the SMU to hold its watchdog for <paramref name="seconds"/> (0 ends a hold); accepted or refused.</summary>
    public LinkRequest HoldWatchdog(ushort seconds) =>
        _requests.Add(new MaintenanceHold { Seconds = seconds }, _nowMs);

    /// <summary>Asks the SMU for its status.</summary>
    public LinkRequest RequestStatus() => _requests.Add(new StatusRequest(), _nowMs);

    /// <summary>Asks the SMU for its event-log records from a sequence number on.</summary>
    public LinkRequest ReadLog(uint fromSequence, ushort maxCount) =>
        _requests.Add(new LogReadRequest { FromSequence = fromSequence, MaxCount = maxCount }, _nowMs);

    /// <summary>
    /// Forgets the link's state after the serial device was closed and opened again (USB unplug,
    /// SMU reboot): says hello again at the next step; pending requests time out.
    /// </summary>
    public void Reconnected()
    {
        _link.Reset();
        Close();
        ResetBackoff();
        HelloRefusal = RefusalReason.None;
        _nextHelloMs = _nowMs;
    }

    /// <summary>Does what is due at <paramref name="nowMs"/>: reads frames, says hello, kicks, reports.</summary>
    public void Step(long nowMs)
    {
        _nowMs = nowMs;
        _link.BeginStep();
        while (_link.Receive())
        {
            Handle(_link.Message);
        }

        if (IsOpen && _hellosInRow > 0 && nowMs - _openedAtMs >= _options.HelloRetryMs)
        {
            // The session lasted: the next loss is met with a hello at once.
            ResetBackoff();
        }

        if (!IsOpen)
        {
            if (nowMs >= _nextHelloMs)
            {
                SendHello();
            }

            // Kicks go on while the hello is retried, so a hello lost on a noisy line never starves an
            // armed watchdog: the SMU restarted and lost our session while the OS runs (its watchdog
            // armed again at once), or this agent restarted beside an SMU that still watches. A kick
            // outside a session feeds only a watchdog that is already armed; it never arms one.
            if (nowMs >= _nextKickMs)
            {
                Kick();
            }
        }
        else
        {
            if (nowMs >= _nextKickMs)
            {
                Kick();
            }

            if (_healthChanged || nowMs >= _nextHealthMs)
            {
                SendHealth();
            }

            SendCheckpoints();
            while (_reports.Count > 0 && _link.HasRoomForFrame)
            {
                _link.Send(_reports.Dequeue());
            }

            _requests.SendDue(_link, nowMs);
        }

        _requests.Expire(nowMs);
        _link.Flush();
    }

    private void Handle(Message message)
    {
        switch (message)
        {
            case Hello hello when hello.Node == NodeKind.Smu:
                if (hello.ProtocolVersion != Frame.ProtocolVersion)
                {
                    VersionMismatch = true;
                    return;
                }

                Side = hello.Side;
                SmuVersion = new Version(hello.FirmwareMajor, hello.FirmwareMinor, hello.FirmwarePatch);
                VersionMismatch = false;
                Open();
                break;

            case Refusal refusal:
                if (refusal.Reason == RefusalReason.NoSession && IsOpen)
                {
                    // The SMU lost our session. After a session that lasted (the SMU restarted) the
                    // hello goes at once; one that ended as soon as it opened (an SMU that drops it
                    // at every step) waits its back-off like a refused hello.
                    Close();
                    _nextHelloMs = _hellosInRow == 0 ? _nowMs : _helloSentMs + Backoff(_hellosInRow);
                    return;
                }

                if (refusal.Reason == RefusalReason.NoSession && _helloUnanswered && HelloRefusal == RefusalReason.None
                    && _nowMs - _helloSentMs >= _options.HelloRetryMs)
                {
                    // Our hello went unanswered but the SMU answers now (it was away, or restarted):
                    // say hello at once rather than at the end of a long back-off.
                    _nextHelloMs = _nowMs;
                    return;
                }

                if (refusal.RefusedType == MessageType.Hello)
                {
                    HelloRefusal = refusal.Reason;
                    HelloRefusalDetail = refusal.Detail;
                    HelloRefusals++;
                    _helloUnanswered = false;
                    VersionMismatch = refusal.Reason == RefusalReason.VersionMismatch;
                    HelloRefused?.Invoke(refusal.Reason, refusal.Detail);
                    return;
                }

                if (refusal.RefusedType == MessageType.TimeSet && !_requests.Answer(refusal.RefusedSequence, refusal.RefusedType, LinkRequestState.Refused, refusal.Reason, refusal.Detail))
                {
                    // Our routine set after a hello.
                    ClockRefusal = refusal.Reason;
                    ClockRefusalDetail = refusal.Detail;
                    return;
                }

                if (refusal.RefusedType == MessageType.CheckpointReached)
                {
                    // An unknown stage: the SMU will not take it however often it is said.
                    CheckpointAnswered(refusal.RefusedSequence, CheckpointAnswer.Refused);
                    return;
                }

                _requests.Answer(refusal.RefusedSequence, refusal.RefusedType, LinkRequestState.Refused, refusal.Reason, refusal.Detail);
                break;

            case Accepted accepted when accepted.AcceptedType == MessageType.CheckpointReached:
                CheckpointAnswered(accepted.AcceptedSequence, CheckpointAnswer.Accepted);
                break;

            case Accepted accepted when accepted.AcceptedType == MessageType.TimeSet:
                ClockRefusal = RefusalReason.None;
                ClockRefusalDetail = 0;
                _requests.Answer(accepted.AcceptedSequence, accepted.AcceptedType, LinkRequestState.Done, RefusalReason.None, 0);
                break;

            case Accepted accepted:
                _requests.Answer(accepted.AcceptedSequence, accepted.AcceptedType, LinkRequestState.Done, RefusalReason.None, 0);
                break;

            case ShutdownRequest shutdown:
                if (!ShutdownInProgress)
                {
                    ShutdownInProgress = true;
                    ShutdownRequested?.Invoke(shutdown.Reason, shutdown.DeadlineSeconds);
                }

                break;

            case SmuStatus status:
                _requests.Reply(MessageType.StatusRequest, status.Snapshot());
                break;

            case LogRecord record:
                _requests.Oldest(MessageType.LogReadRequest)?.Records.Add(record.Snapshot());
                break;

            case LogReadEnd end:
                _requests.Reply(MessageType.LogReadRequest, null, end.Snapshot());
                break;
        }
    }

    private void Open()
    {
        bool wasOpen = IsOpen;
        IsOpen = true;
        _helloUnanswered = false;
        HelloRefusal = RefusalReason.None;
        HelloRefusals = 0;
        if (!wasOpen)
        {
            Opens++;
            _openedAtMs = _nowMs;
            _nextKickMs = _nowMs;
            if (_clockToSet.HasValue)
            {
                SendClock();
            }

            // A new session: the SMU may have restarted, so every checkpoint is said again.
            foreach (var checkpoint in _checkpoints)
            {
                checkpoint.Answer = CheckpointAnswer.None;
                checkpoint.Sent = false;
                checkpoint.NextSendMs = _nowMs;
            }

            SendCheckpoints();

            _healthChanged = Health.Raid != ControllerState.Unknown || Health.Lan != ControllerState.Unknown;
            OpenChanged?.Invoke(true);
        }
    }

    private void Close()
    {
        if (IsOpen)
        {
            IsOpen = false;
            OpenChanged?.Invoke(false);
        }

        _requests.DropSent();
    }

    private void SendHello()
    {
        var hello = _link.Outgoing.Hello;
        var version = _options.AgentVersion;
        hello.Introduce(NodeKind.Agent, Side.None, (byte)version.Major, (byte)version.Minor, (byte)Math.Max(0, version.Build));
        _link.Send(hello);
        HellosSent++;
        _helloUnanswered = true;
        _helloSentMs = _nowMs;
        // Every hello until a session lasts waits longer for the next: an SMU that refuses (its
        // server is off) or drops each session at once is asked less and less often. Kicks do not
        // wait for any of this (see Step).
        _hellosInRow++;
        _nextHelloMs = _nowMs + Backoff(_hellosInRow);
    }

    /// <summary>The wait after the <paramref name="hellos"/>-th hello in a row: the retry time, doubled each time, capped.</summary>
    private long Backoff(int hellos)
    {
        long wait = _options.HelloRetryMs << Math.Clamp(hellos - 1, 0, 20);
        return Math.Min(wait, Math.Max(_options.HelloRetryMs, _options.HelloBackoffMaxMs));
    }

    private void ResetBackoff() => _hellosInRow = 0;

    private void Kick()
    {
        var kick = _link.Outgoing.Kick;
        kick.Counter = ++_kickCounter;
        if (_link.Send(kick))
        {
            KicksSent++;
        }

        // Kicks keep their own rhythm: a late step does not shift every later kick.
        _nextKickMs += _options.KickPeriodMs;
        if (_nextKickMs <= _nowMs)
        {
            _nextKickMs = _nowMs + _options.KickPeriodMs;
        }
    }

    private void SendClock()
    {
        var time = _link.Outgoing.TimeSet;
        time.UnixMilliseconds = _clockToSet!.Value + (_nowMs - _clockSetAtMs);
        time.StepBack = false;
        _link.Send(time);
    }

    private void SendCheckpoints()
    {
        foreach (var checkpoint in _checkpoints)
        {
            if (checkpoint.Answer != CheckpointAnswer.None || _nowMs < checkpoint.NextSendMs || !_link.HasRoomForFrame)
            {
                continue;
            }

            var message = _link.Outgoing.CheckpointReached;
            message.Stage = checkpoint.Stage;
            if (_link.Send(message))
            {
                if (checkpoint.Sent)
                {
                    CheckpointRepeats++;
                }

                checkpoint.Sent = true;
                checkpoint.Sequence = _link.LastSentSequence;
                checkpoint.NextSendMs = _nowMs + _options.CheckpointRetryMs;
            }
        }
    }

    private void CheckpointAnswered(ushort sequence, CheckpointAnswer answer)
    {
        // Only the answer to the latest report counts: an answer to an earlier one that arrives
        // late is followed by the answer to the repeat.
        var checkpoint = _checkpoints.Find(c => c.Sent && c.Answer == CheckpointAnswer.None && c.Sequence == sequence);
        if (checkpoint is not null)
        {
            checkpoint.Answer = answer;
        }
    }

    private void SendHealth()
    {
        var health = _link.Outgoing.ControllerHealth;
        (health.Raid, health.Lan, health.RaidFailures, health.LanFailures) = Health;
        if (_link.Send(health))
        {
            _healthChanged = false;
            _nextHealthMs = _nowMs + _options.HealthReportPeriodMs;
        }
    }

    private enum CheckpointAnswer
    {
        None,
        Accepted,
        Refused,
    }

    /// <summary>A boot checkpoint reported to the SMU, repeated until it answers.</summary>
    private sealed class Checkpoint
    {
        public byte Stage { get; init; }

        public CheckpointAnswer Answer { get; set; }

        public bool Sent { get; set; }

        public ushort Sequence { get; set; }

        public long NextSendMs { get; set; }
    }
}
