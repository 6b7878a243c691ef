namespace ColdStandby.Protocol
{
    /// <summary>Why a switch is made. Carried by <see cref="SwitchRequest"/>.</summary>
    public enum SwitchKind : byte
    {
        /// <summary>The active server failed.</summary>
        Failover = 1,

        /// <summary>An operator moved the service; the old active side ends in Standby.</summary>
        Planned = 2,
    }
}
