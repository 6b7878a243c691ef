namespace ColdStandby.Protocol
{
    /// <summary>What kind of node sent a <see cref="Hello"/>.</summary>
    public enum NodeKind : byte
    {
        /// <summary>A server management unit.</summary>
        Smu = 1,

        /// <summary>The disk manager.</summary>
        DiskManager = 2,

        /// <summary>The host agent on a server.</summary>
        Agent = 3,

        /// <summary>Management software (an operator's tool, the bench).</summary>
        Tool = 4,

        /// <summary>A disk controller reporting errors to the DM.</summary>
        DiskController = 5,
    }
}
