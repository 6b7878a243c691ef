using ColdStandby.Bench.Traces;
using ColdStandby.Dm;
using ColdStandby.HostAgent;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The whole cold-standby system in virtual time: two SMUs and the DM running their real firmware,
/// two servers whose OS runs the real host-agent session, wired by simulated lines and UART links
/// as the wiring contract says. The clock jumps from one thing to do to the next (a firmware
/// deadline, an arriving frame, a changed line, a scripted action), steps every part that has work
/// at that millisecond, and the <see cref="SafetyMonitor"/> checks DESIGN.md §2 after every step;
/// a violation stops the run.
/// </summary>
public sealed class StandbySystem
{
    private readonly Part[] _parts;
    private readonly PriorityQueue<(string What, Action Action), (long Ms, long Order)> _actions = new();
    private readonly EventRecord _record = new();
    private long _actionOrder;
    private Part? _stepping;

    public StandbySystem(SystemOptions options)
    {
        Options = options;
        string? bad = options.Smu.Validate() ?? options.Dm.Validate();
        if (bad != null)
        {
            throw new ArgumentException($"bad configuration key: {bad}");
        }

        var pins = PinMap.Boards;
        SignalLine Out(string scope, string board, string signal) => new(this, scope, pins[board, signal].Vcd, pins[board, signal].ResetLevel);
        SignalLine In(string scope, string board, string signal) => new(this, scope, pins[board, signal].Vcd, false);

        // A latch's output wire, traced under the pin that reads it back (SMU StorageRequest, DM AccessA/B)
        // or, for the DM's grant loops, under the SMU pin it arrives at (StorageGranted).
        SignalLine Latched(string scope, string board, string signal) => new(this, scope, pins[board, signal].Vcd, false);
        UartLink Link(string scope, string board, string signal) => new(this, scope, pins[board, signal].Vcd, options.Baud);

        // The DM's access latches: each drives its side's access line and the grant loop to that side's
        // SMU; an SMU's request input is the SMU's request latch.
        var accessA = Latched("dm", "dm", "AccessA");
        var accessB = Latched("dm", "dm", "AccessB");
        var grantA = Latched("smu_a", "smu", "StorageGranted");
        var grantB = Latched("smu_b", "smu", "StorageGranted");
        var latchA = new SignalLatch(accessA, grantA);
        var latchB = new SignalLatch(accessB, grantB);
        SignalLatch.Interlock(latchA, latchB);

        // The serial directions, named by their transmit pin; the agent's transmit line is the SMU's host receive pin.
        var peerATx = Link("smu_a", "smu", "PeerLinkTx");
        var peerBTx = Link("smu_b", "smu", "PeerLinkTx");
        var smuAHostTx = Link("smu_a", "smu", "HostLinkTx");
        var agentATx = Link("smu_a", "smu", "HostLinkRx");
        var smuBHostTx = Link("smu_b", "smu", "HostLinkTx");
        var agentBTx = Link("smu_b", "smu", "HostLinkRx");
        SmuWiring Wire(string scope, SignalLine grant, UartPort peer, UartPort host) => new(new Smu.SmuBoard(
            Out(scope, "smu", "PowerButton"),
            new SignalLatch(Latched(scope, "smu", "StorageRequest")),
            Out(scope, "smu", "Alarm"),
            In(scope, "smu", "PowerGood"),
            grant,
            In(scope, "smu", "RepairButton"),
            peer,
            host,
            new SignalLine(this, scope, pins["smu", "ExternalPower"].Vcd, true),
            new SignalLine(this, scope, pins["smu", "BatteryLow"].Vcd, false)));

        // The peer cable: A's transmit is B's receive and back.
        var wiringA = Wire("smu_a", grantA, new UartPort(peerBTx, peerATx), new UartPort(agentATx, smuAHostTx));
        var wiringB = Wire("smu_b", grantB, new UartPort(peerATx, peerBTx), new UartPort(agentBTx, smuBHostTx));

        var mgmtTx = Link("dm", "dm", "ManagementLinkTx");
        var mgmtRx = Link("dm", "dm", "ManagementLinkRx");
        var ctrlTx = Link("dm", "dm", "ControllerLinkTx");
        var ctrlRx = Link("dm", "dm", "ControllerLinkRx");
        var io = new DiskManagerIo(wiringA.StorageRequest, wiringB.StorageRequest, latchA, latchB,
            new UartPort(mgmtRx, mgmtTx), new UartPort(ctrlRx, ctrlTx));

        Dm = new DiskManagerNode(this, options.Dm, io, (UartPort)io.ManagementLink, (UartPort)io.ControllerLink);
        SmuA = new SmuNode(this, Side.A, options.Smu, options.SmuLogCapacity, wiringA);
        SmuB = new SmuNode(this, Side.B, options.Smu, options.SmuLogCapacity, wiringB);
        ServerA = new ServerModel(this, Side.A, options.ServerA, wiringA.PowerButton, wiringA.PowerGood, accessA, new UartPort(smuAHostTx, agentATx), options.HostLinkA);
        ServerB = new ServerModel(this, Side.B, options.ServerB, wiringB.PowerButton, wiringB.PowerGood, accessB, new UartPort(smuBHostTx, agentBTx), options.HostLinkB);
        Management = options.ManagementLink == null ? null : new ManagementSoftware(this, options.ManagementLink, new UartPort(mgmtTx, mgmtRx));
        _parts = Management == null ? new Part[] { Dm, SmuA, SmuB, ServerA, ServerB } : new Part[] { Dm, SmuA, SmuB, ServerA, ServerB, Management };
        for (int i = 0; i < _parts.Length; i++)
        {
            _parts[i].Order = i;
        }

        // Who reads what.
        wiringA.StorageRequest.AddReader(Dm);
        wiringB.StorageRequest.AddReader(Dm);
        grantA.AddReader(SmuA);
        grantB.AddReader(SmuB);
        wiringA.PowerGood.AddReader(SmuA);
        wiringB.PowerGood.AddReader(SmuB);
        wiringA.RepairButton.AddReader(SmuA);
        wiringB.RepairButton.AddReader(SmuB);
        wiringA.PowerButton.AddReader(ServerA);
        wiringB.PowerButton.AddReader(ServerB);
        Connect(peerATx, SmuA, SmuB);
        Connect(peerBTx, SmuB, SmuA);
        Connect(agentATx, ServerA, SmuA);
        Connect(smuAHostTx, SmuA, ServerA);
        Connect(agentBTx, ServerB, SmuB);
        Connect(smuBHostTx, SmuB, ServerB);
        Connect(mgmtTx, Dm, Management);
        Connect(ctrlTx, Dm, null);
        Connect(mgmtRx, Management, Dm);
        Connect(ctrlRx, null, Dm);

        wiringA.ExternalPower.AddReader(SmuA);
        wiringB.ExternalPower.AddReader(SmuB);
        wiringA.BatteryLow.AddReader(SmuA);
        wiringB.BatteryLow.AddReader(SmuB);
        Lines = new[] { wiringA.PowerButton, wiringA.StorageRequest, wiringA.Alarm, wiringA.PowerGood, wiringA.RepairButton, wiringA.ExternalPower, wiringA.BatteryLow,
            wiringB.PowerButton, wiringB.StorageRequest, wiringB.Alarm, wiringB.PowerGood, wiringB.RepairButton, wiringB.ExternalPower, wiringB.BatteryLow,
            accessA, accessB, grantA, grantB };
        Links = new[] { peerATx, smuAHostTx, agentATx, peerBTx, smuBHostTx, agentBTx, mgmtTx, mgmtRx, ctrlTx, ctrlRx };
        for (int i = 0; i < Links.Length; i++)
        {
            Links[i].SetNoise(null, options.Seed * 31 + i);
        }

        Monitor = new SafetyMonitor(this);
        if (options.Record)
        {
            StartRecording();
        }
    }

