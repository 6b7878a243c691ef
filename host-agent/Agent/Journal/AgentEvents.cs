using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Journal;

/// <summary>
/// The events that tell the story in the journal, each with its own MESSAGE_ID (journalctl
/// MESSAGE_ID=… and log shippers filter on it) and structured fields from the message template's
/// names (SIDE, MODE, EPOCH, ALARM, PHASE, CALLER_UID…). Any other log line has no MESSAGE_ID.
/// </summary>
internal static class AgentEvents
{
    public static readonly EventId ModeChanged = new(100, "ModeChanged");
    public static readonly EventId PeerModeChanged = new(101, "PeerModeChanged");
    public static readonly EventId FailoverStep = new(102, "FailoverStep");
    public static readonly EventId AlarmRaised = new(103, "AlarmRaised");
    public static readonly EventId AlarmCleared = new(104, "AlarmCleared");
    public static readonly EventId OperatorCommand = new(105, "OperatorCommand");
    public static readonly EventId MaintenanceStarted = new(106, "MaintenanceStarted");
    public static readonly EventId MaintenanceEnded = new(107, "MaintenanceEnded");
    public static readonly EventId SmuLink = new(108, "SmuLink");
    public static readonly EventId ControllerFailed = new(109, "ControllerFailed");
    public static readonly EventId ServiceRestarted = new(110, "ServiceRestarted");
    public static readonly EventId ShutdownRequested = new(111, "ShutdownRequested");
    public static readonly EventId MacWaiting = new(112, "MacWaiting");
    public static readonly EventId MacTakeover = new(113, "MacTakeover");
    public static readonly EventId MacPeerServerOn = new(114, "MacPeerServerOn");
    public static readonly EventId LastSwitch = new(115, "LastSwitch");

    /// <summary>
    /// The journal's MESSAGE_ID of an event: 128 bits in hex, a fixed ColdStandby prefix and the
    /// event's number (stable across versions: `journalctl MESSAGE_ID=5c3f0c1e8a7d4b2f9e6100000000006a`).
    /// </summary>
    public static string? MessageId(EventId id) => id.Id is >= 100 and < 200 ? $"5c3f0c1e8a7d4b2f9e61{id.Id:x12}" : null;
}
