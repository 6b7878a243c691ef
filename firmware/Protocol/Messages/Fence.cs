namespace ColdStandby.Protocol
{
    /// <summary>Revoke a side's grant although it still requests; refused unless fencing is configured and the epoch is the DM's current grant epoch.</summary>
    public sealed class Fence : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 5;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.Fence; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the side to fence.</summary>
        public Side Side { get; set; }

        /// <summary>Gets or sets the grant epoch the sender saw.</summary>
        public uint Epoch { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Side;
            LittleEndian.WriteUInt32(buffer, offset + 1, Epoch);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            byte side = buffer[offset];
            if (!(side != (byte)Side.None && IsSide(side)))
            {
                return false;
            }

            Side = (Side)side;

            Epoch = LittleEndian.ReadUInt32(buffer, offset + 1);

            return true;
        }
    }
}