    /// <summary>Gets the options the system was built with.</summary>
    public SystemOptions Options { get; }

    /// <summary>Gets the simulated time in nanoseconds.</summary>
    public long NowNs { get; private set; }

    /// <summary>Gets the simulated time in milliseconds.</summary>
    public long NowMs { get; private set; }

    /// <summary>Gets the Disk Manager board.</summary>
    public DiskManagerNode Dm { get; }

    /// <summary>Gets SMU A's board.</summary>
    public SmuNode SmuA { get; }

    /// <summary>Gets SMU B's board.</summary>
    public SmuNode SmuB { get; }

    /// <summary>Gets server A.</summary>
    public ServerModel ServerA { get; }

    /// <summary>Gets server B.</summary>
    public ServerModel ServerB { get; }

    /// <summary>Gets the management software outside the simulation on the DM's management link (<see cref="SystemOptions.ManagementLink"/>), or null.</summary>
    public ManagementSoftware? Management { get; }

    /// <summary>Gets every wire between boards and servers.</summary>
    public SignalLine[] Lines { get; }

    /// <summary>Gets every serial direction.</summary>
    public UartLink[] Links { get; }

    /// <summary>Gets the safety monitor.</summary>
    public SafetyMonitor Monitor { get; }

    /// <summary>Gets everything that happened, in order.</summary>
    public List<SystemEvent> Events { get; } = new();

