namespace ColdStandby.Protocol
{
    /// <summary>Ends a log read-out and says what the log holds.</summary>
    public sealed class LogReadEnd : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 10;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.LogReadEnd; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the oldest sequence number still in the log.</summary>
        public uint FirstSequence { get; set; }

        /// <summary>Gets or sets the sequence number the next entry will get.</summary>
        public uint NextSequence { get; set; }

        /// <summary>Gets or sets how many records were sent for this request.</summary>
        public ushort Count { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, FirstSequence);
            LittleEndian.WriteUInt32(buffer, offset + 4, NextSequence);
            LittleEndian.WriteUInt16(buffer, offset + 8, (ushort)Count);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            FirstSequence = LittleEndian.ReadUInt32(buffer, offset);

            NextSequence = LittleEndian.ReadUInt32(buffer, offset + 4);

            Count = LittleEndian.ReadUInt16(buffer, offset + 8);

            return true;
        }
    }
}
