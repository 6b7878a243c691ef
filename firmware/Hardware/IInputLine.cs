namespace ColdStandby.Hardware
{
    /// <summary>
    /// A digital input the firmware samples each step: a server's power-good, the peer's storage
    /// connect request, a grant feedback line, a repair button. <c>true</c> means asserted.
    /// </summary>
    public interface IInputLine
    {
        /// <summary>Gets whether the line is asserted now.</summary>
        bool Value { get; }
    }
}
