namespace ColdStandby.Protocol
{
    /// <summary>Host agent to SMU: the OS shutdown has started.</summary>
    public sealed class ShutdownStarted : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 0;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.ShutdownStarted; }
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
