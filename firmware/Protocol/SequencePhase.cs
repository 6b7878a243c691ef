namespace ColdStandby.Protocol
{
    /// <summary>Where an SMU is in a switch sequence (DESIGN.md §1), sent in heartbeats and status.</summary>
    public enum SequencePhase : byte
    {
        /// <summary>No sequence under way.</summary>
        Idle = 0,

        /// <summary>Active side: waiting for the server to shut down (graceful, then forced).</summary>
        ShuttingDown = 1,

        /// <summary>Active side: storage request released, waiting for the DM to confirm.</summary>
        ReleasingStorage = 2,

        /// <summary>Active side: asking the standby whether it is fit.</summary>
        CheckingStandby = 3,

        /// <summary>Active side: sending the switch request until acknowledged.</summary>
        RequestingSwitch = 4,

        /// <summary>Taking-over side: storage requested, waiting for the grant.</summary>
        AwaitingGrant = 5,

        /// <summary>Server powered on, boot checkpoints running.</summary>
        Booting = 6,

        /// <summary>The sequence stopped without a switch; whole-system alarm raised.</summary>
        Abandoned = 7,

        /// <summary>
        /// Standby side that was Active when it stopped but found no grant at its start: not Active
        /// until the startup agreement with the peer gives it the service back.
        /// </summary>
        Claiming = 8,

        /// <summary>Active side whose server went off with the site's power: waiting for the mains to power it on again.</summary>
        AwaitingMains = 9,
    }
}
