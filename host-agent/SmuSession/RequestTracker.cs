using ColdStandby.Protocol;

namespace ColdStandby.HostAgent;

/// <summary>
/// The requests under way on one link, shared by the SMU and DM sessions: queued, sent when the
/// link has room (at most <c>inFlight</c> unanswered at once), matched with their answer by
/// sequence number and type (a status or log reply by type: the node answers in order), and
/// timed out. Not thread-safe: the session's stepping thread owns it.
/// </summary>
public sealed class RequestTracker
{
    private readonly List<LinkRequest> _requests = new();
    private readonly long _timeoutMs;
    private readonly int _inFlight;

    /// <summary>Initializes a new instance of the <see cref="RequestTracker"/> class.</summary>
    /// <param name="timeoutMs">How long a request waits for its answer, from when it was queued and again from when it was sent.</param>
    /// <param name="inFlight">How many requests may be unanswered at once (the DM serves one at a time).</param>
    public RequestTracker(long timeoutMs, int inFlight)
    {
        _timeoutMs = timeoutMs;
        _inFlight = inFlight;
    }

    /// <summary>Gets whether a queued request waits to be sent.</summary>
    public bool HasUnsent => _requests.Exists(r => !r.Sent) && _requests.Count(r => r.Sent) < _inFlight;

    /// <summary>Gets the earliest deadline of a request, <see cref="long.MaxValue"/> when none.</summary>
    public long NextDeadlineMs => _requests.Count == 0 ? long.MaxValue : _requests.Min(r => r.DeadlineMs);

    /// <summary>Queues a request for <paramref name="message"/> (a message owned by the request).</summary>
    public LinkRequest Add(Message message, long nowMs)
    {
        var request = new LinkRequest(message) { DeadlineMs = nowMs + _timeoutMs };
        _requests.Add(request);
        return request;
    }

    /// <summary>Sends the queued requests the link has room for.</summary>
    public void SendDue(FrameLink link, long nowMs)
    {
        foreach (var request in _requests)
        {
            if (!request.Sent && link.HasRoomForFrame && _requests.Count(r => r.Sent) < _inFlight)
            {
                link.Send(request.Message);
                request.Sequence = link.LastSentSequence;
                request.Sent = true;
                request.DeadlineMs = nowMs + _timeoutMs;
            }
        }
    }

    /// <summary>An Accepted or Refusal naming a sent request completes it; false when it names none.</summary>
    public bool Answer(ushort sequence, MessageType type, LinkRequestState state, RefusalReason reason, byte detail)
    {
        var request = _requests.FirstOrDefault(r => r.Sent && r.Sequence == sequence && r.Kind == type);
        if (request is null)
        {
            return false;
        }

        _requests.Remove(request);
        request.Reason = reason;
        request.Detail = detail;
        request.Complete(state);
        return true;
    }

    /// <summary>Gets the oldest sent request of a kind (the one a status or log reply answers), or null.</summary>
    public LinkRequest? Oldest(MessageType kind) => _requests.FirstOrDefault(r => r.Sent && r.Kind == kind);

    /// <summary>Completes the oldest sent request of a kind as done with its reply (a copy is kept).</summary>
    public void Reply(MessageType kind, Message? reply, LogReadEnd? end = null)
    {
        var request = Oldest(kind);
        if (request is null)
        {
            return;
        }

        _requests.Remove(request);
        request.Reply = reply;
        request.LogEnd = end;
        request.Complete(LinkRequestState.Done);
    }

    /// <summary>Times out every request whose deadline passed.</summary>
    public void Expire(long nowMs)
    {
        for (int i = _requests.Count - 1; i >= 0; i--)
        {
            var request = _requests[i];
            if (nowMs >= request.DeadlineMs)
            {
                _requests.RemoveAt(i);
                request.Complete(LinkRequestState.TimedOut);
            }
        }
    }

    /// <summary>Times out every sent request (the session closed: no answer can come); queued ones wait for the next session.</summary>
    public void DropSent()
    {
        foreach (var request in _requests.Where(r => r.Sent).ToList())
        {
            _requests.Remove(request);
            request.Complete(LinkRequestState.TimedOut);
        }
    }
}
