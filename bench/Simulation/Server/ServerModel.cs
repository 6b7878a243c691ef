using ColdStandby.Hardware;
using ColdStandby.HostAgent;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>Where a simulated server is.</summary>
public enum ServerState
{
    /// <summary>Powered off.</summary>
    Off,

    /// <summary>The power button was released; the power supply is coming up.</summary>
    PoweringOn,

    /// <summary>Power-good; the firmware and boot loader load the OS from the shared disks.</summary>
    Booting,

    /// <summary>The OS runs and its host agent with it.</summary>
    Running,

    /// <summary>The OS is shutting down.</summary>
    ShuttingDown,

    /// <summary>Powered, but stuck: an OS hang, or a boot that stopped at a stage.</summary>
    Hung,
}

/// <summary>
/// One server: its power supply and power button, its boot stages with their durations, and its
/// OS running the host agent's real <see cref="SmuSession"/> on the USB serial link to its SMU
/// (the same code the agent service runs). Faults can be injected: an OS hang, a boot that hangs at
/// a stage, RAID and LAN controller faults (found by the agent's probes), an application crash (the
/// agent restarts it and reports), a power supply failure, a slow shutdown. The OS needs the shared
/// disks: it cannot load without its side's access line. Its OS can also be outside the simulation
/// (<see cref="SystemOptions.HostLinkA"/>: a real agent process on a pty): then no session runs
/// here, the host link is bridged to the outside while the server has power, and the services are
/// ready when the agent has told its SMU so.
/// </summary>
public sealed class ServerModel : Part
{
    private readonly SignalLine _button;
    private readonly SignalLine _powerGood;
    private readonly SignalLine _access;
    private readonly UartPort _host;
    private readonly OutsideEnd? _outside;
    private bool _pressed;
    private long _pressedAtMs;
    private bool _forcedThisPress;
    private bool _onPress;
    private long _agentBackAtMs = long.MaxValue;
    private long _agentStartedAtMs;
    private bool _outsideAgentRuns;
    private long _outsideAgentSinceMs;
    private long _powerGoodAtMs = long.MaxValue;
    private long _osAtMs = long.MaxValue;
    private long _servicesAtMs = long.MaxValue;
    private long _probeAtMs = long.MaxValue;
    private long _shutdownDoneAtMs = long.MaxValue;
    private long _offAtMs = long.MaxValue;
    private int _bootHangStage = -1;

    internal ServerModel(StandbySystem system, Side side, ServerTimings timings, SignalLine button, SignalLine powerGood, SignalLine access, UartPort host, IByteChannel? outside = null)
        : base(system, side == Side.A ? "server A" : "server B")
    {
        Side = side;
        Timings = timings;
        _button = button;
        _powerGood = powerGood;
        _access = access;
        _host = host;
        _host.In.Listening = false;
        _outside = outside == null ? null : new OutsideEnd(outside, host);
    }

    /// <summary>Gets the side.</summary>
    public Side Side { get; }

    /// <summary>Gets the timings.</summary>
    public ServerTimings Timings { get; }

    /// <summary>Gets where the server is.</summary>
    public ServerState State { get; private set; }

    /// <summary>Gets whether the server has power (power-good is up or about to come).</summary>
    public bool Powered => State != ServerState.Off;

    /// <summary>Gets whether power-good is up (the server runs, in whatever state its OS is).</summary>
    public bool HasPower => _powerGood.Value;

    /// <summary>Gets whether the server's OS is outside the simulation (its agent a real process on the host link's far end).</summary>
    public bool OsOutside => _outside != null;

    /// <summary>Gets whether the business services run and answer (the side serves); of an OS outside, as its agent told its SMU.</summary>
    public bool Serving => State == ServerState.Running
        && (_outside == null ? ServicesReady : (System.Smu(Side).Firmware?.Health & HealthFlags.ServicesReady) == HealthFlags.ServicesReady);

    /// <summary>Gets whether the services have started since the OS came up.</summary>
    public bool ServicesReady { get; private set; }

    /// <summary>Gets the host agent's session with the SMU while the OS runs (null otherwise).</summary>
    public SmuSession? Agent { get; private set; }

    /// <summary>Gets how many times the OS came up.</summary>
    public int Boots { get; private set; }

    /// <summary>Gets whether the power supply is broken (the server cannot be powered).</summary>
    public bool PsuFailed { get; private set; }

    /// <summary>Gets whether the RAID controller is broken.</summary>
    public bool RaidFailed { get; private set; }

    /// <summary>Gets whether the LAN controller is broken.</summary>
    public bool LanFailed { get; private set; }

    /// <summary>Gets whether OS shutdowns take longer than the SMU's deadline.</summary>
    public bool SlowShutdown { get; private set; }

