using ColdStandby.Protocol;
using ColdStandby.Smu;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Checks the safety and liveness properties of DESIGN.md §2 at every step of every part and at
/// every line change, from the outside (the lines as the enclosures see them, the modes as the SMUs
/// hold them or have persisted them, the logs as written, the frames as delivered):
/// (1) access-A and access-B are never both asserted;
/// (2) the two SMUs are never both Active — a rebooting SMU counts with the mode it will resume as
///     (its persisted mode; a persisted Active only while its request latch or the grant backs it);
/// (3) an SMU holds its server's power button to turn it on only while its side holds the grant and
///     the access, from the press to its release (the SMU may take its next step to let go after the
///     grant drops), and a server powers on only with its side's access, unless its SMU cut the press
///     short when the grant went (the server then runs without its disks and cannot load the OS);
/// (4) every mode change (switch), grant, server fault and alarm that a step made is in that board's
///     log, written in that same step, and a board's log times never go back without a time set;
/// (5) no receiver delivers more frames than arrived untouched by noise (a spoiled frame is never
///     acted on; a noisy run is also compared with its clean twin by the scenarios);
/// (6) liveness: a running server that still asks for its disks never loses them to a reboot or hang
///     of an SMU or of the DM (only a fence, the DM's power or its SMU's power take them); an outage
///     of a running Active server is alarmed within <see cref="OutageAlarmMs"/> (of an SMU running: with both SMUs down nobody can alarm;
///     with its grant wire stuck high, within the agent's RAID probe period more); nobody serving for
///     longer than the SMUs' no-service limit always has an alarm saying so; and a healthy server
///     is never failed over.
/// The first violation stops the run with the time, the property and the last events.
/// </summary>
public sealed class SafetyMonitor
{
    /// <summary>
    /// How long an outage of a running Active server may last before an SMU's alarm must say so, from
    /// its start or the latest SMU boot (a board that just started needs its peer-silent time to hear
    /// that the peer is gone): the peer-silent time and two heartbeats.
    /// </summary>
    public long OutageAlarmMs => _system.Options.Smu.PeerSilentMs + (2 * _system.Options.Smu.HeartbeatPeriodMs);

    private const int LastEventCount = 14;

    /// <summary>How much later than its no-service limit an SMU may say that nobody serves (what it could not know yet).</summary>
    private const long NoServiceSlackMs = 15_000;
    private static readonly Side[] Sides = { Side.A, Side.B };

    private readonly StandbySystem _system;
    private readonly SmuNode _smuA;
    private readonly SmuNode _smuB;
    private readonly ServerModel _serverA;
    private readonly ServerModel _serverB;
    private readonly SignalLine _accessA;
    private readonly SignalLine _accessB;
    private readonly long[] _lastLogTimes = new long[3];
    private readonly long[] _outageSinceMs = { -1, -1, -1 };
    private readonly bool[] _outageBehindStuckWire = new bool[3];
    private readonly long[] _accessFellAtMs = { -1, -1, -1 };
    private Mode _modeBefore;
    private AlarmFlags _alarmsBefore;
    private FaultKind _faultBefore;
    private bool _accessABefore;
    private bool _accessBBefore;
    private long _servedAtMs;
    private long _alarmedAtMs = long.MinValue / 2;

    internal SafetyMonitor(StandbySystem system)
    {
        _system = system;

        // The parts and lines a check looks at are wired once; the firmware in a board comes and goes.
        _smuA = system.SmuA;
        _smuB = system.SmuB;
        _serverA = system.ServerA;
        _serverB = system.ServerB;
        _accessA = system.Dm.AccessA;
        _accessB = system.Dm.AccessB;
    }

    /// <summary>Gets the violation that stopped the run, or null.</summary>
    public SafetyViolation? Violation { get; private set; }

    /// <summary>Gets how many checks ran.</summary>
    public long Checks { get; private set; }

    /// <summary>Gets the outages of a running Active server seen (each alarmed in time, or the run stopped).</summary>
    public int Outages { get; private set; }

    /// <summary>Gets the longest time nobody served, in milliseconds.</summary>
    public long LongestNoServiceMs { get; private set; }

