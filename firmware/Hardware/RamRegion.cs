namespace ColdStandby.Hardware
{
    /// <summary>
    /// An <see cref="INonVolatileRegion"/> in RAM, erased to 0xFF like flash. It survives whatever
    /// keeps the object alive: the bench keeps one per board across simulated board resets, and
    /// tests use it where power cuts do not matter.
    /// </summary>
    public sealed class RamRegion : INonVolatileRegion
    {
        private readonly byte[] _bytes;

        /// <summary>Initializes a new instance of the <see cref="RamRegion"/> class, erased.</summary>
        public RamRegion(int size)
        {
            _bytes = new byte[size];
            for (int i = 0; i < size; i++)
            {
                _bytes[i] = 0xFF;
            }
        }

        /// <inheritdoc/>
        public int Size
        {
            get { return _bytes.Length; }
        }

        /// <inheritdoc/>
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            System.Array.Copy(_bytes, address, buffer, offset, count);
        }

        /// <inheritdoc/>
        public void Write(int address, byte[] buffer, int offset, int count)
        {
            System.Array.Copy(buffer, offset, _bytes, address, count);
        }
    }
}
