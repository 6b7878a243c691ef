using ColdStandby.Protocol;
using ColdStandby.Smu;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Checks the safety properties of DESIGN.md §2 at every step of every part and at every line
/// change, from the outside (the lines as the enclosures see them, the modes as the SMUs hold
/// them, the logs as written, the frames as delivered):
/// (1) access-A and access-B are never both asserted;
/// (2) the two SMUs are never both Active (checked literally on their modes);
/// (3) a server is powered on only while its side holds the grant (grant and access asserted at
///     the SMU's press and at power-good), and the DM never takes the disks from a running server
///     (an access line falls under a powered server only when the DM itself resets);
/// (4) every mode change (switch), grant, server fault and alarm that a step made is in that
///     board's log, written in that same step;
/// (5) no receiver delivers more frames than arrived untouched by noise (a spoiled frame is
///     never acted on; a noisy run is also compared with its clean twin by the scenarios).
/// The first violation stops the run with the time, the property and the last events.
/// </summary>
public sealed class SafetyMonitor
{
    private const int LastEventCount = 14;
    private static readonly Side[] Sides = { Side.A, Side.B };

    private readonly StandbySystem _system;
    private Mode _modeBefore;
    private AlarmFlags _alarmsBefore;
    private FaultKind _faultBefore;
    private bool _accessABefore;
    private bool _accessBBefore;

    internal SafetyMonitor(StandbySystem system)
    {
        _system = system;
    }

    /// <summary>Gets the violation that stopped the run, or null.</summary>
    public SafetyViolation? Violation { get; private set; }

    /// <summary>Gets how many checks ran.</summary>
    public long Checks { get; private set; }

    internal void Started(BoardNode board)
    {
    }

    internal void BeforeStep(Part part)
    {
        if (part is SmuNode smu && smu.Firmware is { } firmware)
        {
            _modeBefore = firmware.Mode;
            _alarmsBefore = firmware.Alarms;
            _faultBefore = firmware.Fault;
        }
        else if (part is DiskManagerNode)
        {
            _accessABefore = _system.Dm.Io.AccessA.Value;
            _accessBBefore = _system.Dm.Io.AccessB.Value;
        }
    }

    internal void AfterStep(Part part, int firstEvent)
    {
        Checks++;
        BothActive();
        if (part is SmuNode smu)
        {
            SmuLogged(smu, firstEvent);
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
    }

    internal void LineChanged(SignalLine line)
    {
        var io = _system.Dm.Io;
        if (io.AccessA.Value && io.AccessB.Value)
        {
            Violate(1, $"access-A and access-B are both asserted ({line} changed)");
            return;
        }

        foreach (var side in Sides)
        {
            var server = _system.Server(side);
            var access = side == Side.A ? io.AccessA : io.AccessB;
            var wiring = _system.Smu(side).Wiring;
            if (line == access && !line.Value && server.HasPower && !_system.Dm.Rebooting)
            {
                Violate(3, $"the DM took the disks from server {side} while it runs ({server.State})");
                return;
            }

            if (line == wiring.PowerButton && line.Value && !server.Powered && !_system.Smu(side).Rebooting
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
        var access = server.Side == Side.A ? _system.Dm.Io.AccessA : _system.Dm.Io.AccessB;
        if (!access.Value)
        {
            Violate(3, $"server {server.Side} powers on without its side's access to the disks");
        }
    }

    private void BothActive()
    {
        if (_system.SmuA.Mode == Mode.Active && _system.SmuB.Mode == Mode.Active)
        {
            var a = _system.SmuA.Firmware!;
            var b = _system.SmuB.Firmware!;
            Violate(2, $"SMU A and SMU B are both Active (A: epoch {a.Epoch}, phase {a.Phase}; B: epoch {b.Epoch}, phase {b.Phase})");
        }
    }

    private void SmuLogged(SmuNode smu, int firstEvent)
    {
        ServerManagementUnit firmware = smu.Firmware!;
        string who = smu.Side == Side.A ? "A" : "B";
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
        var io = _system.Dm.Io;
        DmLogged(firstEvent, Side.A, _accessABefore, io.AccessA.Value);
        DmLogged(firstEvent, Side.B, _accessBBefore, io.AccessB.Value);
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

    private void Delivered(UartLink link, LinkCounters counters, Part part, string receiver)
    {
        if (counters.Delivered > link.IntactFramesRead)
        {
            Violate(5, $"{part.Name} {receiver} delivered {counters.Delivered} frames but only {link.IntactFramesRead} arrived untouched by noise " +
                $"({link.FramesRead} read, {counters.Dropped} dropped)");
        }
    }

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
