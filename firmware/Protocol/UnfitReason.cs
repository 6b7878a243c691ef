namespace ColdStandby.Protocol
{
    /// <summary>Why a standby SMU says it cannot take over. Carried by <see cref="FitnessReply"/>.</summary>
    public enum UnfitReason : byte
    {
        /// <summary>Fit to take over.</summary>
        None = 0,

        /// <summary>It is not in Standby mode (Failed, or already Active).</summary>
        NotStandby = 1,

        /// <summary>Its server is powered although it should be off.</summary>
        ServerPowered = 2,

        /// <summary>It sees a storage grant it should not have.</summary>
        StorageHeld = 3,

        /// <summary>It is busy with another switch.</summary>
        Busy = 4,

        /// <summary>An operator has blocked takeover on that side.</summary>
        Blocked = 5,
    }
}
