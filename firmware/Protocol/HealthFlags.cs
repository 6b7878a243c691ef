using System;

namespace ColdStandby.Protocol
{
    /// <summary>What an SMU knows of its server and storage, sent in heartbeats and status.</summary>
    [Flags]
    public enum HealthFlags : ushort
    {
        /// <summary>Nothing asserted.</summary>
        None = 0,

        /// <summary>The SMU is holding its server's power on.</summary>
        ServerPowered = 0x0001,

        /// <summary>The server's power-good input is asserted.</summary>
        PowerGood = 0x0002,

        /// <summary>The host agent said hello: the OS is up.</summary>
        OsUp = 0x0004,

        /// <summary>The host agent reported its services ready.</summary>
        ServicesReady = 0x0008,

        /// <summary>The last RAID probe passed.</summary>
        RaidOk = 0x0010,

        /// <summary>The last LAN probe passed.</summary>
        LanOk = 0x0020,

        /// <summary>The SMU requests the storage connection.</summary>
        StorageRequested = 0x0040,

        /// <summary>The DM's grant feedback line is asserted for this side.</summary>
        StorageGranted = 0x0080,

        /// <summary>The SMU's watchdog is armed.</summary>
        WatchdogArmed = 0x0100,

        /// <summary>A host agent session is open on the host link.</summary>
        AgentConnected = 0x0200,

        /// <summary>An operator holds the watchdog for maintenance (bounded; it ends at its deadline).</summary>
        MaintenanceHold = 0x0400,

        /// <summary>Every defined bit.</summary>
        All = 0x07FF,
    }
}
