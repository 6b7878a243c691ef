namespace ColdStandby.Protocol
{
    /// <summary>
    /// Turns received bytes into messages for one receiver on one link. Bytes are pushed one at a
    /// time; a frame ends at each 0x00. A frame that is too long, badly encoded, too short, fails its
    /// CRC, has an unknown type, a wrong payload length, a field out of range, or repeats the
    /// previous frame exactly is dropped and counted, never delivered. Allocates nothing after
    /// construction.
    /// </summary>
    public sealed class FrameReader
    {
        private readonly byte[] _encoded = new byte[Frame.MaxEncodedLength];
        private readonly byte[] _frame = new byte[Frame.MaxFrameLength];
        private readonly MessageSet _messages;
        private int _encodedLength;
        private bool _overflowing;
        private bool _hasPrevious;
        private ushort _previousSequence;
        private uint _previousCrc;

        /// <summary>Initializes a new instance of the <see cref="FrameReader"/> class with its own messages.</summary>
        public FrameReader()
            : this(new MessageSet())
        {
        }

        /// <summary>Initializes a new instance of the <see cref="FrameReader"/> class decoding into <paramref name="messages"/>.</summary>
        public FrameReader(MessageSet messages)
        {
            _messages = messages;
        }

        /// <summary>Gets the last delivered message; valid until the next frame is decoded.</summary>
        public Message Message { get; private set; }

        /// <summary>Gets the sequence number of the last delivered message.</summary>
        public ushort Sequence { get; private set; }

        /// <summary>Gets the counts of delivered and dropped frames.</summary>
        public LinkCounters Counters { get; } = new LinkCounters();

        /// <summary>
        /// Takes one received byte; returns true when it completed a good frame, which is then in
        /// <see cref="Message"/> and <see cref="Sequence"/>.
        /// </summary>
        public bool Push(byte value)
        {
            if (value != Frame.Delimiter)
            {
                if (_encodedLength < _encoded.Length)
                {
                    _encoded[_encodedLength++] = value;
                }
                else if (!_overflowing)
                {
                    _overflowing = true;
                    Counters.Oversized++;
                }

                return false;
            }

            int length = _encodedLength;
            bool overflowed = _overflowing;
            _encodedLength = 0;
            _overflowing = false;
            if (length == 0 || overflowed)
            {
                // Two delimiters in a row are idle line, not a frame; an oversized frame was counted.
                return false;
            }

            return Accept(length);
        }

        /// <summary>
        /// Forgets a partly received frame and the duplicate memory, as after the link was
        /// reconnected.
        /// </summary>
        public void Reset()
        {
            _encodedLength = 0;
            _overflowing = false;
            _hasPrevious = false;
        }

        private bool Accept(int encodedLength)
        {
            int length = Cobs.Decode(_encoded, 0, encodedLength, _frame, 0, _frame.Length);
            if (length < 0)
            {
                Counters.BadEncoding++;
                return false;
            }

            if (length < Frame.MinFrameLength)
            {
                Counters.TooShort++;
                return false;
            }

            int crcOffset = length - Frame.CrcLength;
            uint crc = LittleEndian.ReadUInt32(_frame, crcOffset);
            if (Crc32C.Compute(_frame, 0, crcOffset) != crc)
            {
                Counters.BadCrc++;
                return false;
            }

            Message message = _messages.ForType(_frame[0]);
            if (message == null)
            {
                Counters.UnknownType++;
                return false;
            }

            if (crcOffset - Frame.HeaderLength != message.PayloadLength)
            {
                Counters.BadLength++;
                return false;
            }

            ushort sequence = LittleEndian.ReadUInt16(_frame, 1);
            if (_hasPrevious && sequence == _previousSequence && crc == _previousCrc)
            {
                Counters.Duplicates++;
                return false;
            }

            if (!message.ReadPayload(_frame, Frame.HeaderLength))
            {
                Counters.BadField++;
                return false;
            }

            _hasPrevious = true;
            _previousSequence = sequence;
            _previousCrc = crc;
            Sequence = sequence;
            Message = message;
            Counters.Delivered++;
            return true;
        }
    }
}
