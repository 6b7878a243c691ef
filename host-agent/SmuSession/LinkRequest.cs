using ColdStandby.Protocol;

namespace ColdStandby.HostAgent;

/// <summary>What became of a request sent on a link (to the SMU or the DM).</summary>
public enum LinkRequestState
{
    /// <summary>Waiting to be sent or answered.</summary>
    Pending,

    /// <summary>Accepted (or, for status and log, answered).</summary>
    Done,

    /// <summary>Refused; see <see cref="LinkRequest.Reason"/>.</summary>
    Refused,

    /// <summary>No answer came in time, or the link was lost.</summary>
    TimedOut,
}

/// <summary>
/// One request (an operator command, a status or log read-out, a maintenance hold) on the host
/// link or the DM's management link, from sending to its answer. Completed on the thread that
/// steps the session.
/// </summary>
public sealed class LinkRequest
{
    internal LinkRequest(Message message)
    {
        Message = message;
    }

    /// <summary>Gets the type of message sent.</summary>
    public MessageType Kind => Message.Type;

    /// <summary>Gets the state.</summary>
    public LinkRequestState State { get; internal set; }

    /// <summary>Gets the refusal reason when refused.</summary>
    public RefusalReason Reason { get; internal set; }

    /// <summary>Gets the refusal's detail byte when refused.</summary>
    public byte Detail { get; internal set; }

    /// <summary>Gets the answer (a copy), for a status request that is done.</summary>
    public Message? Reply { get; internal set; }

    /// <summary>Gets the SMU's status, for an SMU status request that is done.</summary>
    public SmuStatus? Status => Reply as SmuStatus;

    /// <summary>Gets the records read, for a log request.</summary>
    public List<LogRecord> Records { get; } = new();

    /// <summary>Gets the log's range, for a log request that is done.</summary>
    public LogReadEnd? LogEnd { get; internal set; }

    /// <summary>Gets or sets what to call when the request completes.</summary>
    public Action<LinkRequest>? Completed { get; set; }

    internal Message Message { get; }

    internal ushort Sequence { get; set; }

    internal bool Sent { get; set; }

    internal long DeadlineMs { get; set; }

    internal void Complete(LinkRequestState state)
    {
        State = state;
        Completed?.Invoke(this);
    }
}