    /// <summary>Gets whether the mains feeding the server are gone (it cannot be powered; it does not come on by itself when they return).</summary>
    public bool MainsLost { get; private set; }

    /// <summary>Gets whether power-good is stuck on: the server will not power off, whatever is done to it.</summary>
    public bool PowerGoodStuck { get; private set; }

    /// <summary>Gets the boot stage every boot hangs at (0 power-good, 1 OS loaded, 2 services ready), or -1.</summary>
    public int BootHangStage => _bootHangStage;

    /// <summary>Gets whether the power button is held now in a press that started with the server off (a power-on press).</summary>
    public bool OnPressHeld => _pressed && _onPress;

    /// <summary>Gets whether the last power-on came from a press the SMU let go of early (its grant went during the press).</summary>
    public bool PressCutShort { get; private set; }

    /// <summary>
    /// Gets whether nothing is wrong with this server: no fault injected that the SMU should act on,
    /// and an OS that runs (or has not been asked to run). A failover of a healthy Active server is a violation.
    /// An OS outside the simulation is healthy only while whoever runs it says its agent runs (<see cref="OutsideAgentRuns"/>).
    /// </summary>
    public bool Healthy => State is ServerState.Running && !PsuFailed && !RaidFailed && !LanFailed && _bootHangStage < 0 && _access.Value
        && !MainsLost && !PowerGoodStuck && (Agent != null || (_outside != null && OutsideAgentRuns))
        && System.NowMs >= Math.Max(_agentStartedAtMs, _outsideAgentSinceMs) + 4 * Timings.Agent.KickPeriodMs;

    /// <summary>
    /// Gets or sets whether the agent of an OS outside the simulation runs (whoever started it says
    /// so; the simulation cannot see into it): while it does and nothing is injected, the server is
    /// <see cref="Healthy"/>, and its SMU must not fail it over.
    /// </summary>
    public bool OutsideAgentRuns
    {
        get => _outsideAgentRuns;
        set
        {
            if (value && !_outsideAgentRuns)
            {
                _outsideAgentSinceMs = System.NowMs;
            }

            _outsideAgentRuns = value;
        }
    }

    /// <summary>Hangs the OS now: the agent stops, nothing answers; the power stays on.</summary>
    public bool HangOs()
    {
        if (State is not (ServerState.Running or ServerState.ShuttingDown))
        {
            return false;
        }

        State = ServerState.Hung;
        _host.In.Listening = false;
        ClearTimers();
        return true;
    }

    /// <summary>Makes every boot from now on hang at <paramref name="stage"/> (0 power-good, 1 OS loaded, 2 services ready).</summary>
    public void HangBootAt(int stage)
    {
        _bootHangStage = stage;
        if (stage == 0 && State == ServerState.PoweringOn)
        {
            _powerGoodAtMs = long.MaxValue;
            State = ServerState.Off;
        }
        else if (stage == 1 && State == ServerState.Booting)
        {
            _osAtMs = long.MaxValue;
        }
        else if (stage == 2 && State == ServerState.Running && !ServicesReady)
        {
            _servicesAtMs = long.MaxValue;
        }
    }

    /// <summary>Breaks the RAID controller: the agent's next probe fails.</summary>
    public void BreakRaid() => RaidFailed = true;

    /// <summary>Breaks the LAN controller: the agent's next probe fails.</summary>
    public void BreakLan() => LanFailed = true;

    /// <summary>Crashes an application service: the agent restarts it and reports the failure. False when the OS is not running.</summary>
    public bool CrashService()
    {
        if (State != ServerState.Running || Agent == null)
        {
            return false;
        }

        Agent.ReportFault(FaultKind.ServiceFailure, 1);
        System.Note(Name, $"agent restarted service #1 and reported the failure");
        Wake(System.NowMs);
        return true;
    }

    /// <summary>Breaks the power supply: a running server loses power at once and none can power on.</summary>
    public void FailPsu()
    {
        PsuFailed = true;
        if (Powered)
        {
            PowerOff("power supply failed");
        }
    }

    /// <summary>Makes OS shutdowns slow (longer than the SMU's graceful deadline).</summary>
    public void MakeShutdownSlow() => SlowShutdown = true;

    /// <summary>The mains feeding the server fail: a running server loses power at once; none can power on until they return.</summary>
    public void LoseMains()
    {
        MainsLost = true;
        if (Powered && !PowerGoodStuck)
        {
            PowerOff("the mains failed");
        }
    }

    /// <summary>The mains return: the server stays off until its power button is pressed (it does not restore itself).</summary>
    public void RestoreMains() => MainsLost = false;

    /// <summary>Someone switches the server on with its own button (not through the SMU): it powers on as from a press.</summary>
    public void PowerOnByHand()
    {
        if (!Powered)
        {
            System.Note(Name, "switched on by hand at its own power button");
            PowerOn(System.NowMs, byHand: true);

            // Called between steps (a rig, a scenario): the model must step to see its power-good due.
            Wake(System.NowMs);
        }
    }