    /// <summary>
    /// Gets the monitor's clocks (the explorer's fingerprint): last service, last alarm, each side's
    /// outage start (-1: none) and whether a stuck grant wire hid that outage for a while.
    /// </summary>
    internal (long ServedAtMs, long AlarmedAtMs, long[] OutageSinceMs, bool[] OutageBehindStuckWire) Clocks() => (_servedAtMs, _alarmedAtMs, _outageSinceMs, _outageBehindStuckWire);

    internal void Started(BoardNode board)
    {
    }

    /// <summary>
    /// At the end of a run: what must be kept is kept. The last <see cref="KeptRecords"/> switches,
    /// faults, grants and mode changes each board logged can still be read from its log, whatever
    /// flood of other records came after them.
    /// </summary>
    public void Finish()
    {
        foreach (var (who, log) in new[] { ("A", _system.SmuA.Firmware?.Log), ("B", _system.SmuB.Firmware?.Log), ("DM", _system.Dm.Firmware?.Log) })
        {
            if (log == null || Violation != null)
            {
                continue;
            }

            var record = new ColdStandby.RecordStore.EventRecord();
            var important = _system.Events.Where(e => e.Source == EventSource.Log && e.Who == who && MustBeKept(e.Code)).TakeLast(KeptRecords);
            foreach (var e in important)
            {
                if (!log.TryRead(e.Sequence, record) || record.Code != e.Code)
                {
                    Violate(4, $"{(who == "DM" ? "the DM's" : $"SMU {who}'s")} log lost record {e.Sequence} ({e.Code} {e.Side} {e.Argument}), one of its last {KeptRecords} switches, faults and grants");
                    return;
                }
            }
        }
    }

    /// <summary>How many of the newest switches, faults, grants and mode changes each log must still hold at the end of a run.</summary>
    public const int KeptRecords = 8;

    private static bool MustBeKept(EventCode code) => code is EventCode.ModeChanged or EventCode.ServerFault or EventCode.SwitchAccepted
        or EventCode.SwitchAcknowledged or EventCode.SwitchRequested or EventCode.SwitchAbandoned or EventCode.GrantGiven
        or EventCode.GrantReleased or EventCode.GrantRestored or EventCode.Fenced;

    internal void BeforeStep(Part part)
    {
        if (part is SmuNode smu && smu.Firmware is { } firmware)
        {
            _modeBefore = firmware.Mode;
            _alarmsBefore = firmware.Alarms;
            _faultBefore = firmware.Fault;
        }
        else if (part is DiskManagerNode dm)
        {
            _accessABefore = dm.AccessA.Value;
            _accessBBefore = dm.AccessB.Value;
        }
    }

    internal void AfterStep(Part part, int firstEvent)
    {
        Checks++;

        // Nothing a check does changes what another looks at: the modes that count are read once.
        Mode modeA = _smuA.ModeForSafety;
        Mode modeB = _smuB.ModeForSafety;
        BothActive(modeA, modeB);
        if (part is SmuNode smu)
        {
            SmuLogged(smu, firstEvent);
            PressHeldWithoutGrant(smu);
            HealthyServerFailedOver(smu, firstEvent);
            Delivered(smu.Wiring.Peer.In, smu.Firmware!.PeerLinkCounters, smu, "peer link");
            Delivered(smu.Wiring.Host.In, smu.Firmware.HostLinkCounters, smu, "host link");
        }
        else if (part is DiskManagerNode dm)
        {
            DmLogged(firstEvent);
            Delivered(dm.Management.In, dm.Firmware!.ManagementCounters, dm, "management link");
            Delivered(dm.Controllers.In, dm.Firmware.ControllerCounters, dm, "controller link");
        }
        else if (part is ServerModel server && server.Agent is { } agent)
        {
            var link = _system.Smu(server.Side).Wiring.Host.Out;
            Delivered(link, agent.Counters, server, "agent's host link");
        }

        LogTimesForward(firstEvent);
        Service(modeA, modeB);
    }

