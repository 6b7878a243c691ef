namespace ColdStandby.Protocol
{
    /// <summary>
    /// CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value 0xFFFFFFFF, final XOR
    /// 0xFFFFFFFF. Its check value (the CRC of the ASCII bytes "123456789") is 0xE3069283.
    /// Chosen over CRC-16 because links see random garbage: a 32-bit check lets through one garbage
    /// frame in four billion, and Castagnoli's polynomial keeps Hamming distance 6 at our frame sizes.
    /// </summary>
    public static class Crc32C
    {
        /// <summary>The CRC of the ASCII bytes "123456789".</summary>
        public const uint CheckValue = 0xE3069283;

        private const uint ReflectedPolynomial = 0x82F63B78;

        // Built once at type initialisation; a table lookup per byte is what an interpreter can afford.
        private static readonly uint[] s_table = BuildTable();

        /// <summary>Computes the CRC-32C of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static uint Compute(byte[] data, int offset, int count)
        {
            return ~Update(0xFFFFFFFF, data, offset, count);
        }

        /// <summary>
        /// Continues a running CRC register (start with 0xFFFFFFFF, complement the result) so an entry
        /// spread over several buffers can be checked without copying.
        /// </summary>
        public static uint Update(uint register, byte[] data, int offset, int count)
        {
            uint[] table = s_table;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                register = table[(register ^ data[i]) & 0xFF] ^ (register >> 8);
            }

            return register;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? (c >> 1) ^ ReflectedPolynomial : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
