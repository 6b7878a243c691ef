namespace ColdStandby.Dm
{
    /// <summary>
    /// Which side gets the grant when both sides' requests became eligible in the same step while
    /// nobody held it. Whoever asked first otherwise wins; this only breaks a tie.
    /// </summary>
    public enum SimultaneousRule : byte
    {
        /// <summary>
        /// The side that did not hold the grant last (side A when nobody ever held it): in a
        /// failover the taking-over side is the one that did not hold last.
        /// </summary>
        NotLastHolder = 1,

        /// <summary>Side A always wins a tie.</summary>
        PreferA = 2,

        /// <summary>Side B always wins a tie.</summary>
        PreferB = 3,
    }
}