    internal void LineChanged(SignalLine line)
    {
        var dm = _system.Dm;
        if (dm.AccessA.Value && dm.AccessB.Value)
        {
            Violate(1, $"access-A and access-B are both asserted ({line} changed)");
            return;
        }

        foreach (var side in Sides)
        {
            var server = _system.Server(side);
            var access = side == Side.A ? dm.AccessA : dm.AccessB;
            var smu = _system.Smu(side);
            var wiring = smu.Wiring;
            if (line == access && !line.Value)
            {
                _accessFellAtMs[(int)side] = _system.NowMs;
            }

            if (line == access && !line.Value && server.HasPower && wiring.StorageRequest.Value
                && dm.State != BoardState.Unpowered && dm.Firmware?.FencedSides is not (1 or 2 or 3))
            {
                Violate(6, $"the DM took the disks from server {side} while it runs ({server.State}) and SMU {side} still asks for them " +
                    $"(DM {dm.State}, SMU {side} {smu.State})");
                return;
            }

            if (line == wiring.PowerButton && line.Value && !server.Powered && !smu.Rebooting
                && !(wiring.StorageGranted.Value && access.Value))
            {
                Violate(3, $"SMU {side} pressed the power button of its powered-off server without the grant " +
                    $"(grant {(wiring.StorageGranted.Value ? "on" : "off")}, access {(access.Value ? "on" : "off")})");
                return;
            }
        }
    }

    internal void ServerPoweringOn(ServerModel server)
    {
        // A press held whole with the access (the press itself is judged as it starts and while it
        // lasts) whose access fell in the very millisecond it ended: the SMU let go at its next step,
        // this one. Had the DM stepped after the SMU, the server would have come on with its access and
        // lost it at once: an outage (property 6), not a power-on without the grant. The verdict must
        // not hang on which part steps first in a millisecond.
        var access = server.Side == Side.A ? _system.Dm.AccessA : _system.Dm.AccessB;
        bool fellAsThePressEnded = _accessFellAtMs[(int)server.Side] == _system.NowMs;
        if (!access.Value && !server.PressCutShort && !fellAsThePressEnded)
        {
            Violate(3, $"server {server.Side} powers on without its side's access to the disks");
        }
    }

    /// <summary>
    /// An on-press the SMU still holds after a step in which it saw the grant gone: it must let go
    /// in that very step.
    /// </summary>
    private void PressHeldWithoutGrant(SmuNode smu)
    {
        var wiring = smu.Wiring;
        if (!wiring.PowerButton.Value)
        {
            return;
        }

        var server = smu.Side == Side.A ? _serverA : _serverB;
        var access = smu.Side == Side.A ? _accessA : _accessB;
        if (server.OnPressHeld && !(wiring.StorageGranted.Value && access.Value))
        {
            Violate(3, $"SMU {smu.Side} still holds its server's power-on press with the grant gone " +
                $"(grant {(wiring.StorageGranted.Value ? "on" : "off")}, access {(access.Value ? "on" : "off")})");
        }
    }

    /// <summary>A server fault of a server that has nothing wrong: the SMU fails over a healthy Active server.</summary>
    private void HealthyServerFailedOver(SmuNode smu, int firstEvent)
    {
        var server = _system.Server(smu.Side);
        if (Logged(firstEvent, Who(smu.Side), EventCode.ServerFault, Side.None, 0, 0) && server.Healthy)
        {
            var fault = smu.Firmware!.Fault;
            Violate(6, $"SMU {smu.Side} failed over its healthy server ({fault}; the server is {server.State} with nothing injected)");
        }
    }

    private void BothActive(Mode modeA, Mode modeB)
    {
        if (modeA == Mode.Active && modeB == Mode.Active)
        {
            Violate(2, $"SMU A and SMU B are both Active (A: {Describe(_system.SmuA)}; B: {Describe(_system.SmuB)})");
        }
    }

    private static string Describe(SmuNode smu) => smu.Firmware is { } f
        ? $"epoch {f.Epoch}, phase {f.Phase}"
        : $"{smu.State}, persisted {smu.ModeForSafety}";