    /// <summary>The server's power goes off now (its OS powered it off, or someone pulled its plug); it comes on again at the next press.</summary>
    public void TurnOff(string why)
    {
        if (Powered)
        {
            PowerOff(why);
        }
    }

    /// <summary>Power-good sticks on: a running server no longer goes off, whatever is done to it.</summary>
    public void StickPowerGood() => PowerGoodStuck = true;

    /// <summary>
    /// The host agent is restarted: it is gone for <paramref name="downMs"/> (no kicks, no reports),
    /// then a new agent opens its session as at boot (hello, kicks, the checkpoints reached). False when the OS is not running.
    /// </summary>
    public bool RestartAgent(long downMs)
    {
        if (State != ServerState.Running || Agent == null)
        {
            return false;
        }

        Agent = null;
        _host.In.Listening = false;
        _host.Out.SenderReset();
        _agentBackAtMs = System.NowMs + downMs;
        Wake(_agentBackAtMs);
        return true;
    }

    /// <summary>An operator repaired the hardware: every injected fault is gone (a hung OS stays hung until powered off).</summary>
    public void Repair()
    {
        PsuFailed = false;
        RaidFailed = false;
        LanFailed = false;
        SlowShutdown = false;
        _bootHangStage = -1;
    }

    /// <inheritdoc/>
    protected override void Step(long nowMs)
    {
        if (_outside != null)
        {
            // The outside OS is polled every millisecond; it hears and is heard only while the server has power.
            if (HasPower && State != ServerState.Hung)
            {
                _outside.Pump();
            }
            else
            {
                _outside.Drop();
            }

            Wake(nowMs + 1);
        }

        Button(nowMs);
        if (nowMs >= _powerGoodAtMs)
        {
            _powerGoodAtMs = long.MaxValue;
            PowerGood(nowMs);
        }

        if (nowMs >= _osAtMs)
        {
            _osAtMs = long.MaxValue;
            LoadOs(nowMs);
        }

        if (nowMs >= _servicesAtMs)
        {
            _servicesAtMs = long.MaxValue;
            ServicesReady = true;
            Agent?.ReportServicesReady();
            System.Note(Name, "business services ready: serving");
        }

        if (nowMs >= _probeAtMs)
        {
            // The RAID controller sees the shared disks only through its side's access line: with
            // the access gone (a fence, the DM's power, a wire) its array has failed as far as the
            // agent's probe can tell.
            _probeAtMs = nowMs + Timings.ProbePeriodMs;
            bool raidFailed = RaidFailed || !_access.Value;
            Agent?.ReportControllerHealth(
                raidFailed ? ControllerState.Failed : ControllerState.Ok,
                LanFailed ? ControllerState.Failed : ControllerState.Ok,
                (byte)(raidFailed ? 1 : 0),
                (byte)(LanFailed ? 1 : 0));
        }

        if (nowMs >= _shutdownDoneAtMs)
        {
            _shutdownDoneAtMs = long.MaxValue;
            Agent?.ReportShutdownDone();
            _offAtMs = nowMs + 200;
        }

        if (nowMs >= _agentBackAtMs)
        {
            _agentBackAtMs = long.MaxValue;
        }

        if (State == ServerState.Running && Agent == null && _agentBackAtMs == long.MaxValue && _outside == null)
        {
            StartAgent(nowMs);
            if (ServicesReady)
            {
                Agent!.ReportServicesReady();
            }
        }

        if (State is ServerState.Running or ServerState.ShuttingDown && Agent != null)
        {
            Agent.Step(nowMs);
            Wake(Agent.NextDueMs);
            Wake(_host.In.NextWakeMs());
        }

        if (nowMs >= _offAtMs)
        {
            _offAtMs = long.MaxValue;
            PowerOff("the OS shut down and powered off");
        }

        if (_pressed && Powered && !_forcedThisPress)
        {
            Wake(_pressedAtMs + Timings.ForcedOffHoldMs);
        }

        Wake(Math.Min(Math.Min(_powerGoodAtMs, _osAtMs), Math.Min(Math.Min(_servicesAtMs, _probeAtMs), Math.Min(_shutdownDoneAtMs, _offAtMs))));
    }

