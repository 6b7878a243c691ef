namespace ColdStandby.Protocol
{
    /// <summary>Host agent to SMU: a boot checkpoint was reached.</summary>
    public sealed class CheckpointReached : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 1;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.CheckpointReached; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the stage index in the SMU's configured checkpoint list.</summary>
        public byte Stage { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Stage;
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            Stage = buffer[offset];

            return true;
        }
    }
}
