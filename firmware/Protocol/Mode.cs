namespace ColdStandby.Protocol
{
    /// <summary>A server's mode, persisted by its SMU. At most one server is Active.</summary>
    public enum Mode : byte
    {
        /// <summary>Not known yet (no persisted mode, or the peer has not been heard).</summary>
        Unknown = 0,

        /// <summary>Powered off and ready to take over.</summary>
        Standby = 1,

        /// <summary>Runs the business OS from the shared disks.</summary>
        Active = 2,

        /// <summary>Failed; stays so until an operator marks it repaired.</summary>
        Failed = 3,
    }
}