    private void Button(long nowMs)
    {
        bool pressed = _button.Value;
        if (pressed && !_pressed)
        {
            _pressed = true;
            _pressedAtMs = nowMs;
            _forcedThisPress = false;
            _onPress = !Powered;
        }

        if (pressed && Powered && !_forcedThisPress && nowMs - _pressedAtMs >= Timings.ForcedOffHoldMs)
        {
            _forcedThisPress = true;
            PowerOff($"forced off: power button held {Timings.ForcedOffHoldMs / 1000} s");
        }

        if (!pressed && _pressed)
        {
            _pressed = false;
            long held = nowMs - _pressedAtMs;
            if (!Powered && !_forcedThisPress && held < Timings.ForcedOffHoldMs)
            {
                if (held < Timings.PowerOnPressMinMs)
                {
                    System.Note(Name, $"power button released after {held} ms: too short to turn the server on");
                    return;
                }

                PressCutShort = held < System.Options.Smu.PowerButtonPressMs;
                PowerOn(nowMs);
            }
            else if (State == ServerState.Running && !_forcedThisPress && Agent != null)
            {
                // A short press on a running server is an ACPI power-button event: the OS shuts down.
                System.Note(Name, "power button pressed while running: the OS shuts down (ACPI)");
                BeginShutdown(nowMs);
            }
        }
    }

    private void PowerOn(long nowMs, bool byHand = false)
    {
        if (PsuFailed || MainsLost)
        {
            System.Note(Name, PsuFailed ? "power button released, but the power supply is broken: stays off" : "power button released, but there are no mains: stays off");
            return;
        }

        if (_bootHangStage == 0)
        {
            System.Note(Name, "power button released, but the power supply does not come up: no power-good (boot hangs at stage 0)");
            return;
        }

        State = ServerState.PoweringOn;
        if (!byHand)
        {
            // Property 3 is about the SMU's presses; a hand on the server's own button is not one.
            System.ServerPoweringOn(this);
        }

        _powerGoodAtMs = nowMs + Timings.PowerGoodMs;
    }

    private void PowerGood(long nowMs)
    {
        State = ServerState.Booting;
        _powerGood.Value = true;
        System.Note(Name, "power-good: firmware starts loading the OS from the shared disks");
        if (_outside != null)
        {
            _host.In.Listening = true;
            _host.In.ReceiverRestarted();
        }

        if (_bootHangStage == 1)
        {
            System.Note(Name, "boot hangs before the OS is loaded (stage 1)");
            State = ServerState.Hung;
            return;
        }

        _osAtMs = nowMs + Timings.OsLoadMs;
    }

    private void LoadOs(long nowMs)
    {
        if (!_access.Value)
        {
            System.Note(Name, "the OS cannot be read: no access to the shared disks; boot stalls");
            State = ServerState.Hung;
            return;
        }

        State = ServerState.Running;
        Boots++;
        ServicesReady = false;
        if (_outside != null)
        {
            _agentStartedAtMs = nowMs;
            System.Note(Name, "OS up: its agent runs outside the simulation");
            return;
        }

        StartAgent(nowMs);
        System.Note(Name, "OS up: host agent starts (hello, watchdog kicks)");
        _probeAtMs = nowMs + Timings.ProbePeriodMs;
        if (_bootHangStage == 2)
        {
            System.Note(Name, "services never become ready (boot hangs at stage 2)");
        }
        else
        {
            _servicesAtMs = nowMs + Timings.ServicesMs;
        }
    }

    private void StartAgent(long nowMs)
    {
        _host.In.Listening = true;
        _host.In.ReceiverRestarted();
        Agent = new SmuSession(_host, Timings.Agent);
        Agent.ShutdownRequested += (reason, seconds) =>
        {
            System.Note(Name, $"agent: SMU asks for a shutdown ({reason}, {seconds} s): shutting the OS down");
            BeginShutdown(System.NowMs);
        };
        _agentStartedAtMs = nowMs;
        Agent.Step(nowMs);
        Wake(Agent.NextDueMs);
    }

    private void BeginShutdown(long nowMs)
    {
        if (State != ServerState.Running)
        {
            return;
        }

        State = ServerState.ShuttingDown;
        ServicesReady = false;
        _servicesAtMs = long.MaxValue;
        _probeAtMs = long.MaxValue;
        Agent!.ReportShutdownStarted();
        _shutdownDoneAtMs = nowMs + (SlowShutdown ? Timings.SlowShutdownMs : Timings.ShutdownMs);
        Wake(nowMs + 1);
    }

    private void PowerOff(string why)
    {
        if (PowerGoodStuck)
        {
            System.Note(Name, $"{why}, but power-good stays on: the server does not go off");
            return;
        }

        State = ServerState.Off;
        ServicesReady = false;
        ClearTimers();
        Agent = null;
        _host.In.Listening = false;
        _host.Out.SenderReset();
        _powerGood.Value = false;
        System.Note(Name, $"power off: {why}");
    }

    private void ClearTimers()
    {
        _powerGoodAtMs = long.MaxValue;
        _osAtMs = long.MaxValue;
        _servicesAtMs = long.MaxValue;
        _probeAtMs = long.MaxValue;
        _shutdownDoneAtMs = long.MaxValue;
        _offAtMs = long.MaxValue;
    }
}
