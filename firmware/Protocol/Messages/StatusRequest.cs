namespace ColdStandby.Protocol
{
    /// <summary>Asks for the receiver's status (answered with <see cref="SmuStatus"/> or <see cref="StorageStatus"/>).</summary>
    public sealed class StatusRequest : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 0;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.StatusRequest; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            return true;
        }
    }
}