    /// <summary>Gets the recorded traces (null unless <see cref="SystemOptions.Record"/>).</summary>
    public TraceRecording? Recording { get; private set; }

    /// <summary>Gets how many times any line changed (a part's step that changed one is followed up).</summary>
    public int LineChanges { get; private set; }

    /// <summary>Gets how many part steps ran.</summary>
    public long Steps { get; private set; }

    /// <summary>Gets whether the run was stopped (by a safety violation).</summary>
    public bool Stopped { get; private set; }

    /// <summary>Gets the SMU board of a side.</summary>
    public SmuNode Smu(Side side) => side == Side.A ? SmuA : SmuB;

    /// <summary>Gets the server of a side.</summary>
    public ServerModel Server(Side side) => side == Side.A ? ServerA : ServerB;

    /// <summary>Gets the other side.</summary>
    public static Side Other(Side side) => side == Side.A ? Side.B : Side.A;

    /// <summary>Gets whether a side serves: its SMU is Active and its server runs the business services.</summary>
    public bool Serving(Side side) => Smu(side).Mode == Mode.Active && Server(side).Serving;

    /// <summary>Gets the side that serves now, or <see cref="Side.None"/>.</summary>
    public Side ServingSide => Serving(Side.A) ? Side.A : Serving(Side.B) ? Side.B : Side.None;

    /// <summary>Schedules an action at a simulated time (ms).</summary>
    public void At(long ms, string what, Action action) => _actions.Enqueue((what, action), (Math.Max(ms, NowMs), _actionOrder++));

    /// <summary>Runs until <paramref name="untilMs"/>, or until <paramref name="stop"/> holds (checked between steps), or a safety violation.</summary>
    public void RunUntil(long untilMs, Func<bool>? stop = null)
    {
        while (!Stopped)
        {
            if (stop != null && stop())
            {
                return;
            }

            long next = long.MaxValue;
            foreach (var part in _parts)
            {
                next = Math.Min(next, part.WakeMs);
            }

            if (_actions.TryPeek(out _, out var due))
            {
                next = Math.Min(next, due.Ms);
            }

            next = Math.Max(next, NowMs);
            if (Options.StepEveryMillisecond)
            {
                next = Math.Min(next, NowMs + 1);
                foreach (var part in _parts)
                {
                    part.Wake(next);
                }
            }

            if (next > untilMs)
            {
                SetNow(untilMs);
                return;
            }

            SetNow(next);
            while (_actions.TryPeek(out var action, out due) && due.Ms <= NowMs)
            {
                _actions.Dequeue();
                action.Action();
                if (Stopped)
                {
                    return;
                }
            }

            foreach (var part in _parts)
            {
                if (part.WakeMs <= NowMs)
                {
                    Steps++;
                    _stepping = part;
                    part.RunStep(NowMs);
                    _stepping = null;
                    if (Stopped)
                    {
                        return;
                    }
                }
            }
        }
    }

    /// <summary>Gets the actions scheduled and not yet done, in the order they will be done: when (ms) and what.</summary>
    internal IEnumerable<(long Ms, string What)> Pending() =>
        _actions.UnorderedItems.OrderBy(a => a.Priority.Ms).ThenBy(a => a.Priority.Order).Select(a => (a.Priority.Ms, a.Element.What));