    /// <summary>
    /// Outages and service: a running Active server without its access must be alarmed within
    /// <see cref="OutageAlarmMs"/>; nobody serving for longer than the SMUs' no-service limit must be
    /// alarmed by a running SMU.
    /// </summary>
    private void Service(Mode modeA, Mode modeB)
    {
        long now = _system.NowMs;
        var firmwareA = _smuA.Firmware;
        var firmwareB = _smuB.Firmware;
        if ((firmwareA != null && firmwareA.Alarms != AlarmFlags.None) || (firmwareB != null && firmwareB.Alarms != AlarmFlags.None))
        {
            _alarmedAtMs = now;
        }

        // An alarm that goes and comes back within the grace (a peer-silent alarm cleared by one stray
        // frame, a board that restarts and raises it again) still says so.
        long outageAlarmMs = OutageAlarmMs;
        bool alarmed = now - _alarmedAtMs < outageAlarmMs;

        // With neither SMU running (both rebooting, hung or without power) nobody can raise an
        // alarm: an outage is judged only while one runs, from when it began to run (booted or
        // came out of a hang).
        bool smuRunning = _smuA.State == BoardState.Running || _smuB.State == BoardState.Running;
        if (Outage(Side.A, modeA, firmwareA, _serverA, _accessA, now, outageAlarmMs, alarmed, smuRunning)
            || Outage(Side.B, modeB, firmwareB, _serverB, _accessB, now, outageAlarmMs, alarmed, smuRunning))
        {
            return;
        }

        // Serving: an SMU Active in its running firmware (not a rebooting board's persisted mode) and its server's services up.
        bool serving = (firmwareA != null && firmwareA.Mode == Mode.Active && _serverA.Serving)
            || (firmwareB != null && firmwareB.Mode == Mode.Active && _serverB.Serving);
        if (serving)
        {
            _servedAtMs = now;
        }

        long quiet = serving ? 0 : now - _servedAtMs;
        LongestNoServiceMs = Math.Max(LongestNoServiceMs, quiet);

        // An SMU counts the silence from the later of the last service and its own boot (a board
        // that just started cannot know how long nobody served), and from when it could know the
        // service stopped (a peer counts as serving until declared silent, a hung OS until the
        // watchdog, a broken controller until the agent's next probe): the first SMU due must say so.
        if (serving || alarmed)
        {
            return;
        }

        long limit = _system.Options.Smu.NoServiceAlarmMs + NoServiceSlackMs;
        long due = long.MaxValue;
        if (_smuA.State == BoardState.Running)
        {
            due = Math.Max(_servedAtMs, _smuA.BootedAtMs) + limit;
        }

        if (_smuB.State == BoardState.Running)
        {
            due = Math.Min(due, Math.Max(_servedAtMs, _smuB.BootedAtMs) + limit);
        }

        if (now > due)
        {
            Violate(6, $"nobody has served for {quiet / 1000} s and no SMU raises an alarm saying why");
        }
    }

    /// <summary>
    /// One side's outage: a running Active server without its access must be alarmed within
    /// <see cref="OutageAlarmMs"/>; true when that is violated now (the check stops there).
    /// </summary>
    private bool Outage(Side side, Mode mode, ServerManagementUnit? firmware, ServerModel server, SignalLine access, long now, long outageAlarmMs, bool alarmed, bool smuRunning)
    {
        bool outage = mode == Mode.Active && server.HasPower && !access.Value
            && (firmware == null || firmware.Phase is SequencePhase.Idle or SequencePhase.Booting);
        ref long since = ref _outageSinceMs[(int)side];
        ref bool behindStuckWire = ref _outageBehindStuckWire[(int)side];
        if (!outage)
        {
            since = -1;
            behindStuckWire = false;
            return false;
        }

        if (since < 0)
        {
            since = now;
            Outages++;
        }

        // A grant wire stuck high hides the outage from the SMU: only the agent's next RAID probe
        // (the array has lost its disks) can tell it — also once the wire works again, which the
        // SMU then sees at once, but the time it was hidden is not given back.
        behindStuckWire |= _system.Smu(side).Wiring.StorageGranted.StuckAt == true;
        long alarmWithinMs = behindStuckWire ? outageAlarmMs + server.Timings.ProbePeriodMs : outageAlarmMs;
        long latestStart = Math.Max(_smuA.RunningSinceMs, _smuB.RunningSinceMs);
        if (smuRunning && now - Math.Max(since, latestStart) >= alarmWithinMs && !alarmed)
        {
            Violate(6, $"server {side} runs Active without access to its disks for {now - since} ms and no SMU raises an alarm (a silent outage)");
            return true;
        }

        return false;
    }

