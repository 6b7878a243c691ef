namespace ColdStandby.Protocol
{
    /// <summary>Why a failover or planned switchover stopped without a switch: the argument of a <c>SwitchAbandoned</c> log record.</summary>
    public enum AbandonReason : byte
    {
        /// <summary>Not abandoned.</summary>
        None = 0,

        /// <summary>The server stayed on through the forced-off hold and the confirmation time.</summary>
        ServerWouldNotPowerOff = 1,

        /// <summary>The DM did not confirm the storage release in time.</summary>
        StorageNotReleased = 2,

        /// <summary>The standby answered that it cannot take over.</summary>
        StandbyUnfit = 3,

        /// <summary>The standby did not answer the fitness query.</summary>
        StandbySilent = 4,

        /// <summary>The standby refused the switch request.</summary>
        SwitchRefused = 5,

        /// <summary>The switch request went unanswered every time (the standby may have taken over).</summary>
        SwitchUnanswered = 6,

        /// <summary>The standby is Active already (made Active while this side rebooted mid-failover): the service is its, no alarm.</summary>
        PeerAlreadyActive = 7,
    }
}