    /// <summary>Runs for <paramref name="ms"/> more milliseconds.</summary>
    public void RunFor(long ms) => RunUntil(NowMs + ms);

    /// <summary>Stops the run (a safety violation).</summary>
    internal void Stop() => Stopped = true;

    /// <summary>Records a note from the bench (an injected fault, an operator action, a server's change).</summary>
    public void Note(string who, string text, EventSource source = EventSource.Server) =>
        Events.Add(new SystemEvent(NowNs, source, who, EventCode.None, Side.None, 0, text));

    /// <summary>Gets the faults injected so far, with the time each took effect.</summary>
    public List<(long TimeNs, Fault Fault)> Injected { get; } = new();

    /// <summary>
    /// Injects a fault now; returns false (and notes why) when it cannot take effect (an OS hang
    /// or a crash on a server whose OS is not running, a board already down, nothing to replay).
    /// </summary>
    public bool Inject(Fault fault)
    {
        bool done = fault.Type switch
        {
            FaultType.OsHang => Server(fault.Side).HangOs(),
            FaultType.AppCrash => Server(fault.Side).State == ServerState.Running,
            FaultType.SmuReset or FaultType.SmuHang or FaultType.SmuPowerLoss or FaultType.BoardSwap => Smu(fault.Side).State == BoardState.Running,
            FaultType.DmReset or FaultType.DmHang or FaultType.DmPowerLoss => Dm.State == BoardState.Running,
            FaultType.AgentRestart => Server(fault.Side).RestartAgent(fault.DurationMs),
            FaultType.Replay => ReplayEarlierFrame(fault),
            _ => true,
        };

        Note("bench", done ? $"injected: {fault}" : $"not injected ({fault}): nothing to act on", EventSource.Injected);
        if (!done)
        {
            return false;
        }

        Injected.Add((NowNs, fault));
        long until = NowMs + fault.DurationMs;
        switch (fault.Type)
        {
            case FaultType.BootHang:
                Server(fault.Side).HangBootAt(fault.Stage);
                break;
            case FaultType.RaidFault:
                Server(fault.Side).BreakRaid();
                break;
            case FaultType.LanFault:
                Server(fault.Side).BreakLan();
                break;
            case FaultType.SlowShutdown:
                Server(fault.Side).MakeShutdownSlow();
                break;
            case FaultType.AppCrash:
                Server(fault.Side).CrashService();
                break;
            case FaultType.PsuFailure:
                Server(fault.Side).FailPsu();
                break;
            case FaultType.PowerGoodStuck:
                Server(fault.Side).StickPowerGood();
                break;
            case FaultType.SmuReset:
                Smu(fault.Side).Reset(fault.DurationMs);
                break;
            case FaultType.SmuHang:
                Smu(fault.Side).Hang(fault.DurationMs);
                break;
            case FaultType.SmuPowerLoss:
                Smu(fault.Side).LosePower(fault.DurationMs);
                break;
            case FaultType.BoardSwap:
                // The old board goes, a restored one goes in: a power-up from another board's storage.
                Smu(fault.Side).LosePower(fault.DurationMs);
                Smu(fault.Side).RestoreAtPowerUp(fault.RestoredMode, fault.RestoredEpoch);
                break;
            case FaultType.DmReset:
                Dm.Reset(fault.DurationMs);
                break;
            case FaultType.DmHang:
                Dm.Hang(fault.DurationMs);
                break;
            case FaultType.DmPowerLoss:
                Dm.LosePower(fault.DurationMs);
                break;
            case FaultType.PeerCableCut:
                CutPeerCable(true);
                if (fault.DurationMs > 0)
                {
                    At(until, "mend the peer cable", () => CutPeerCable(false));
                }

                break;
            case FaultType.PeerCableCutOneWay:
                Smu(fault.Side).Wiring.Peer.Out.Cut = true;
                At(until, "mend the peer cable", () => CutPeerCable(false));
                break;
            case FaultType.PeerCableFlap:
                var flaps = new Random((int)(NowMs ^ Options.Seed));
                for (long at = NowMs; at < until; at += 500 + flaps.Next(4500))
                {
                    bool cut = ((at - NowMs) / 500) % 2 == 0;
                    At(at, cut ? "the peer cable's contact breaks" : "the peer cable's contact makes", () => CutPeerCable(cut, quiet: true));
                }

                At(until, "mend the peer cable", () => CutPeerCable(false));
                break;
            case FaultType.HostLinkCut:
                var wiring = Smu(fault.Side).Wiring;
                wiring.Host.In.Cut = true;
                wiring.Host.Out.Cut = true;
                At(until, $"mend the host link of {fault.Side}", () => wiring.Host.In.Cut = wiring.Host.Out.Cut = false);
                break;
            case FaultType.SmuSupplyLoss:
                SmuSupply(fault.Side, false);
                At(until, $"SMU {fault.Side}'s 5 V is back", () => SmuSupply(fault.Side, true));
                break;
            case FaultType.MainsLoss:
                Mains(fault.Side, false);
                At(until, "the mains return", () => Mains(fault.Side, true));
                break;
            case FaultType.LogFlood:
                Flood(until);
                break;
            case FaultType.RequestLineStuck:
                Stick(Smu(fault.Side).Wiring.StorageRequest, fault, until);
                break;
            case FaultType.GrantLineStuck:
                Stick(Smu(fault.Side).Wiring.StorageGranted, fault, until);
                break;
        }

        return true;
    }

