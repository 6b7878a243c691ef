namespace ColdStandby.Protocol
{
    /// <summary>Host agent to SMU: hold the watchdog for maintenance for a bounded time, or end the hold.</summary>
    public sealed class MaintenanceHold : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 2;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.MaintenanceHold; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets how long from now the watchdog is held, in seconds; 0 ends a hold.</summary>
        public ushort Seconds { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt16(buffer, offset, Seconds);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            Seconds = LittleEndian.ReadUInt16(buffer, offset);

            return true;
        }
    }
}