    private void SmuLogged(SmuNode smu, int firstEvent)
    {
        ServerManagementUnit firmware = smu.Firmware!;
        string who = Who(smu.Side);
        if (firmware.Mode != _modeBefore && !Logged(firstEvent, who, EventCode.ModeChanged, Side.None, 0xFFFFFFFF, (uint)firmware.Mode))
        {
            Violate(4, $"SMU {smu.Side} changed mode {_modeBefore} → {firmware.Mode} without a ModeChanged record");
            return;
        }

        AlarmFlags raised = firmware.Alarms & ~_alarmsBefore;
        if (firmware.PeerFlapping)
        {
            // A flapping cable's silences are counted; the PeerFlapping record at the window's end says how many.
            raised &= ~AlarmFlags.PeerSilent;
        }

        for (int bit = 1; raised != AlarmFlags.None && bit <= (int)AlarmFlags.All; bit <<= 1)
        {
            if (((int)raised & bit) != 0 && !Logged(firstEvent, who, EventCode.AlarmRaised, Side.None, 0xFFFFFFFF, (uint)bit))
            {
                Violate(4, $"SMU {smu.Side} raised alarm {(AlarmFlags)bit} without an AlarmRaised record");
                return;
            }
        }

        FaultKind fault = firmware.Fault;
        if (fault != _faultBefore && fault != FaultKind.None && fault != FaultKind.PlannedSwitchover
            && !Logged(firstEvent, who, EventCode.ServerFault, Side.None, 0xFF, (uint)fault))
        {
            Violate(4, $"SMU {smu.Side} started a failover for {fault} without a ServerFault record");
        }
    }

    private void DmLogged(int firstEvent)
    {
        var dm = _system.Dm;
        DmLogged(firstEvent, Side.A, _accessABefore, dm.AccessA.Value);
        DmLogged(firstEvent, Side.B, _accessBBefore, dm.AccessB.Value);
    }

    private void DmLogged(int firstEvent, Side side, bool before, bool after)
    {
        if (!before && after && !Logged(firstEvent, "DM", EventCode.GrantGiven, side, 0, 0)
            && !Logged(firstEvent, "DM", EventCode.GrantRestored, side, 0, 0))
        {
            Violate(4, $"the DM gave access-{side} without a GrantGiven or GrantRestored record");
        }
        else if (before && !after && !Logged(firstEvent, "DM", EventCode.GrantReleased, side, 0, 0)
            && !Logged(firstEvent, "DM", EventCode.Fenced, side, 0, 0))
        {
            Violate(4, $"the DM took access-{side} away without a GrantReleased or Fenced record");
        }
    }

    /// <summary>A board's log times go forward (a time set steps them, and says so in its record; a clock set back writes ClockStepBack).</summary>
    private void LogTimesForward(int firstEvent)
    {
        var events = _system.Events;
        for (int i = firstEvent; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Source != EventSource.Log)
            {
                continue;
            }

            int board = e.Who == "A" ? 1 : e.Who == "B" ? 2 : 0;
            // A clock an operator set back is recorded as such (ClockStepBack, stamped with the new time).
            if (e.LogTimeMs < _lastLogTimes[board] && e.Code is not (EventCode.TimeSet or EventCode.ClockStepBack or EventCode.SmuReset or EventCode.DmReset))
            {
                Violate(4, $"{(board == 0 ? "the DM's" : $"SMU {e.Who}'s")} log went back in time ({e.LogTimeMs} after {_lastLogTimes[board]}) at {e.Code} without a record saying so");
                return;
            }

            _lastLogTimes[board] = e.LogTimeMs;
        }
    }

    private void Delivered(UartLink link, LinkCounters counters, Part part, string receiver)
    {
        if (counters.Delivered > link.IntactFramesRead)
        {
            Violate(5, $"{part.Name} {receiver} delivered {counters.Delivered} frames but only {link.IntactFramesRead} arrived untouched by noise " +
                $"({link.FramesRead} read, {counters.Dropped} dropped)");
        }
    }

    private static string Who(Side side) => side == Side.A ? "A" : "B";

    /// <summary>Whether a record of <paramref name="code"/> by <paramref name="who"/> was written in this step, for <paramref name="side"/> (None: any) with (argument &amp; mask) == value.</summary>
    private bool Logged(int firstEvent, string who, EventCode code, Side side, uint mask, uint value)
    {
        var events = _system.Events;
        for (int i = firstEvent; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Source == EventSource.Log && e.Who == who && e.Code == code && (side == Side.None || e.Side == side) && (e.Argument & mask) == value)
            {
                return true;
            }
        }

        return false;
    }

    private void Violate(int property, string detail)
    {
        if (Violation != null)
        {
            return;
        }

        var events = _system.Events;
        var last = events.Skip(Math.Max(0, events.Count - LastEventCount)).ToList();
        Violation = new SafetyViolation(_system.NowNs, property, SafetyViolation.Titles[property], detail, last);
        _system.Stop();
    }
}