    /// <summary>Sticks a wire at the fault's level, and lets it go at <paramref name="untilMs"/> unless the fault is for good.</summary>
    private void Stick(SignalLine line, Fault fault, long untilMs)
    {
        line.Stick(fault.Level);
        if (fault.DurationMs > 0)
        {
            At(untilMs, $"{line.Scope}.{line.Name} works again", () =>
            {
                line.Stick(null);
                Note("bench", $"the stuck wire {line.Scope}.{line.Name} works again", EventSource.Injected);
            });
        }
    }

    /// <summary>An SMU's own 5 V supply goes (it runs on its cell) or comes back.</summary>
    private void SmuSupply(Side side, bool on)
    {
        Smu(side).Wiring.ExternalPower.Value = on;
        if (on)
        {
            Smu(side).Cell.MainsBack();
        }
        else
        {
            Smu(side).Cell.MainsLost();
        }
    }

    /// <summary>
    /// The mains of one side (its server, its SMU's charger) or of the whole site (both, and the
    /// DM's cabinet) fail or return. The SMUs run on their cells meanwhile (<see cref="SmuCell"/>:
    /// low-battery, then the supervisor's reset, if the outage outlasts them).
    /// </summary>
    public void Mains(Side side, bool on)
    {
        foreach (var s in new[] { Side.A, Side.B })
        {
            if (side != Side.None && side != s)
            {
                continue;
            }

            SmuSupply(s, on);
            if (on)
            {
                Server(s).RestoreMains();
            }
            else
            {
                Server(s).LoseMains();
            }
        }

        if (side == Side.None)
        {
            if (on)
            {
                Dm.RestorePower();
            }
            else
            {
                Dm.LosePower(long.MaxValue / 4);
            }
        }

        Note("bench", on ? "the mains are back" : "the mains are gone", EventSource.Injected);
    }

    /// <summary>Puts an earlier frame of a peer line (or the DM's management line) on it again: the fault's (the newest kept of its type, the earlier heartbeat), or one picked.</summary>
    private bool ReplayEarlierFrame(Fault fault)
    {
        var link = fault.Side == Side.None ? Dm.Management.In : Smu(fault.Side).Wiring.Peer.Out;
        var frame = fault.Replay switch
        {
            ReplayOf.Newest => link.Kept?.Last(fault.Frame),
            ReplayOf.EarlierHeartbeat => link.Kept?.Earlier(),
            ReplayOf.SwitchExchange => Renumbered(link.Kept?.SwitchExchange(), fault.Side),
            ReplayOf.EarlierHeartbeatRenumbered => Renumbered(link.Kept?.Earlier(), fault.Side),
            _ => link.Kept?.Pick(new Random((int)(NowMs * 31 + Options.Seed)), out _),
        };
        if (frame == null)
        {
            return false;
        }

        Note("bench", fault.Replay == ReplayOf.SwitchExchange ? $"sends a recorded switch again on {link}, numbered as its sender's next frames" : fault.Replay == ReplayOf.EarlierHeartbeatRenumbered ? $"sends an earlier heartbeat again on {link}, numbered as its sender's next frame" : $"replays an earlier frame on {link}", EventSource.Injected);
        link.Write(frame, 0, frame.Length);
        return true;
    }

