namespace ColdStandby.Protocol
{
    /// <summary>Host agent to SMU: watchdog kick.</summary>
    public sealed class Kick : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 4;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.Kick; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets increases by one per kick; lets the SMU count missed kicks.</summary>
        public uint Counter { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, Counter);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            Counter = LittleEndian.ReadUInt32(buffer, offset);

            return true;
        }
    }
}
