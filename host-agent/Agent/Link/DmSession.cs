using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Link;

/// <summary>
/// The agent as a management tool on the disk manager's management link (optional config
/// <c>dm.device</c>): hello, clock set, status and log read-out, one request at a time (the
/// request tracking is <see cref="SmuSession"/>'s). Stepped on the link thread like the SMU
/// session; requests complete there.
/// </summary>
internal sealed class DmSession
{
    private const long HelloRetryMs = 1000;
    private const long TimeoutMs = 3000;

    private readonly FrameLink _link;
    private readonly RequestTracker _requests = new(TimeoutMs, inFlight: 1);
    private long _nowMs;
    private long _nextHelloMs;
    private long? _clockUnixMs;
    private long _clockSetAtMs;

    public DmSession(IByteChannel channel)
    {
        _link = new FrameLink(channel, 8 * Frame.MaxWireLength, 4096);
    }

    public bool IsOpen { get; private set; }

    public Version? Firmware { get; private set; }

    /// <summary>Gets the receive counters of the link (frames delivered and dropped).</summary>
    public LinkCounters Counters => _link.Counters;

    /// <summary>Gets the earliest time at which <see cref="Step"/> has something to do on time alone.</summary>
    public long NextDueMs
    {
        get
        {
            long due = IsOpen ? long.MaxValue : _nextHelloMs;
            if (IsOpen && _requests.HasUnsent)
            {
                due = _nowMs;
            }

            return Math.Min(due, _requests.NextDeadlineMs);
        }
    }

    /// <summary>Sets the wall clock to give the DM after every hello; <paramref name="atMs"/> as in <see cref="SmuSession.SetClock"/>.</summary>
    public void SetClock(long unixMs, long? atMs = null)
    {
        _clockUnixMs = unixMs;
        _clockSetAtMs = atMs ?? _nowMs;
    }

    /// <summary>Sets the DM's clock now, answered; <paramref name="stepBack"/> moves it back however far (an operator correcting a wrong future date).</summary>
    public LinkRequest SetClockNow(long unixMs, bool stepBack, long? atMs = null)
    {
        SetClock(unixMs, atMs);
        return _requests.Add(new TimeSet { UnixMilliseconds = unixMs, StepBack = stepBack }, _nowMs);
    }

    /// <summary>Asks for the DM's status (<see cref="LinkRequest.Reply"/> is its <see cref="StorageStatus"/>).</summary>
    public LinkRequest RequestStatus() => _requests.Add(new StatusRequest(), _nowMs);

    /// <summary>Reads the DM's log from a sequence number.</summary>
    public LinkRequest ReadLog(uint from, ushort max) =>
        _requests.Add(new LogReadRequest { FromSequence = from, MaxCount = max }, _nowMs);

    /// <summary>Forgets the link's state after the device was reopened.</summary>
    public void Reconnected()
    {
        _link.Reset();
        IsOpen = false;
        _nextHelloMs = _nowMs;
        _requests.DropSent();
    }

    public void Step(long nowMs)
    {
        _nowMs = nowMs;
        _link.BeginStep();
        while (_link.Receive())
        {
            Handle(_link.Message);
        }

        if (!IsOpen && nowMs >= _nextHelloMs)
        {
            var hello = _link.Outgoing.Hello;
            hello.Introduce(NodeKind.Tool, Side.None, 0, 1, 0);
            _link.Send(hello);
            _nextHelloMs = nowMs + HelloRetryMs;
        }

        if (IsOpen)
        {
            _requests.SendDue(_link, nowMs);
        }

        _requests.Expire(nowMs);
        _link.Flush();
    }

    private void Handle(Message message)
    {
        switch (message)
        {
            case Hello hello when hello.Node == NodeKind.DiskManager && hello.ProtocolVersion == Frame.ProtocolVersion:
                IsOpen = true;
                Firmware = new Version(hello.FirmwareMajor, hello.FirmwareMinor, hello.FirmwarePatch);
                if (_clockUnixMs is { } clock)
                {
                    var time = _link.Outgoing.TimeSet;
                    time.UnixMilliseconds = clock + (_nowMs - _clockSetAtMs);
                    time.StepBack = false;
                    _link.Send(time);
                }

                break;
            case Refusal refusal:
                if (refusal.Reason == RefusalReason.NoSession)
                {
                    IsOpen = false;
                    _nextHelloMs = _nowMs;
                }

                _requests.Answer(refusal.RefusedSequence, refusal.RefusedType, LinkRequestState.Refused, refusal.Reason, refusal.Detail);
                break;
            case Accepted accepted:
                _requests.Answer(accepted.AcceptedSequence, accepted.AcceptedType, LinkRequestState.Done, RefusalReason.None, 0);
                break;
            case StorageStatus status:
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
}