    /// <summary>Two disks' controllers report errors in turn, ten a second, until <paramref name="untilMs"/>.</summary>
    private void Flood(long untilMs)
    {
        var report = new DiskErrorReport { Side = Side.A, Enclosure = 1, Disk = 0, ErrorCode = 0x0302 };
        var wire = new byte[Frame.MaxWireLength + 1];
        var writer = new FrameWriter();
        var link = Dm.Controllers.In;
        for (long at = NowMs, n = 0; at < untilMs; at += 100, n++)
        {
            byte disk = (byte)(n % 2);
            At(at, "a disk error report", () =>
            {
                report.Disk = disk;
                wire[0] = Frame.Delimiter;
                int length = writer.Write(report, wire, 1);
                link.Write(wire, 0, length + 1);
                Dm.Wake(NowMs);
            });
        }
    }

    /// <summary>Cuts or mends the peer cable (both directions).</summary>
    public void CutPeerCable(bool cut, bool quiet = false)
    {
        SmuA.Wiring.Peer.Out.Cut = cut;
        SmuB.Wiring.Peer.Out.Cut = cut;
        if (!cut && !quiet)
        {
            Note("bench", "peer cable mended", EventSource.Injected);
        }
    }

    /// <summary>Puts noise on every serial link from now on (null: clean again).</summary>
    public void SetNoise(LinkNoise? noise)
    {
        for (int i = 0; i < Links.Length; i++)
        {
            Links[i].SetNoise(noise, (Options.Seed * 7919) + i);
        }

        Note("bench", noise == null ? "links are clean" : $"noise on every serial link: {noise}", EventSource.Injected);
    }

    /// <summary>
    /// Puts a frame on SMU <paramref name="from"/>'s peer line that it never sent, numbered as its next
    /// frame (a forger who read the line, or a sender resending an old message as new): it passes the
    /// receiver's in-order check, so only the receiver's judgment of what it says (the epoch) stops it.
    /// A byte-exact replay of a frame that was sent is <see cref="SentFrames.Last"/> written again.
    /// </summary>
    public void Forge(Side from, Message message)
    {
        var link = Smu(from).Wiring.Peer.Out;
        var frame = Numbered(from, 1, message);
        Note("bench", $"forges a {message.Type} ({FrameDetail.Of(message)}) on {link}, numbered as SMU {from}'s next frame", EventSource.Injected);
        link.Write(frame, 0, frame.Length);
    }

    /// <summary>The frames in <paramref name="frames"/> (each after a delimiter) with what they say, numbered as SMU <paramref name="from"/>'s next frames; null for null.</summary>
    private byte[]? Renumbered(byte[]? frames, Side from)
    {
        if (frames == null)
        {
            return null;
        }

        var reader = new FrameReader();
        var messages = new List<byte[]>();
        foreach (byte b in frames.Append(Frame.Delimiter))
        {
            if (reader.Push(b))
            {
                messages.Add(Numbered(from, messages.Count + 1, reader.Message));
            }
        }

        return messages.SelectMany(m => m).ToArray();
    }

    /// <summary>A frame saying <paramref name="message"/> numbered as SMU <paramref name="from"/>'s <paramref name="nth"/> next frame, with a delimiter before and after it.</summary>
    private byte[] Numbered(Side from, int nth, Message message)
    {
        ushort sequence = (ushort)((Smu(from).Firmware?.Peer.LastSentSequence ?? 0) + nth);
        var wire = new byte[Frame.MaxWireLength + 1];
        wire[0] = Frame.Delimiter;
        int length = FrameWriter.Encode(message, sequence, new byte[Frame.MaxFrameLength], wire, 1);
        return wire[..(length + 1)];
    }

