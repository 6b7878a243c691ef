namespace ColdStandby.Protocol
{
    /// <summary>
    /// Turns received bytes into messages for one receiver on one link. Bytes are pushed one at a
    /// time; a frame ends at each 0x00. A frame that is too long, badly encoded, too short, fails its
    /// CRC, has an unknown type, a wrong payload length, a field out of range, or repeats the
    /// previous frame exactly is dropped and counted, never delivered. With <see cref="InOrderOnly"/>
    /// a frame must also follow the previous one in the sender's numbering (see there). Allocates
    /// nothing after construction.
    /// </summary>
    public sealed class FrameReader
    {
        /// <summary>
        /// How far ahead of the previous frame's sequence number the next may be and still follow
        /// it: frames lost to noise leave gaps (at the SMU's 200 ms heartbeat, 64 frames is 12.8 s
        /// of a dead line; after a longer one the receiver calls <see cref="Resync"/>), while an earlier frame replayed lies behind, or ahead by the rest of
        /// the 65,536 numbers: a replay of a frame older than that still falls within this window
        /// only for 64 of the 65,536 numbers a stale frame can carry.
        /// </summary>
        public const int MaxSequenceGap = 64;

        private readonly byte[] _encoded = new byte[Frame.MaxEncodedLength];
        private readonly byte[] _frame = new byte[Frame.MaxFrameLength];
        private readonly MessageSet _messages;
        private int _encodedLength;
        private bool _overflowing;
        private bool _hasPrevious;
        private ushort _previousSequence;
        private uint _previousCrc;
        private bool _hasCandidate;
        private ushort _candidateSequence;
        private bool _anchoring;
        private bool _anchorHeld;

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

        /// <summary>
        /// Gets or sets whether a frame must follow the previous delivered one in the sender's
        /// numbering (1 to <see cref="MaxSequenceGap"/> ahead) to be delivered: an earlier frame
        /// replayed on the line (a glitching cable or an attacker repeating what it heard) is
        /// dropped and counted as <see cref="LinkCounters.OutOfOrder"/>, so a dead peer's old
        /// heartbeat cannot make it look alive and an old command is not carried out twice. A
        /// sender that restarted numbers from 0 again, starting with a <see cref="Hello"/>: the
        /// hello is always delivered (a receiver must not take a hello alone as a sign of life)
        /// and the next frame that follows it begins the new numbering here; when that hello was
        /// lost, a frame numbered within <see cref="MaxSequenceGap"/> of 0 takes its place (so a
        /// restart costs at most one frame). A replayed frame from later in a sender's life is
        /// never delivered, alone or in a recorded run; a replay of the first frames of a life
        /// (its hello, then what followed) can pass. Off for a link inside one box (the host link),
        /// where nothing replays frames.
        /// </summary>
        public bool InOrderOnly { get; set; }

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

            return EndFrame();
        }

        /// <summary>
        /// Takes received bytes in order, as <see cref="Push"/> one at a time would, until one
        /// completes a good frame (then in <see cref="Message"/> and <see cref="Sequence"/>) or all
        /// <paramref name="count"/> are taken. Returns how many it took: <paramref name="count"/>
        /// when no good frame was completed, else minus the number taken (the last of them the
        /// frame's delimiter). One call for a run of bytes: an interpreter pays per call and per
        /// loop step, not per byte copied.
        /// </summary>
        public int Take(byte[] bytes, int offset, int count)
        {
            byte[] encoded = _encoded;
            int length = _encodedLength;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                byte value = bytes[i];
                if (value != Frame.Delimiter)
                {
                    if (length < encoded.Length)
                    {
                        encoded[length++] = value;
                    }
                    else if (!_overflowing)
                    {
                        _overflowing = true;
                        Counters.Oversized++;
                    }

                    continue;
                }

                _encodedLength = length;
                if (EndFrame())
                {
                    return offset - i - 1;
                }

                length = 0;
            }

            _encodedLength = length;
            return count;
        }

        /// <summary>
        /// With <see cref="InOrderOnly"/>: the receiver no longer knows where the sender's numbering
        /// stands (it just started, it stood still, or the sender fell silent), so the frame that
        /// follows the previous one is no longer taken on trust: it may be a frame sent long ago
        /// that never arrived, or an old one replayed. The next frame is held as an anchor (not
        /// delivered; counted as <see cref="LinkCounters.OutOfOrder"/> unless its very next frame comes)
        /// and the frame that follows the anchor is delivered; until one is, every frame that does not follow the
        /// anchor becomes the anchor (a replayed frame cannot hold the line), and a hello is
        /// delivered and becomes the anchor, as always. A lone stale frame is so never delivered;
        /// the live sender's next frame is. It also resumes a sender whose numbering ran on by
        /// more than <see cref="MaxSequenceGap"/> while the line was dead (a long cable cut).
        /// </summary>
        public void Resync()
        {
            _anchoring = true;
            _hasCandidate = false;
            _anchorHeld = false;
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
            _hasCandidate = false;
            _anchoring = false;
            _anchorHeld = false;
        }

        /// <summary>A delimiter came: the bytes before it are a frame to judge, unless there were none or too many.</summary>
        private bool EndFrame()
        {
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

            // Out of order: neither following the previous frame (not trusted while anchoring) nor
            // a restart's hello or the anchor it follows.
            bool followsPrevious = _hasPrevious && !_anchoring && Follows(sequence, _previousSequence);
            bool outOfOrder = InOrderOnly && (_hasPrevious || _anchoring) && !followsPrevious
                && !(_hasCandidate && Follows(sequence, _candidateSequence));
            bool hello = message.Type == MessageType.Hello;
            if (outOfOrder && !hello)
            {
                // A frame just after the start of a sender's numbering may be a restart whose hello
                // was lost; one from later in a life never is. While anchoring, any frame is the
                // anchor. Dropped before its payload is read, so the message a handler may still
                // hold is not overwritten.
                if (sequence <= MaxSequenceGap || _anchoring)
                {
                    _hasCandidate = true;
                    _candidateSequence = sequence;
                }

                // An anchor counts as out of order unless its very next frame comes (one it replaces stays counted).
                _anchorHeld = _anchoring;
                Counters.OutOfOrder++;
                return false;
            }

            if (!message.ReadPayload(_frame, Frame.HeaderLength))
            {
                Counters.BadField++;
                return false;
            }

            if (outOfOrder)
            {
                // A hello restarts the sender's numbering: the frame that follows it begins the new
                // one here. The hello itself is taken (its content is no sign of life).
                _hasCandidate = true;
                _candidateSequence = sequence;
                _anchorHeld = false;
            }
            else
            {
                if (_anchorHeld && (ushort)(sequence - _candidateSequence) == 1)
                {
                    // Its very next frame came: the anchor was in the sender's order after all.
                    Counters.OutOfOrder--;
                }

                _anchorHeld = false;

                _hasCandidate = false;
                _anchoring = false;
                _hasPrevious = true;
                _previousSequence = sequence;
                _previousCrc = crc;
            }

            Sequence = sequence;
            Message = message;
            Counters.Delivered++;
            return true;
        }

        private static bool Follows(ushort sequence, ushort previous)
        {
            int ahead = (ushort)(sequence - previous);
            return ahead >= 1 && ahead <= MaxSequenceGap;
        }
    }
}
