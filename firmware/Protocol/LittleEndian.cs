namespace ColdStandby.Protocol
{
    /// <summary>
    /// Little-endian integer fields in caller-owned byte arrays: the byte order of every multi-byte
    /// field on the wire and in the RecordStore library. (nanoFramework has no BinaryPrimitives.)
    /// </summary>
    public static class LittleEndian
    {
        /// <summary>Writes a 16-bit value.</summary>
        public static void WriteUInt16(byte[] buffer, int offset, ushort value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
        }

        /// <summary>Reads a 16-bit value.</summary>
        public static ushort ReadUInt16(byte[] buffer, int offset)
        {
            return (ushort)(buffer[offset] | (buffer[offset + 1] << 8));
        }

        /// <summary>Writes a 32-bit value.</summary>
        public static void WriteUInt32(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        /// <summary>Reads a 32-bit value.</summary>
        public static uint ReadUInt32(byte[] buffer, int offset)
        {
            return (uint)(buffer[offset]
                | (buffer[offset + 1] << 8)
                | (buffer[offset + 2] << 16)
                | (buffer[offset + 3] << 24));
        }

        /// <summary>Writes a 64-bit value.</summary>
        public static void WriteInt64(byte[] buffer, int offset, long value)
        {
            WriteUInt32(buffer, offset, (uint)value);
            WriteUInt32(buffer, offset + 4, (uint)(value >> 32));
        }

        /// <summary>Reads a 64-bit value.</summary>
        public static long ReadInt64(byte[] buffer, int offset)
        {
            return (long)(((ulong)ReadUInt32(buffer, offset + 4) << 32) | ReadUInt32(buffer, offset));
        }
    }
}
