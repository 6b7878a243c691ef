namespace ColdStandby.Protocol
{
    /// <summary>Standby SMU's answer to <see cref="FitnessQuery"/>.</summary>
    public sealed class FitnessReply : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 6;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.FitnessReply; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the epoch of the query answered.</summary>
        public uint Epoch { get; set; }

        /// <summary>Gets or sets whether it can take over.</summary>
        public bool Fit { get; set; }

        /// <summary>Gets or sets why not, when not fit.</summary>
        public UnfitReason Reason { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, Epoch);
            buffer[offset + 4] = Fit ? (byte)1 : (byte)0;
            buffer[offset + 5] = (byte)Reason;
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            Epoch = LittleEndian.ReadUInt32(buffer, offset);

            if (!IsBoolean(buffer[offset + 4]))
            {
                return false;
            }

            Fit = buffer[offset + 4] == 1;

            byte reason = buffer[offset + 5];
            if (!(reason <= (byte)UnfitReason.Blocked))
            {
                return false;
            }

            Reason = (UnfitReason)reason;

            return true;
        }
    }
}