    /// <summary>The site's wall clock as the operators read it: the simulation starts at midnight, 1 January 2026 (UTC).</summary>
    public long SiteUnixMs => SiteStartUnixMs + NowMs;

    private const long SiteStartUnixMs = 1_767_225_600_000;

    /// <summary>
    /// An operator's management tool on the DM's management link (<see cref="NodeKind.Tool"/>): it
    /// says hello and sends <paramref name="request"/> (a fence, a clock set) as its next frame; the
    /// DM's answer is in its log (nobody in the bench reads the link's other direction).
    /// </summary>
    public void ToolRequest(Message request)
    {
        var hello = new Hello();
        hello.Introduce(NodeKind.Tool, Side.None, 1, 0, 0);
        var wire = new byte[(2 * Frame.MaxWireLength) + 1];
        var scratch = new byte[Frame.MaxFrameLength];
        wire[0] = Frame.Delimiter;
        int length = 1 + FrameWriter.Encode(hello, 0, scratch, wire, 1);
        length += FrameWriter.Encode(request, 1, scratch, wire, length);
        Note("operator", $"management tool on the DM: {request.Type} ({FrameDetail.Of(request)})", EventSource.Operator);
        Dm.Management.In.Write(wire, 0, length);
        Dm.Wake(NowMs);
    }

    /// <summary>
    /// An operator sets the clock of SMU <paramref name="side"/> (with the agent's CLI on its
    /// server; false when that OS is not running) or of the DM (<see cref="Side.None"/>, with the
    /// management tool) to <paramref name="unixMs"/>; <paramref name="stepBack"/> says they mean a step back.
    /// </summary>
    public bool SetClock(Side side, long unixMs, bool stepBack)
    {
        if (side == Side.None)
        {
            ToolRequest(new TimeSet { UnixMilliseconds = unixMs, StepBack = stepBack });
            return true;
        }

        var agent = Server(side).Agent;
        if (agent == null || !agent.IsOpen)
        {
            Note("operator", $"cannot set SMU {side}'s clock: server {side}'s OS is not running", EventSource.Operator);
            return false;
        }

        Note("operator", $"on server {side}: coldstandby time set {DateTimeOffset.FromUnixTimeMilliseconds(unixMs):yyyy-MM-dd HH:mm:ss}{(stepBack ? " --step-back" : "")}", EventSource.Operator);
        var sent = agent.SetClockNow(unixMs, stepBack);
        sent.Completed = done => Note("operator", $"time set on SMU {side}: {done.State} {(done.State == LinkRequestState.Refused ? done.Reason.ToString() : "")}".TrimEnd(), EventSource.Operator);
        Server(side).Wake(NowMs);
        return true;
    }

    /// <summary>Presses an SMU's REPAIR button for <paramref name="holdMs"/>.</summary>
    public void PressRepairButton(Side side, long holdMs = 300)
    {
        Note("operator", $"presses the REPAIR button on SMU {side}", EventSource.Operator);
        var button = Smu(side).Wiring.RepairButton;
        button.Value = true;
        At(NowMs + holdMs, "release REPAIR", () => button.Value = false);
    }

    /// <summary>
    /// An operator runs a command with the host agent's CLI on <paramref name="on"/>'s OS: the agent
    /// asks its SMU for the status (for the epoch), then sends the command; the answer is noted.
    /// False when that OS is not running.
    /// </summary>
    public bool OperatorCommand(Side on, OperatorCommandKind command, Side target)
    {
        var agent = Server(on).Agent;
        if (agent == null || !agent.IsOpen)
        {
            Note("operator", $"cannot run {command} {target} on server {on}: its OS is not running", EventSource.Operator);
            return false;
        }

        Note("operator", $"on server {on}: coldstandby {CommandWord(command)} {target}", EventSource.Operator);
        var status = agent.RequestStatus();
        status.Completed = answered =>
        {
            if (answered.State != LinkRequestState.Done || answered.Status is null)
            {
                Note("operator", $"status request {answered.State}", EventSource.Operator);
                return;
            }

            var sent = agent.SendOperatorCommand(command, target, answered.Status.Epoch);
            sent.Completed = done => Note("operator",
                done.State == LinkRequestState.Done
                    ? $"{command} {target}: accepted"
                    : $"{command} {target}: {done.State} {(done.State == LinkRequestState.Refused ? done.Reason.ToString() : "")}".TrimEnd(),
                EventSource.Operator);
        };
        Server(on).Wake(NowMs);
        return true;
    }

