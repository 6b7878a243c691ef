namespace ColdStandby.Protocol
{
    /// <summary>What went wrong with a server (DESIGN.md §1, "what is watched").</summary>
    public enum FaultKind : byte
    {
        /// <summary>No fault.</summary>
        None = 0,

        /// <summary>A boot stage missed its deadline; the detail is the stage index.</summary>
        BootDeadline = 1,

        /// <summary>The watchdog was not kicked in time after the OS came up.</summary>
        Watchdog = 2,

        /// <summary>The RAID controller failed its I/O probe.</summary>
        RaidController = 3,

        /// <summary>The LAN controller failed its probe.</summary>
        LanController = 4,

        /// <summary>Power-good dropped while the server should have been on.</summary>
        PowerLost = 5,

        /// <summary>An application service stopped; the agent restarts it. Never a failover.</summary>
        ServiceFailure = 6,

        /// <summary>An operator asked for a planned switchover (not a fault; the same sequence).</summary>
        PlannedSwitchover = 7,
    }
}
