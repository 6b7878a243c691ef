namespace ColdStandby.Protocol
{
    /// <summary>Host agent to SMU: the OS has stopped its services and is about to power off.</summary>
    public sealed class ShutdownDone : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 0;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.ShutdownDone; }
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
