using ColdStandby.Protocol;

namespace ColdStandby.HostAgent;

/// <summary>What became of an operator request sent to the SMU.</summary>
public enum SmuRequestState
{
    /// <summary>Waiting to be sent or answered.</summary>
    Pending,

    /// <summary>The SMU accepted it (or, for status and log, answered it).</summary>
    Done,

    /// <summary>The SMU refused it; see <see cref="SmuRequest.Reason"/>.</summary>
    Refused,

    /// <summary>No answer came in time, or the link was lost.</summary>
    TimedOut,
}

/// <summary>
/// One operator request (command, status, log read-out) on the host link, from sending to its
/// answer. Completed on the thread that steps the session.
/// </summary>
public sealed class SmuRequest
{
    internal SmuRequest(MessageType kind)
    {
        Kind = kind;
    }

    /// <summary>Gets the type of message sent.</summary>
    public MessageType Kind { get; }

    /// <summary>Gets the state.</summary>
    public SmuRequestState State { get; internal set; }

    /// <summary>Gets the refusal reason when refused.</summary>
    public RefusalReason Reason { get; internal set; }

    /// <summary>Gets the refusal's detail byte when refused.</summary>
    public byte Detail { get; internal set; }

    /// <summary>Gets the status, for a status request that is done.</summary>
    public SmuStatus? Status { get; internal set; }

    /// <summary>Gets the records read, for a log request.</summary>
    public List<LogRecord> Records { get; } = new();

    /// <summary>Gets the log's range, for a log request that is done.</summary>
    public LogReadEnd? LogEnd { get; internal set; }

    /// <summary>Gets or sets what to call when the request completes.</summary>
    public Action<SmuRequest>? Completed { get; set; }

    internal ushort Sequence { get; set; }

    internal bool Sent { get; set; }

    internal long DeadlineMs { get; set; }

    internal Message? Message { get; set; }

    internal void Complete(SmuRequestState state)
    {
        State = state;
        Completed?.Invoke(this);
    }
}
