using System;

namespace ColdStandby.Protocol
{
    /// <summary>The alarms an SMU can have raised at once; they drive its alarm output.</summary>
    [Flags]
    public enum AlarmFlags : ushort
    {
        /// <summary>No alarm.</summary>
        None = 0,

        /// <summary>This side's server had a fault.</summary>
        ServerFault = 0x0001,

        /// <summary>The peer SMU is silent on the peer link.</summary>
        PeerSilent = 0x0002,

        /// <summary>No switch was possible: the whole system is down.</summary>
        WholeSystemFailure = 0x0004,

        /// <summary>An application service failed (restarted by the agent).</summary>
        ServiceFailure = 0x0008,

        /// <summary>The DM did not grant or did not confirm a release in time.</summary>
        StorageTimeout = 0x0010,

        /// <summary>The server did not shut down gracefully and was forced off.</summary>
        ForcedPowerOff = 0x0020,

        /// <summary>The SMU has lost its external power and runs on its backup cell.</summary>
        OnBattery = 0x0040,

        /// <summary>This side's running Active server lost its storage grant (the DM lost power, or a fence).</summary>
        StorageLost = 0x0080,

        /// <summary>No side has served for longer than the boot deadlines allow.</summary>
        NoService = 0x0100,

        /// <summary>On its cell, the SMU's battery fell below the charger's low-battery threshold: its supervisor will soon reset it (and clear its request latch).</summary>
        BatteryLow = 0x0200,

        /// <summary>Every defined bit.</summary>
        All = 0x03FF,
    }
}
