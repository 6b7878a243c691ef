namespace ColdStandby.Protocol
{
    /// <summary>
    /// Turns messages into wire frames for one sender on one link: numbers them, adds the CRC,
    /// COBS-encodes them and appends the delimiter. Allocates nothing after construction.
    /// </summary>
    public sealed class FrameWriter
    {
        private readonly byte[] _frame = new byte[Frame.MaxFrameLength];
        private ushort _nextSequence;

        /// <summary>Gets the sequence number given to the last frame written.</summary>
        public ushort LastSequence { get; private set; }

        /// <summary>Gets how many frames were written.</summary>
        public int FramesWritten { get; private set; }

        /// <summary>
        /// Encodes <paramref name="message"/> into <paramref name="output"/> from
        /// <paramref name="offset"/> (room for <see cref="Frame.MaxWireLength"/> bytes) and returns
        /// the number of bytes to send, delimiter included.
        /// </summary>
        public int Write(Message message, byte[] output, int offset)
        {
            ushort sequence = _nextSequence;
            _nextSequence = (ushort)(sequence + 1);
            LastSequence = sequence;
            FramesWritten++;
            return Encode(message, sequence, _frame, output, offset);
        }

        /// <summary>
        /// Encodes one frame with a given sequence number, using <paramref name="scratch"/> (at least
        /// <see cref="Frame.MaxFrameLength"/> bytes) for the unencoded frame; returns the wire length.
        /// </summary>
        public static int Encode(Message message, ushort sequence, byte[] scratch, byte[] output, int offset)
        {
            int payloadLength = message.PayloadLength;
            scratch[0] = (byte)message.Type;
            LittleEndian.WriteUInt16(scratch, 1, sequence);
            message.WritePayload(scratch, Frame.HeaderLength);
            int crcOffset = Frame.HeaderLength + payloadLength;
            LittleEndian.WriteUInt32(scratch, crcOffset, Crc32C.Compute(scratch, 0, crcOffset));
            int encoded = Cobs.Encode(scratch, 0, crcOffset + Frame.CrcLength, output, offset);
            output[offset + encoded] = Frame.Delimiter;
            return encoded + 1;
        }
    }
}
