using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>One thing a scenario expects of the finished run: a sentence, and a check that says what was seen instead (null: as expected).</summary>
public sealed record Expectation(string Text, Func<StandbySystem, string?> Check);

/// <summary>The expectations scenarios are written with.</summary>
public static class Expect
{
    /// <summary>The side serves at the end: its SMU Active and its server's services running.</summary>
    public static Expectation Serves(Side side) => new($"{side} serves (SMU Active, services up)", s =>
        s.Serving(side) ? null : $"{side}: SMU {s.Smu(side).Mode}, server {s.Server(side).State}{(s.Server(side).ServicesReady ? "" : ", services not ready")}");

    /// <summary>Nobody serves at the end.</summary>
    public static Expectation NobodyServes() => new("nobody serves", s =>
        s.ServingSide == Side.None ? null : $"{s.ServingSide} serves");

    /// <summary>The side's SMU ends in this mode.</summary>
    public static Expectation Mode(Side side, Mode mode) => new($"SMU {side} is {mode}", s =>
        s.Smu(side).Mode == mode ? null : $"SMU {side} is {s.Smu(side).Mode}");

    /// <summary>Exactly this many switches were taken (SwitchAccepted in the SMU logs).</summary>
    public static Expectation Switches(int count) => new(count == 0 ? "no switch" : $"{count} switch{(count == 1 ? "" : "es")}", s =>
    {
        int seen = s.Events.Count(e => e.Is(EventCode.SwitchAccepted));
        return seen == count ? null : $"{seen} switches";
    });

    /// <summary>The side's SMU logged a record of this code (and argument, when given).</summary>
    public static Expectation Logged(Side side, EventCode code, string what, Func<uint, bool>? argument = null) => new($"SMU {side} logged {what}", s =>
        s.Events.Any(e => e.Is(code) && e.Who == Who(side) && (argument == null || argument(e.Argument))) ? null : $"no {code} in SMU {side}'s log");

    /// <summary>The side's SMU never logged a record of this code.</summary>
    public static Expectation NotLogged(Side side, EventCode code, string what) => new($"SMU {side} never logged {what}", s =>
        s.Events.FirstOrDefault(e => e.Is(code) && e.Who == Who(side)) is { } found ? $"logged at {SimTime.Format(found.TimeNs)}" : null);

    /// <summary>The side's SMU logged a server fault of this kind.</summary>
    public static Expectation Fault(Side side, FaultKind kind) =>
        Logged(side, EventCode.ServerFault, $"a {kind} server fault", a => (a & 0xFF) == (uint)kind);

    /// <summary>The side's SMU never logged a server fault.</summary>
    public static Expectation NoFault(Side side) => NotLogged(side, EventCode.ServerFault, "a server fault");

    /// <summary>
    /// The DM released no grant of the side once its server was first pressed on (a reboot or hang of
    /// any length keeps the holder's access); the release of a grant's proof before that is the SMU's own.
    /// </summary>
    public static Expectation GrantNeverReleased(Side side) => new($"the DM never released {side}'s grant once its server was on", s =>
    {
        long poweredNs = s.Events.FirstOrDefault(e => e.Is(EventCode.PowerOn) && e.Who == Who(side))?.TimeNs ?? long.MaxValue;
        return s.Events.FirstOrDefault(e => e.Is(EventCode.GrantReleased) && e.Who == "DM" && e.Side == side && e.TimeNs >= poweredNs) is { } found
            ? $"it did at {SimTime.Format(found.TimeNs)}" : null;
    });

    /// <summary>The DM logged a record of this code for this side.</summary>
    public static Expectation DmLogged(EventCode code, Side side, string what) => new($"DM logged {what}", s =>
        s.Events.Any(e => e.Is(code) && e.Who == "DM" && e.Side == side) ? null : $"no {code} {side} in the DM's log");

    /// <summary>The side's alarm includes this one at the end.</summary>
    public static Expectation Alarm(Side side, AlarmFlags alarm) => new($"SMU {side} shows alarm {alarm}", s =>
        s.Smu(side).Firmware is { } f && (f.Alarms & alarm) != 0 ? null : $"alarms of SMU {side}: {s.Smu(side).Firmware?.Alarms}");

    /// <summary>The side raised this alarm at some time during the run.</summary>
    public static Expectation AlarmRaised(Side side, AlarmFlags alarm) =>
        Logged(side, EventCode.AlarmRaised, $"alarm {alarm} raised", a => a == (uint)alarm);

    /// <summary>The side never raised this alarm.</summary>
    public static Expectation NeverAlarm(Side side, AlarmFlags alarm) => new($"SMU {side} never raised {alarm}", s =>
        s.Events.FirstOrDefault(e => e.Is(EventCode.AlarmRaised) && e.Who == Who(side) && e.Argument == (uint)alarm) is { } found
            ? $"raised at {SimTime.Format(found.TimeNs)}" : null);

    /// <summary>The server of the side booted its OS this many times.</summary>
    public static Expectation Boots(Side side, int count) => new($"server {side} booted its OS {count} time{(count == 1 ? "" : "s")}", s =>
        s.Server(side).Boots == count ? null : $"{s.Server(side).Boots} boots");

    /// <summary>A custom expectation.</summary>
    public static Expectation That(string text, Func<StandbySystem, bool> holds, Func<StandbySystem, string> seen) =>
        new(text, s => holds(s) ? null : seen(s));

    private static string Who(Side side) => side == Side.A ? "A" : "B";
}
