using ColdStandby.Hardware;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Link;

/// <summary>
/// The agent as a management tool on the disk manager's management link (optional config
/// <c>dm.device</c>): hello, clock set, status and log read-out, one request at a time. Stepped on
/// the link thread like <see cref="SmuSession"/>; answers are handed to callbacks there.
/// </summary>
internal sealed class DmSession
{
    private const long HelloRetryMs = 1000;
    private const long TimeoutMs = 3000;

    private readonly FrameLink _link;
    private readonly Queue<Pending> _queue = new();
    private Pending? _current;
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

    /// <summary>Sets the wall clock to give the DM after every hello.</summary>
    public void SetClock(long unixMs)
    {
        _clockUnixMs = unixMs;
        _clockSetAtMs = _nowMs;
    }

    /// <summary>Asks for the DM's status; the callback gets null on a time-out or refusal.</summary>
    public void RequestStatus(Action<StorageStatus?, string?> done) =>
        _queue.Enqueue(new Pending { Kind = MessageType.StatusRequest, StatusDone = done });

    /// <summary>Reads the DM's log from a sequence number; the callback gets the records and the end (null on failure).</summary>
    public void ReadLog(uint from, ushort max, Action<List<LogRecord>, LogReadEnd?, string?> done) =>
        _queue.Enqueue(new Pending { Kind = MessageType.LogReadRequest, From = from, Max = max, LogDone = done });

    /// <summary>Forgets the link's state after the device was reopened.</summary>
    public void Reconnected()
    {
        _link.Reset();
        IsOpen = false;
        _nextHelloMs = _nowMs;
        Fail("the DM link was reconnected");
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

        if (_current is not null && nowMs >= _current.DeadlineMs)
        {
            Fail($"the DM did not answer within {TimeoutMs} ms");
        }

        if (_current is null && _queue.Count > 0)
        {
            if (!IsOpen)
            {
                if (_queue.Peek().DeadlineMs == 0)
                {
                    _queue.Peek().DeadlineMs = nowMs + TimeoutMs;
                }
                else if (nowMs >= _queue.Peek().DeadlineMs)
                {
                    _current = _queue.Dequeue();
                    Fail("no session with the DM (it has not answered hello)");
                }
            }
            else
            {
                _current = _queue.Dequeue();
                _current.DeadlineMs = nowMs + TimeoutMs;
                if (_current.Kind == MessageType.StatusRequest)
                {
                    _link.Send(_link.Outgoing.StatusRequest);
                }
                else
                {
                    var read = _link.Outgoing.LogReadRequest;
                    read.FromSequence = _current.From;
                    read.MaxCount = _current.Max;
                    _link.Send(read);
                }

                _current.Sequence = _link.LastSentSequence;
            }
        }

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
                    _link.Send(time);
                }

                break;
            case Refusal refusal:
                if (refusal.Reason == RefusalReason.NoSession)
                {
                    IsOpen = false;
                    _nextHelloMs = _nowMs;
                }

                if (_current is not null && refusal.RefusedSequence == _current.Sequence)
                {
                    Fail($"the DM refused: {refusal.Reason}");
                }

                break;
            case StorageStatus status when _current?.Kind == MessageType.StatusRequest:
                var copy = status.Snapshot();
                var statusDone = _current.StatusDone!;
                _current = null;
                statusDone(copy, null);
                break;
            case LogRecord record when _current?.Kind == MessageType.LogReadRequest:
                _current.Records.Add(record.Snapshot());
                break;
            case LogReadEnd end when _current?.Kind == MessageType.LogReadRequest:
                var pending = _current;
                _current = null;
                pending.LogDone!(pending.Records, end.Snapshot(), null);
                break;
        }
    }

    private void Fail(string problem)
    {
        var pending = _current;
        _current = null;
        pending?.StatusDone?.Invoke(null, problem);
        pending?.LogDone?.Invoke(pending.Records, null, problem);
    }

    private sealed class Pending
    {
        public MessageType Kind { get; init; }

        public uint From { get; init; }

        public ushort Max { get; init; }

        public ushort Sequence { get; set; }

        public long DeadlineMs { get; set; }

        public List<LogRecord> Records { get; } = new();

        public Action<StorageStatus?, string?>? StatusDone { get; init; }

        public Action<List<LogRecord>, LogReadEnd?, string?>? LogDone { get; init; }
    }
}
