namespace ColdStandby.Smu
{
    /// <summary>
    /// The server watchdog: armed by the first kick after the OS is up, fired when no kick comes
    /// within the timeout.
    /// </summary>
    internal sealed class Watchdog
    {
        private readonly long _timeoutMs;
        private bool _armed;
        private long _expiresAtMs;

        /// <summary>Initializes a new instance of the <see cref="Watchdog"/> class.</summary>
        internal Watchdog(long timeoutMs)
        {
            _timeoutMs = timeoutMs;
        }

        /// <summary>Gets whether the watchdog is armed.</summary>
        internal bool Armed
        {
            get { return _armed; }
        }

        /// <summary>Gets when the armed watchdog fires; <see cref="long.MaxValue"/> when disarmed.</summary>
        internal long DueMs
        {
            get { return _armed ? _expiresAtMs : long.MaxValue; }
        }

        /// <summary>Arms the watchdog (or restarts its time) from now.</summary>
        internal void Kick(long nowMs)
        {
            _armed = true;
            _expiresAtMs = nowMs + _timeoutMs;
        }

        /// <summary>Stops watching.</summary>
        internal void Disarm()
        {
            _armed = false;
        }

        /// <summary>Gets whether the armed watchdog has not been kicked in time.</summary>
        internal bool Expired(long nowMs)
        {
            return _armed && nowMs >= _expiresAtMs;
        }
    }
}
