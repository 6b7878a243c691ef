namespace ColdStandby.Protocol
{
    /// <summary>Which server: side A or side B. <see cref="None"/> where no side applies.</summary>
    public enum Side : byte
    {
        /// <summary>No side (nobody holds the grant; a node that has no side).</summary>
        None = 0,

        /// <summary>Server A.</summary>
        A = 1,

        /// <summary>Server B.</summary>
        B = 2,
    }
}
