namespace ColdStandby.Protocol
{
    /// <summary>Why a request was refused. Carried by <see cref="Refusal"/>.</summary>
    public enum RefusalReason : byte
    {
        /// <summary>No reason (never sent).</summary>
        None = 0,

        /// <summary>The receiver does not handle this message on this link.</summary>
        NotHandled = 1,

        /// <summary>The request does not fit the receiver's mode (e.g. switchover while Standby).</summary>
        WrongMode = 2,

        /// <summary>The request carries an epoch older than the receiver's.</summary>
        StaleEpoch = 3,

        /// <summary>The receiver is busy with a sequence (failover, shutdown) and cannot start another.</summary>
        Busy = 4,

        /// <summary>A field is outside its allowed range.</summary>
        OutOfRange = 5,

        /// <summary>The protocol versions differ.</summary>
        VersionMismatch = 6,

        /// <summary>The feature is not configured (e.g. fencing is off).</summary>
        NotConfigured = 7,

        /// <summary>Hello has not been exchanged yet on this link.</summary>
        NoSession = 8,

        /// <summary>The request names the wrong side.</summary>
        WrongSide = 9,

        /// <summary>The peer SMU cannot be reached or is not fit to take over.</summary>
        PeerUnavailable = 10,

        /// <summary>The DM did not confirm in time.</summary>
        StorageTimeout = 11,

        /// <summary>The clock has not been set.</summary>
        ClockNotSet = 12,

        /// <summary>
        /// A time set would move the clock back further than the receiver allows without the
        /// set's StepBack flag (the receiver's clock is ahead: set wrongly, or the sender's is behind).
        /// </summary>
        ClockAhead = 13,

        /// <summary>
        /// The SMU opens no session while its server's power-good is low: no OS can be running
        /// there (it is powering off, or the power-good sense is broken). Answers a hello.
        /// </summary>
        ServerOff = 14,
    }
}
