namespace ColdStandby.Protocol
{
    /// <summary>Host agent to SMU: a fault it found. Only controller faults cause failover; a service failure is logged and alarmed.</summary>
    public sealed class FaultReport : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 3;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.FaultReport; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets what failed.</summary>
        public FaultKind Kind { get; set; }

        /// <summary>Gets or sets a kind-specific detail (the service index for a service failure).</summary>
        public ushort Detail { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Kind;
            LittleEndian.WriteUInt16(buffer, offset + 1, (ushort)Detail);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            byte kind = buffer[offset];
            if (!(kind >= (byte)FaultKind.BootDeadline && kind <= (byte)FaultKind.PlannedSwitchover))
            {
                return false;
            }

            Kind = (FaultKind)kind;

            Detail = LittleEndian.ReadUInt16(buffer, offset + 1);

            return true;
        }
    }
}