    /// <summary>Records everything from now on (lines, UART bytes and frames).</summary>
    public void StartRecording()
    {
        if (Recording != null)
        {
            return;
        }

        Recording = new TraceRecording();
        foreach (var line in Lines)
        {
            line.Trace = new DigitalTrace(line.Scope, line.Name, line.Value);
            Recording.Lines.Add(line.Trace);
        }

        // Every other GPIO of the pin map holds still in a run (the side straps, …): traced as constants.
        // A wire between two boards is traced once: the DM's request inputs are the SMUs' storage_request
        // (their request latches' outputs).
        var aliases = new HashSet<string> { "dm.RequestA", "dm.RequestB" };
        foreach (var (scope, board, side) in new[] { ("smu_a", "smu", Side.A), ("smu_b", "smu", Side.B), ("dm", "dm", Side.None) })
        {
            foreach (var pin in PinMap.Boards.Of(board).Where(p => p.Kind is "in" or "out" && !aliases.Contains(p.Board + "." + p.Signal)))
            {
                if (Recording.Line(scope, pin.Vcd) == null)
                {
                    // Asserted constants: the strap of the board's own side.
                    bool asserted = (pin.Signal == "SideStrapA" && side == Side.A) || (pin.Signal == "SideStrapB" && side == Side.B);
                    Recording.Lines.Add(new DigitalTrace(scope, pin.Vcd, asserted));
                }
            }
        }

        foreach (var link in Links)
        {
            link.Record();
            Recording.Uarts.Add(link.Trace!);
        }
    }

    /// <summary>
    /// Wakes a part that reads a line which just changed, as its 1 ms loop would see the change:
    /// in this millisecond when it steps after the part that changed it (or after a scripted
    /// action), in the next when it has stepped already.
    /// </summary>
    internal void WakeReader(Part reader)
    {
        reader.Wake(_stepping == null || reader.Order > _stepping.Order ? NowMs : NowMs + 1);
    }

    internal void LineChanged(SignalLine line)
    {
        LineChanges++;
        Monitor.LineChanged(line);
    }

    internal void Started(BoardNode board)
    {
        Monitor.Started(board);
    }

    internal void BeforeStep(Part part) => Monitor.BeforeStep(part);

    internal void AfterStep(Part part)
    {
        int first = Events.Count;
        if (part == SmuA || part == SmuB)
        {
            var smu = (SmuNode)part;
            Tap(part, smu.Firmware!.Log, smu.Side == Side.A ? "A" : "B");
        }
        else if (part == Dm)
        {
            Tap(part, Dm.Firmware!.Log, "DM");
        }

        Monitor.AfterStep(part, first);
    }

    internal void ServerPoweringOn(ServerModel server) => Monitor.ServerPoweringOn(server);

    private static string CommandWord(OperatorCommandKind command) => command switch
    {
        OperatorCommandKind.MarkRepaired => "repaired",
        OperatorCommandKind.PlannedSwitchover => "switchover",
        OperatorCommandKind.AlarmReset => "alarm-reset",
        _ => command.ToString(),
    };

    private void Tap(Part part, EventLog log, string who)
    {
        uint next = part.LogTap;
        if (next < log.FirstSequence)
        {
            next = log.FirstSequence;
        }

        for (; next < log.NextSequence; next++)
        {
            if (log.TryRead(next, _record))
            {
                Events.Add(new SystemEvent(NowNs, EventSource.Log, who, _record.Code, _record.Side, _record.Argument, "") { LogTimeMs = _record.Time, Sequence = next });
            }
        }

        part.LogTap = next;
    }

    private void SetNow(long ms)
    {
        NowMs = ms;
        NowNs = ms * SimTime.NsPerMs;
    }

    private void Connect(UartLink link, Part? sender, Part? receiver)
    {
        link.Sender = sender;
        link.Receiver = receiver;
    }
}
