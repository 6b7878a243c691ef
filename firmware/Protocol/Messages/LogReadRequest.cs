namespace ColdStandby.Protocol
{
    /// <summary>Asks for event-log records from a sequence number on; answered by up to MaxCount <see cref="LogRecord"/> messages and one <see cref="LogReadEnd"/>.</summary>
    public sealed class LogReadRequest : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 6;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.LogReadRequest; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the first sequence number wanted (older records that were overwritten are skipped).</summary>
        public uint FromSequence { get; set; }

        /// <summary>Gets or sets the most records to send (1 or more).</summary>
        public ushort MaxCount { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, FromSequence);
            LittleEndian.WriteUInt16(buffer, offset + 4, (ushort)MaxCount);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            FromSequence = LittleEndian.ReadUInt32(buffer, offset);

            ushort maxCount = LittleEndian.ReadUInt16(buffer, offset + 4);
            if (!(maxCount >= 1))
            {
                return false;
            }

            MaxCount = (ushort)maxCount;

            return true;
        }
    }
}
