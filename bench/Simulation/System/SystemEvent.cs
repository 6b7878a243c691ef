using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>What kind of thing a <see cref="SystemEvent"/> records.</summary>
public enum EventSource
{
    /// <summary>A record the firmware wrote to its event log (an SMU's or the DM's).</summary>
    Log,

    /// <summary>A fault the bench injected.</summary>
    Injected,

    /// <summary>Something an operator did.</summary>
    Operator,

    /// <summary>Something a server (or its OS) did, as the bench saw it.</summary>
    Server,

    /// <summary>The bench itself (a board reset, a note).</summary>
    Bench,
}

/// <summary>
/// One thing that happened, stamped with simulated time: a firmware log record (with its writer),
/// an injected fault, an operator action, a server's change. The timeline, the latency figures
/// and the safety monitor's "last events" are all read from these.
/// </summary>
public sealed record SystemEvent(long TimeNs, EventSource Source, string Who, EventCode Code, Side Side, uint Argument, string Text)
{
    /// <summary>Gets the time the firmware stamped a log record with (its boot clock, or Unix ms after a time set); 0 for other events.</summary>
    public long LogTimeMs { get; init; }

    /// <summary>Gets a log record's sequence number in its board's log; 0 for other events.</summary>
    public uint Sequence { get; init; }

    /// <summary>Gets the simulated time in milliseconds.</summary>
    public long TimeMs => TimeNs / SimTime.NsPerMs;

    /// <summary>Gets whether this is a log record of <paramref name="code"/>.</summary>
    public bool Is(EventCode code) => Source == EventSource.Log && Code == code;

    /// <inheritdoc/>
    public override string ToString() => $"{SimTime.Format(TimeNs)}  {Who,-8} {EventText.Describe(this)}";
}
