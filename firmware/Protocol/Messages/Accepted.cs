namespace ColdStandby.Protocol
{
    /// <summary>A request was accepted and carried out (or started).</summary>
    public sealed class Accepted : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 3;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.Accepted; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the type of the accepted message.</summary>
        public MessageType AcceptedType { get; set; }

        /// <summary>Gets or sets the sequence number of the accepted frame.</summary>
        public ushort AcceptedSequence { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)AcceptedType;
            LittleEndian.WriteUInt16(buffer, offset + 1, (ushort)AcceptedSequence);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            AcceptedType = (MessageType)buffer[offset];

            AcceptedSequence = LittleEndian.ReadUInt16(buffer, offset + 1);

            return true;
        }
    }
}
