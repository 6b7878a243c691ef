namespace ColdStandby.Hardware
{
    /// <summary>
    /// A digital output the firmware drives: a server's power-button drive, a storage connect request,
    /// an enclosure access-right line, an alarm relay. <c>true</c> means asserted, whatever the
    /// electrical polarity; the board binding maps it to the pin level.
    /// </summary>
    public interface IOutputLine
    {
        /// <summary>Gets or sets whether the line is asserted.</summary>
        bool Value { get; set; }
    }
}
