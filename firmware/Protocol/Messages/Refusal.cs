namespace ColdStandby.Protocol
{
    /// <summary>A request was refused; nothing was changed.</summary>
    public sealed class Refusal : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 5;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.Refusal; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the type of the refused message.</summary>
        public MessageType RefusedType { get; set; }

        /// <summary>Gets or sets the sequence number of the refused frame.</summary>
        public ushort RefusedSequence { get; set; }

        /// <summary>Gets or sets why.</summary>
        public RefusalReason Reason { get; set; }

        /// <summary>Gets or sets a reason-specific detail (e.g. the receiver's mode for WrongMode).</summary>
        public byte Detail { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)RefusedType;
            LittleEndian.WriteUInt16(buffer, offset + 1, (ushort)RefusedSequence);
            buffer[offset + 3] = (byte)Reason;
            buffer[offset + 4] = (byte)Detail;
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            RefusedType = (MessageType)buffer[offset];

            RefusedSequence = LittleEndian.ReadUInt16(buffer, offset + 1);

            byte reason = buffer[offset + 3];
            if (!(reason >= (byte)RefusalReason.NotHandled && reason <= (byte)RefusalReason.ServerOff))
            {
                return false;
            }

            Reason = (RefusalReason)reason;

            Detail = buffer[offset + 4];

            return true;
        }
    }
}
