using System.Globalization;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Control;

/// <summary>Words for the protocol's flags, codes and records, as operators read them.</summary>
internal static class Names
{
    public static string Health(HealthFlags flags) => Flags((ushort)flags, HealthNames);

    public static string Alarms(AlarmFlags flags) => flags == AlarmFlags.None ? "none" : Flags((ushort)flags, AlarmNames);

    public static string Refusal(RefusalReason reason, byte detail, MessageType refused = MessageType.OperatorCommand) => reason switch
    {
        RefusalReason.WrongMode => $"wrong mode (that side is {(Mode)detail})",
        RefusalReason.StaleEpoch => "stale: the state changed since the status you saw; look again",
        // The SMU names the peer's mode when it hears the peer: then the peer is there but not fit.
        RefusalReason.PeerUnavailable when detail != 0 => $"the other side is {(Mode)detail}, not a Standby fit to take over (a Failed side must be marked repaired first: coldstandby repaired A|B)",
        RefusalReason.PeerUnavailable => "the other SMU does not answer on the peer link",
        RefusalReason.OutOfRange when refused == MessageType.MaintenanceHold => $"longer than the SMU allows (at most {detail} min)",
        RefusalReason.Busy when refused == MessageType.MaintenanceHold => $"the server is not up and watched yet (switch phase {(SequencePhase)detail}): a hold is for a running server",
        RefusalReason.Busy => "busy (another command or a switch is under way)",
        RefusalReason.WrongSide => "wrong side",
        RefusalReason.ServerOff => "its server is off (power-good low): no session for an OS that cannot be running",
        RefusalReason.VersionMismatch when refused == MessageType.Hello => $"another protocol version (the SMU speaks version {detail})",
        RefusalReason.ClockAhead => $"its clock is ahead by {(detail >= 255 ? "255 days or more" : detail == 0 ? "more than 10 minutes" : $"{detail} days")}; to step it back: coldstandby clock --step-back",
        _ => reason.ToString(),
    };

    /// <summary>One log record as a tab-separated line: sequence, time, side, event, argument.</summary>
    public static string Record(LogRecord record)
    {
        string time = record.TimeMilliseconds > 946_684_800_000
            ? DateTimeOffset.FromUnixTimeMilliseconds(record.TimeMilliseconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : $"+{record.TimeMilliseconds / 1000.0:0.000}s";
        string code = Enum.IsDefined(record.Code) ? record.Code.ToString() : $"0x{(byte)record.Code:x2}";
        return $"{record.Sequence}\t{time}\t{record.Side}\t{code}\t{Argument(record)}";
    }

    private static string Argument(LogRecord record) => record.Code switch
    {
        EventCode.ModeChanged or EventCode.SmuReset => ((Mode)record.Argument).ToString(),
        EventCode.ServerFault => $"{(FaultKind)(record.Argument & 0xFF)} detail {record.Argument >> 16}",
        EventCode.AlarmRaised or EventCode.AlarmCleared => Alarms((AlarmFlags)record.Argument),
        EventCode.OperatorCommand => ((OperatorCommandKind)record.Argument).ToString(),
        EventCode.SwitchAbandoned => ((AbandonReason)record.Argument).ToString(),
        EventCode.StorageLost => record.Argument == 1 ? "array gone behind the grant line" : "grant gone",
        EventCode.GrantTimeout => record.Argument == 1 ? "server running" : "server off",
        EventCode.GrantTooSoon => $"{record.Argument} ms after the proof's fall",
        EventCode.MaintenanceStarted => record.Argument == 0 ? "seen in the peer's heartbeat" : $"{record.Argument} s",
        EventCode.MaintenanceEnded => record.Argument switch { 0 => "ended by the operator", 1 => "deadline passed", _ => "no longer watched" },
        EventCode.TimeSet => $"was {Seconds(record.Argument)}",
        EventCode.ClockStepBack => $"back from {Seconds(record.Argument)}",
        EventCode.PeerPhaseChanged => $"{(SequencePhase)(record.Argument & 0xFF)} (was {(SequencePhase)((record.Argument >> 8) & 0xFF)})",
        EventCode.AgentHello => $"agent {record.Argument >> 16}.{(record.Argument >> 8) & 0xFF}.{record.Argument & 0xFF}",
        _ => record.Argument.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A time in seconds from a record's argument: Unix seconds as a date, else seconds since the board started.</summary>
    private static string Seconds(uint seconds) => seconds > 946_684_800
        ? DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture)
        : $"+{seconds}s";

    private static readonly string[] HealthNames =
    {
        "powered", "power-good", "os-up", "services-ready", "raid-ok", "lan-ok", "storage-requested", "storage-granted", "watchdog-armed", "agent-connected", "maintenance-hold",
    };

    private static readonly string[] AlarmNames =
    {
        "server-fault", "peer-silent", "whole-system-failure", "service-failure", "storage-timeout", "forced-power-off", "on-battery",
        "storage-lost", "no-service", "battery-low",
    };

    private static string Flags(ushort value, string[] names)
    {
        var set = new List<string>();
        for (int i = 0; i < names.Length; i++)
        {
            if ((value & (1 << i)) != 0)
            {
                set.Add(names[i]);
            }
        }

        return set.Count == 0 ? "none" : string.Join(",", set);
    }
}
