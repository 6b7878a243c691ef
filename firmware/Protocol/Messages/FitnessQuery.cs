namespace ColdStandby.Protocol
{
    /// <summary>Active SMU to standby SMU: are you fit to take over?</summary>
    public sealed class FitnessQuery : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 4;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.FitnessQuery; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the asker's current switch epoch.</summary>
        public uint Epoch { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, Epoch);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            Epoch = LittleEndian.ReadUInt32(buffer, offset);

            return true;
        }
    }
}
