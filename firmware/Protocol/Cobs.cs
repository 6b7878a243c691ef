namespace ColdStandby.Protocol
{
    /// <summary>
    /// Consistent Overhead Byte Stuffing (Cheshire and Baker, 1999): removes every 0x00 from a frame
    /// so 0x00 can delimit frames, at a cost of one byte per 254. A receiver that joins mid-stream or
    /// sees noise resynchronises at the next 0x00.
    /// </summary>
    public static class Cobs
    {
        /// <summary>
        /// Encodes <paramref name="count"/> bytes into <paramref name="output"/> (which must hold
        /// count + count / 254 + 1 bytes) and returns the encoded length. No delimiter is written.
        /// </summary>
        public static int Encode(byte[] input, int offset, int count, byte[] output, int outputOffset)
        {
            int codeIndex = outputOffset;
            int write = outputOffset + 1;
            byte code = 1;
            int end = offset + count;
            for (int read = offset; read < end; read++)
            {
                byte value = input[read];
                if (value == 0)
                {
                    output[codeIndex] = code;
                    codeIndex = write++;
                    code = 1;
                    continue;
                }

                output[write++] = value;
                code++;
                if (code == 0xFF)
                {
                    output[codeIndex] = code;
                    codeIndex = write++;
                    code = 1;
                }
            }

            output[codeIndex] = code;
            return write - outputOffset;
        }

        /// <summary>
        /// Decodes <paramref name="count"/> encoded bytes (without the delimiter) into
        /// <paramref name="output"/> and returns the decoded length, or -1 when the input is not a
        /// valid encoding (a zero byte, or a block running past the end) or does not fit in
        /// <paramref name="capacity"/> bytes.
        /// </summary>
        public static int Decode(byte[] input, int offset, int count, byte[] output, int outputOffset, int capacity)
        {
            int read = offset;
            int end = offset + count;
            int write = outputOffset;
            int limit = outputOffset + capacity;
            while (read < end)
            {
                int code = input[read++];
                if (code == 0 || read + code - 1 > end)
                {
                    return -1;
                }

                for (int i = 1; i < code; i++)
                {
                    byte value = input[read++];
                    if (value == 0 || write >= limit)
                    {
                        return -1;
                    }

                    output[write++] = value;
                }

                if (code != 0xFF && read < end)
                {
                    if (write >= limit)
                    {
                        return -1;
                    }

                    output[write++] = 0;
                }
            }

            return write - outputOffset;
        }
    }
}
