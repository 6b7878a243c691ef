namespace ColdStandby.Bench.Simulation;

/// <summary>
/// A microcontroller board running its firmware: stepped with milliseconds since its own boot (a
/// board's clock restarts at every reset), with non-volatile storage that outlives a reset. A
/// reset lets its outputs fall to their reset levels, loses what its UARTs held, and after the
/// reboot time builds the firmware anew from the same storage, as a power-on would.
/// </summary>
public abstract class BoardNode : Part
{
    private long _restartAtMs;

    protected BoardNode(StandbySystem system, string name)
        : base(system, name)
    {
    }

    /// <summary>Gets whether the board is rebooting now (its firmware is not running).</summary>
    public abstract bool Rebooting { get; }

    /// <summary>Gets how many times the board was reset.</summary>
    public int Resets { get; private set; }

    /// <summary>Gets the simulated time of the board's last boot, from which its firmware counts.</summary>
    public long BootedAtMs { get; private set; }

    /// <summary>Gets the board's serial link ends.</summary>
    protected abstract UartPort[] Ports { get; }

    /// <summary>Gets the board's output lines.</summary>
    protected abstract SignalLine[] Outputs { get; }

    /// <summary>Resets the board now; it runs again after <paramref name="rebootMs"/>.</summary>
    public void Reset(long rebootMs)
    {
        Resets++;
        StopFirmware();
        foreach (var line in Outputs)
        {
            line.Release();
        }

        foreach (var port in Ports)
        {
            port.Out.SenderReset();
            port.In.Listening = false;
        }

        _restartAtMs = System.NowMs + rebootMs;
        Wake(_restartAtMs);
    }

    /// <inheritdoc/>
    protected sealed override void Step(long nowMs)
    {
        if (Rebooting)
        {
            if (nowMs < _restartAtMs)
            {
                Wake(_restartAtMs);
                return;
            }

            foreach (var port in Ports)
            {
                port.In.Listening = true;
                port.In.ReceiverRestarted();
            }

            BootedAtMs = nowMs;
            StartFirmware();
            System.Started(this);
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
