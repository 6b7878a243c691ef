namespace ColdStandby.Protocol
{
    /// <summary>
    /// The first byte of every frame. Common messages are 0x01–0x0F, peer link 0x10–0x1F, operator
    /// commands 0x20–0x2F, host link 0x30–0x3F, management link 0x40–0x4F.
    /// </summary>
    public enum MessageType : byte
    {
        /// <summary>Identity and protocol version, first on every link.</summary>
        Hello = 0x01,

        /// <summary>A request was refused, with the reason.</summary>
        Refusal = 0x02,

        /// <summary>A request was accepted.</summary>
        Accepted = 0x03,

        /// <summary>Sets the receiver's clock for log timestamps.</summary>
        TimeSet = 0x04,

        /// <summary>Asks for the receiver's status.</summary>
        StatusRequest = 0x05,

        /// <summary>Asks for event-log records by sequence range.</summary>
        LogReadRequest = 0x06,

        /// <summary>One event-log entry.</summary>
        LogRecord = 0x07,

        /// <summary>Ends a log read-out.</summary>
        LogReadEnd = 0x08,

        /// <summary>SMU to SMU: alive, with mode and health.</summary>
        Heartbeat = 0x10,

        /// <summary>Active SMU to standby SMU: are you fit to take over?</summary>
        FitnessQuery = 0x11,

        /// <summary>Standby SMU's answer to a fitness query.</summary>
        FitnessReply = 0x12,

        /// <summary>Active SMU to standby SMU: take over.</summary>
        SwitchRequest = 0x13,

        /// <summary>Standby SMU: switch request taken.</summary>
        SwitchAck = 0x14,

        /// <summary>An operator command (planned switchover, mark repaired, alarm reset).</summary>
        OperatorCommand = 0x20,

        /// <summary>Host agent to SMU: watchdog kick.</summary>
        Kick = 0x30,

        /// <summary>Host agent to SMU: a boot checkpoint was reached.</summary>
        CheckpointReached = 0x31,

        /// <summary>Host agent to SMU: RAID and LAN controller probe results.</summary>
        ControllerHealth = 0x32,

        /// <summary>Host agent to SMU: a fault it found.</summary>
        FaultReport = 0x33,

        /// <summary>SMU to host agent: shut the OS down.</summary>
        ShutdownRequest = 0x34,

        /// <summary>Host agent to SMU: shutdown started.</summary>
        ShutdownStarted = 0x35,

        /// <summary>Host agent to SMU: shutdown finished, power may go.</summary>
        ShutdownDone = 0x36,

        /// <summary>SMU's status.</summary>
        SmuStatus = 0x37,

        /// <summary>Host agent to SMU: hold the watchdog for maintenance for a bounded time, or end the hold.</summary>
        MaintenanceHold = 0x38,

        /// <summary>DM's status: who holds the storage.</summary>
        StorageStatus = 0x40,

        /// <summary>Revoke a side's storage grant although it still requests.</summary>
        Fence = 0x41,

        /// <summary>Disk controller to DM: a disk access error.</summary>
        DiskErrorReport = 0x42,
    }
}
