using System.Globalization;
using System.Reflection;
using ColdStandby.Dm;
using ColdStandby.HostAgent;
using ColdStandby.Smu;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// The numbers a capture is checked against. The timings are the firmware's and the agent's own
/// defaults (read from <see cref="SmuConfig"/>, <see cref="DiskManagerConfig"/> and
/// <see cref="SmuSessionOptions"/>, so a changed default reaches the checker); the tolerances are
/// what real boards need on top: a 1 ms loop that acts on a deadline at its next step, a UART that
/// queues a frame behind others, an agent on a loaded general-purpose OS. Any of them can be set
/// by name (<c>--spec HeartbeatPeriodMs=100</c>) for boards configured otherwise.
/// </summary>
public sealed class CaptureSpec
{
    /// <summary>Gets or sets the serial links' baud rate (8N1).</summary>
    public int Baud { get; set; }

    /// <summary>Gets or sets how far a UART's measured bit rate may be off, in percent.</summary>
    public double BaudTolerancePercent { get; set; } = 3;

    /// <summary>Gets or sets the SMU's heartbeat period on the peer link.</summary>
    public long HeartbeatPeriodMs { get; set; }

    /// <summary>Gets or sets how far one heartbeat interval may be from the period (a frame queued behind others, a slow step).</summary>
    public long HeartbeatJitterMs { get; set; } = 20;

    /// <summary>Gets or sets how long an SMU hears nothing from its peer before it raises the peer-silent alarm.</summary>
    public long PeerSilentMs { get; set; }

    /// <summary>Gets or sets the agent's watchdog kick period.</summary>
    public long KickPeriodMs { get; set; }

    /// <summary>Gets or sets how much longer than the period one kick interval may be (the agent runs on a loaded OS; the longest intervals measured, under stress-ng and on a loaded machine, are in host-agent/README.md's Figures: at most 331 ms for the 250 ms period).</summary>
    public long KickJitterMs { get; set; } = 100;

    /// <summary>Gets or sets the SMU's watchdog timeout.</summary>
    public long WatchdogTimeoutMs { get; set; }

    /// <summary>Gets or sets the short press that turns a server on.</summary>
    public long PowerButtonPressMs { get; set; }

    /// <summary>Gets or sets the longest hold that forces a server off (released as soon as power-good drops).</summary>
    public long ForcedOffHoldMs { get; set; }

    /// <summary>Gets or sets how long a request must be gone before the DM drops its grant: a debounce (the request is a latch that holds through an SMU reboot).</summary>
    public long ReleaseDebounceMs { get; set; }

    /// <summary>Gets or sets how long nobody holds the grant between holders.</summary>
    public long SettleMs { get; set; }

    /// <summary>Gets or sets how long an SMU waits for a fitness reply, per try.</summary>
    public long FitnessReplyTimeoutMs { get; set; }

    /// <summary>Gets or sets how often an SMU asks for fitness.</summary>
    public int FitnessTries { get; set; }

    /// <summary>Gets or sets how long an SMU waits for a switch acknowledgement, per try.</summary>
    public long SwitchAckTimeoutMs { get; set; }

    /// <summary>Gets or sets how often an SMU sends a switch request.</summary>
    public int SwitchTries { get; set; }

    /// <summary>Gets or sets how late a board may act on a deadline or an input: its loop steps every millisecond, and reads inputs once a step.</summary>
    public long LoopToleranceMs { get; set; } = 5;

    /// <summary>Gets or sets how long two ends of a wire, or a grant and its access line, may disagree (optocouplers switch in microseconds).</summary>
    public long LineSkewMs { get; set; } = 2;

    /// <summary>Gets or sets the longest DM reboot: a grant taken while requested and not back within this was taken, not a reset.</summary>
    public long DmRebootMaxMs { get; set; } = 10_000;

    /// <summary>Gets the defaults: the firmware's and the agent's configuration defaults, and the tolerances above.</summary>
    public static CaptureSpec Defaults()
    {
        var smu = new SmuConfig();
        var dm = new DiskManagerConfig();
        var agent = new SmuSessionOptions();
        return new CaptureSpec
        {
            Baud = 115200,
            HeartbeatPeriodMs = smu.HeartbeatPeriodMs,
            PeerSilentMs = smu.PeerSilentMs,
            KickPeriodMs = agent.KickPeriodMs,
            WatchdogTimeoutMs = smu.WatchdogTimeoutMs,
            PowerButtonPressMs = smu.PowerButtonPressMs,
            ForcedOffHoldMs = smu.ForcedOffHoldMs,
            ReleaseDebounceMs = dm.ReleaseDebounceMilliseconds,
            SettleMs = dm.SettleMilliseconds,
            FitnessReplyTimeoutMs = smu.FitnessReplyTimeoutMs,
            FitnessTries = smu.FitnessTries,
            SwitchAckTimeoutMs = smu.SwitchAckTimeoutMs,
            SwitchTries = smu.SwitchTries,
        };
    }

    /// <summary>Gets the settable names.</summary>
    public static IEnumerable<string> Names => typeof(CaptureSpec).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);

    /// <summary>Sets one value from <c>Name=Value</c>; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public void Set(string entry)
    {
        int at = entry.IndexOf('=');
        string name = at > 0 ? entry[..at].Trim() : entry;
        var property = typeof(CaptureSpec).GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (at <= 0 || property == null || !property.CanWrite)
        {
            throw new ArgumentException($"--spec {entry}: expected NAME=VALUE with NAME one of {string.Join(", ", Names)}");
        }

        string text = entry[(at + 1)..].Trim();
        object? value = property.PropertyType == typeof(double)
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= 0 ? d : null
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long l) && l > 0 && l <= int.MaxValue ? l : null;
        if (value == null)
        {
            throw new ArgumentException($"--spec {entry}: {property.Name} must be a positive number");
        }

        property.SetValue(this, Convert.ChangeType(value, property.PropertyType, CultureInfo.InvariantCulture));
    }
}
