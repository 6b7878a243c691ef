namespace ColdStandby.Protocol
{
    /// <summary>
    /// What an event-log entry says happened. DM events are 0x01–0x3F, SMU events 0x40–0x7F.
    /// Codes are stored in logs that outlive firmware versions: append new ones, never renumber.
    /// The meaning of an entry's argument is given per code.
    /// </summary>
    public enum EventCode : byte
    {
        /// <summary>No event (never stored).</summary>
        None = 0,

        // ---- Disk manager ----

        /// <summary>The DM started (power-on or reset). Argument: the side whose grant was restored, or 0.</summary>
        DmReset = 0x01,

        /// <summary>A side was granted storage access. Argument: the new grant epoch.</summary>
        GrantGiven = 0x02,

        /// <summary>After a DM reset the persisted holder still requested and got its grant back at once. Argument: epoch.</summary>
        GrantRestored = 0x03,

        /// <summary>The holder released its request and lost the grant. Argument: epoch.</summary>
        GrantReleased = 0x04,

        /// <summary>Both sides requested in the same step; the side given is the one served first. Argument: 0.</summary>
        RequestConflict = 0x05,

        /// <summary>A side's grant was revoked by a fence command although it still requested. Argument: the fence epoch.</summary>
        Fenced = 0x06,

        /// <summary>A fence command was refused (stale epoch, not configured). Argument: the refusal reason.</summary>
        FenceRefused = 0x07,

        /// <summary>The clock was set. Argument: the low 32 bits of the previous time in seconds.</summary>
        TimeSet = 0x08,

        /// <summary>A disk controller reported an error. Argument: enclosure &lt;&lt; 24 | disk &lt;&lt; 16 | error code.</summary>
        DiskError = 0x09,

        /// <summary>A request arrived while the other side held the grant and waits. Argument: 0.</summary>
        RequestWaiting = 0x0A,

        /// <summary>A request that would have changed something (a time set, on the DM and the SMU) was refused. Argument: the message type &lt;&lt; 8 | the refusal reason.</summary>
        RequestRefused = 0x0B,

        /// <summary>
        /// A logged disk error was reported again this many more times within its repeat window
        /// (failing disks, one or several in turn, must not flush the ring); logged when the window
        /// ends. Argument: enclosure &lt;&lt; 24 | disk &lt;&lt; 16 | the count (at most 65535), in the
        /// place of the error code. (Firmware 0.1 wrote the count alone, for the error logged last.)
        /// </summary>
        DiskErrorRepeated = 0x0C,

        /// <summary>
        /// The clock was set back (SMU and DM). The record is stamped with the new time; the
        /// argument is the time it was set back from, in Unix seconds. Records before it carry the
        /// old times: read the log in sequence order, never by time.
        /// </summary>
        ClockStepBack = 0x0D,

        // ---- Server management unit ----

        /// <summary>The SMU started (power-on or reset). Argument: the persisted mode it resumed.</summary>
        SmuReset = 0x40,

        /// <summary>The SMU's mode changed. Argument: the new <see cref="Mode"/>.</summary>
        ModeChanged = 0x41,

        /// <summary>A server fault was found. Argument: the <see cref="FaultKind"/> (low byte) and detail (high 16 bits).</summary>
        ServerFault = 0x42,

        /// <summary>An alarm was raised. Argument: the <see cref="AlarmFlags"/> bit.</summary>
        AlarmRaised = 0x43,

        /// <summary>An alarm was cleared. Argument: the <see cref="AlarmFlags"/> bit.</summary>
        AlarmCleared = 0x44,

        /// <summary>A graceful shutdown was asked of the host agent. Argument: the deadline in seconds.</summary>
        ShutdownRequested = 0x45,

        /// <summary>The server shut down (agent reported done or power-good dropped). Argument: 0.</summary>
        ShutdownDone = 0x46,

        /// <summary>The shutdown deadline passed and the SMU forced the power off. Argument: 0.</summary>
        ForcedPowerOff = 0x47,

        /// <summary>The storage connect request was released and the DM confirmed. Argument: 0.</summary>
        StorageReleased = 0x48,

        /// <summary>The DM granted storage to this side. Argument: 0.</summary>
        StorageGranted = 0x49,

        /// <summary>The standby's fitness was checked. Argument: 1 when fit, else the <see cref="UnfitReason"/> &lt;&lt; 8.</summary>
        FitnessChecked = 0x4A,

        /// <summary>A switch request was sent to the peer. Argument: the switch epoch.</summary>
        SwitchRequested = 0x4B,

        /// <summary>The peer acknowledged the switch request. Argument: the switch epoch.</summary>
        SwitchAcknowledged = 0x4C,

        /// <summary>No switch was made (standby unfit or silent, release not confirmed). Argument: the <see cref="RefusalReason"/>.</summary>
        SwitchAbandoned = 0x4D,

        /// <summary>The SMU powered its server on. Argument: 0.</summary>
        PowerOn = 0x4E,

        /// <summary>The peer SMU went silent on the peer link. Argument: 0.</summary>
        PeerSilent = 0x4F,

        /// <summary>The peer SMU was heard again. Argument: 0.</summary>
        PeerReturned = 0x50,

        /// <summary>The host agent reported an application service failure (never a failover). Argument: service index.</summary>
        ServiceFailure = 0x51,

        /// <summary>A boot checkpoint was reached. Argument: the stage index.</summary>
        CheckpointReached = 0x52,

        /// <summary>An operator command was accepted. Argument: the <see cref="OperatorCommandKind"/>.</summary>
        OperatorCommand = 0x53,

        /// <summary>A switch request with a stale or replayed epoch was ignored. Argument: its epoch.</summary>
        StaleSwitchIgnored = 0x54,

        /// <summary>A switch request was accepted from the peer. Argument: the switch epoch.</summary>
        SwitchAccepted = 0x55,

        /// <summary>The DM did not grant the storage requested in time: the server stays off (argument: 0), or runs on beside an SMU back from a restart (argument: 1).</summary>
        GrantTimeout = 0x56,

        /// <summary>The host agent said hello (OS loaded). Argument: the agent's version.</summary>
        AgentHello = 0x57,

        /// <summary>
        /// A maintenance hold of the watchdog began (or was renewed) on the side given. Argument: its
        /// length in seconds; 0 when this SMU saw it in the peer's heartbeat, which has no length.
        /// </summary>
        MaintenanceStarted = 0x58,

        /// <summary>
        /// A maintenance hold ended on the side given. Argument: 0 ended by the operator (or seen in
        /// the peer's heartbeat), 1 its deadline passed (the watchdog runs again from then), 2 the
        /// server stopped being watched (a failover, a switchover, power off).
        /// </summary>
        MaintenanceEnded = 0x59,

        /// <summary>
        /// The peer went silent and came back again within the flap window of the peer record
        /// logged before (a flapping cable): those changes were counted, not logged one by one.
        /// Argument: how many times it went silent in the window. A <see cref="PeerSilent"/> or
        /// <see cref="PeerReturned"/> follows when the peer's state differs from the one logged last.
        /// </summary>
        PeerFlapping = 0x5A,

        /// <summary>At start, the persisted Active was not backed by this side's grant: Standby until the agreement decides (argument: the epoch).</summary>
        ActiveNotBacked = 0x60,

        /// <summary>The server lost power together with both SMUs' external power: a site outage, no failover (argument: 0).</summary>
        SiteOutage = 0x61,

        /// <summary>The external power is back after a site outage: the server is powered on again (argument: 0).</summary>
        MainsRestored = 0x62,

        /// <summary>
        /// The running Active server's grant disappeared without a release (argument: 0), or the agent's
        /// RAID probe finds the array gone while the grant line shows the grant (argument: 1).
        /// </summary>
        StorageLost = 0x63,

        /// <summary>The grant dropped during the power-on press: the press was cut short (argument: 0).</summary>
        PowerOnAborted = 0x64,

        /// <summary>Too many boots in a row ended before a healthy run: the request is released (argument: the boot count).</summary>
        BootLoop = 0x65,

        /// <summary>The server stayed on after the forced-off hold, its storage already released (argument: 0).</summary>
        ServerStillOn = 0x66,

        /// <summary>The grant line stayed on (or came on) although this side does not request: not believed until it goes off (argument: 0).</summary>
        GrantUnrequested = 0x67,

        /// <summary>
        /// The peer's heartbeat showed it entering or leaving a step of handing over (shutting its
        /// server down, releasing the storage, checking the standby, requesting the switch, or
        /// abandoned), logged as heard: the peer sends a heartbeat at every change, so the times
        /// are the peer's own to a frame's time. The side taking over then has the whole switch in
        /// its own log, for its agent that starts only after it. Argument: the new
        /// <see cref="SequencePhase"/> | the phase before it &lt;&lt; 8.
        /// </summary>
        PeerPhaseChanged = 0x68,

        /// <summary>A grant came while the server is off: the request is let go to see the line fall (a wire stuck high does not) before the grant is acted on (argument: 0).</summary>
        GrantProving = 0x69,

        /// <summary>
        /// The grant line rose again sooner after a proof's fall than the DM can grant (its settle): a wire
        /// stuck high, not the DM's grant; not believed until the line goes off (argument: the milliseconds since the fall).
        /// </summary>
        GrantTooSoon = 0x6A,
    }
}
