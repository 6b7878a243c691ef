namespace ColdStandby.Protocol
{
    /// <summary>One event-log entry.</summary>
    public sealed class LogRecord : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 18;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.LogRecord; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the entry's sequence number.</summary>
        public uint Sequence { get; set; }

        /// <summary>Gets or sets unix milliseconds once the clock was set, else milliseconds since the node started.</summary>
        public long TimeMilliseconds { get; set; }

        /// <summary>Gets or sets what happened (a code unknown to the reader is shown as its number).</summary>
        public EventCode Code { get; set; }

        /// <summary>Gets or sets the side concerned.</summary>
        public Side Side { get; set; }

        /// <summary>Gets or sets a code-specific argument (see <see cref="EventCode"/>).</summary>
        public uint Argument { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, Sequence);
            LittleEndian.WriteInt64(buffer, offset + 4, TimeMilliseconds);
            buffer[offset + 12] = (byte)Code;
            buffer[offset + 13] = (byte)Side;
            LittleEndian.WriteUInt32(buffer, offset + 14, Argument);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            uint sequence = LittleEndian.ReadUInt32(buffer, offset);
            if (!(sequence >= 1))
            {
                return false;
            }

            Sequence = sequence;

            TimeMilliseconds = LittleEndian.ReadInt64(buffer, offset + 4);

            Code = (EventCode)buffer[offset + 12];

            byte side = buffer[offset + 13];
            if (!IsSide(side))
            {
                return false;
            }

            Side = (Side)side;

            Argument = LittleEndian.ReadUInt32(buffer, offset + 14);

            return true;
        }
    }
}
