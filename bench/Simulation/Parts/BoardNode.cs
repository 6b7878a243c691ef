namespace ColdStandby.Bench.Simulation;

/// <summary>What a board's microcontroller is doing.</summary>
public enum BoardState
{
    /// <summary>The firmware runs.</summary>
    Running,

    /// <summary>Reset: rebooting (the firmware is gone; it starts again from its storage).</summary>
    Rebooting,

    /// <summary>Hung: the firmware stopped where it was; nothing it drives moves, nothing it reads is read.</summary>
    Hung,

    /// <summary>The board has no power at all (its latches cleared too); it boots when the power returns.</summary>
    Unpowered,
}

/// <summary>
/// A microcontroller board running its firmware: stepped with milliseconds since its own boot (a
/// board's clock restarts at every reset), with non-volatile storage that outlives a reset. A
/// reset lets its GPIO outputs fall to their reset levels and loses what its UARTs held, but its
/// latches hold; a power loss clears the latches too; a hang freezes everything the firmware
/// drives for a time, then the firmware goes on where it stopped. After a reset or a power loss the
/// firmware is built anew from the same storage, as a power-on would.
/// </summary>
public abstract class BoardNode : Part
{
    private long _restartAtMs;

    protected BoardNode(StandbySystem system, string name)
        : base(system, name)
    {
    }

    /// <summary>Gets what the board's microcontroller is doing.</summary>
    public BoardState State { get; private set; } = BoardState.Rebooting;

    /// <summary>Gets whether the board is rebooting now, or without power (its firmware is not running).</summary>
    public bool Rebooting => State is BoardState.Rebooting or BoardState.Unpowered;

    /// <summary>Gets whether the board's firmware is frozen in a hang.</summary>
    public bool Hung => State == BoardState.Hung;

    /// <summary>Gets how many times the board was reset (power losses included).</summary>
    public int Resets { get; private set; }

    /// <summary>Gets the simulated time of the board's last boot, from which its firmware counts.</summary>
    public long BootedAtMs { get; private set; }

    /// <summary>Gets when the board's firmware last began to run: its boot, or the end of a hang.</summary>
    public long RunningSinceMs { get; private set; }

    /// <summary>Gets when a board that is down or hung runs again.</summary>
    internal long RestartAtMs => State == BoardState.Running ? long.MinValue / 2 : _restartAtMs;

    /// <summary>
    /// Gets when the running firmware next has something to do on time alone (its NextDueMs, in the
    /// system's milliseconds: a heartbeat, a press's end, a boot checkpoint's deadline, the
    /// peer-silent limit, a hold-off), or <see cref="long.MaxValue"/> when the board is not running.
    /// </summary>
    internal long FirmwareDueMs
    {
        get
        {
            if (State != BoardState.Running)
            {
                return long.MaxValue;
            }

            long due = NextDueMs();
            return due == long.MaxValue || due == long.MinValue ? long.MaxValue : due + BootedAtMs;
        }
    }

    /// <summary>Gets the board's serial link ends.</summary>
    protected abstract UartPort[] Ports { get; }

    /// <summary>Gets the board's GPIO output lines (those that fall at a reset).</summary>
    protected abstract SignalLine[] Outputs { get; }

    /// <summary>Gets the board's latches (held through a reset, cleared by a power loss, frozen in a hang).</summary>
    protected abstract SignalLatch[] Latches { get; }

    /// <summary>Resets the board now; it runs again after <paramref name="rebootMs"/>.</summary>
    public void Reset(long rebootMs) => GoDown(BoardState.Rebooting, rebootMs);

    /// <summary>The board loses its power now (its latches are cleared); it boots when the power returns after <paramref name="downMs"/>.</summary>
    public void LosePower(long downMs) => GoDown(BoardState.Unpowered, downMs);

    /// <summary>The board's power returns now (after a power loss of unknown length): it boots in <paramref name="bootMs"/>.</summary>
    public void RestorePower(long bootMs = 1500)
    {
        if (State == BoardState.Unpowered)
        {
            _restartAtMs = System.NowMs + bootMs;
            Wake(_restartAtMs);
        }
    }

    /// <summary>The firmware hangs for <paramref name="hangMs"/>: nothing moves, then it goes on where it stopped.</summary>
    public void Hang(long hangMs)
    {
        if (State != BoardState.Running)
        {
            return;
        }

        State = BoardState.Hung;
        foreach (var latch in Latches)
        {
            latch.Frozen = true;
        }

        foreach (var port in Ports)
        {
            port.In.Listening = false;
        }

        _restartAtMs = System.NowMs + hangMs;
        Wake(_restartAtMs);
    }

    private void GoDown(BoardState state, long downMs)
    {
        Resets++;
        StopFirmware();
        State = state;
        foreach (var line in Outputs)
        {
            line.Release();
        }

        foreach (var latch in Latches)
        {
            latch.Frozen = false;
            if (state == BoardState.Unpowered)
            {
                latch.LosePower();
            }
        }

        foreach (var port in Ports)
        {
            port.Out.SenderReset();
            port.In.Listening = false;
        }

        _restartAtMs = System.NowMs + downMs;
        Wake(_restartAtMs);
    }

    /// <inheritdoc/>
    protected sealed override void Step(long nowMs)
    {
        if (State != BoardState.Running)
        {
            if (nowMs < _restartAtMs)
            {
                Wake(_restartAtMs);
                return;
            }

            bool hung = State == BoardState.Hung;
            foreach (var port in Ports)
            {
                port.In.Listening = true;
                if (hung)
                {
                    port.In.ReceiverResumed();
                }
                else
                {
                    port.In.ReceiverRestarted();
                }
            }

            foreach (var latch in Latches)
            {
                latch.Frozen = false;
                latch.RestorePower();
            }

            State = BoardState.Running;
            RunningSinceMs = nowMs;
            if (!hung)
            {
                BootedAtMs = nowMs;
                StartFirmware();
                System.Started(this);
            }
        }

        long fingerprint = Fingerprint();
        int lineChanges = System.LineChanges;
        System.BeforeStep(this);
        StepFirmware(nowMs - BootedAtMs);
        System.AfterStep(this);
        if (Fingerprint() != fingerprint || System.LineChanges != lineChanges)
        {
            // Something changed: the board's next loop iteration may act on it.
            Wake(nowMs + 1);
        }

        long due = NextDueMs();
        if (due != long.MaxValue)
        {
            Wake(due + BootedAtMs);
        }

        foreach (var port in Ports)
        {
            Wake(port.In.NextWakeMs());
        }
    }

    /// <summary>Builds the firmware from the board's storage (power-on).</summary>
    protected abstract void StartFirmware();

    /// <summary>Drops the firmware (reset).</summary>
    protected abstract void StopFirmware();

    /// <summary>Steps the firmware with milliseconds since boot.</summary>
    protected abstract void StepFirmware(long bootMs);

    /// <summary>Gets the firmware's next deadline in milliseconds since boot.</summary>
    protected abstract long NextDueMs();

    /// <summary>Gets a number that changes when the firmware's state that others can see changes (log, mode, phase).</summary>
    protected abstract long Fingerprint();
}
