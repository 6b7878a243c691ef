namespace ColdStandby.Protocol
{
    /// <summary>The result of the host agent's real-I/O probe of a controller.</summary>
    public enum ControllerState : byte
    {
        /// <summary>Not probed yet.</summary>
        Unknown = 0,

        /// <summary>The probe passed.</summary>
        Ok = 1,

        /// <summary>Consecutive probes failed past the configured threshold: a server fault.</summary>
        Failed = 2,
    }
}
