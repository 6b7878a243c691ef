namespace ColdStandby.Hardware
{
    /// <summary>
    /// A fixed-size region of storage that survives power loss (a file on the board's internal flash,
    /// an EEPROM, a simulated flash in tests). A write cut by power loss may leave any prefix of the
    /// new bytes written and the rest as they were; the RecordStore library is built to survive that.
    /// </summary>
    public interface INonVolatileRegion
    {
        /// <summary>Gets the size of the region in bytes.</summary>
        int Size { get; }

        /// <summary>Reads <paramref name="count"/> bytes starting at <paramref name="address"/>.</summary>
        void Read(int address, byte[] buffer, int offset, int count);

        /// <summary>Writes <paramref name="count"/> bytes starting at <paramref name="address"/>.</summary>
        void Write(int address, byte[] buffer, int offset, int count);
    }
}
