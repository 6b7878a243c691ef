namespace ColdStandby.Protocol
{
    /// <summary>SMU to host agent: shut the OS down gracefully before the deadline, then the SMU forces the power off.</summary>
    public sealed class ShutdownRequest : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 3;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.ShutdownRequest; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets why (the fault, or a planned switchover).</summary>
        public FaultKind Reason { get; set; }

        /// <summary>Gets or sets seconds before the forced power-off.</summary>
        public ushort DeadlineSeconds { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Reason;
            LittleEndian.WriteUInt16(buffer, offset + 1, (ushort)DeadlineSeconds);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            byte reason = buffer[offset];
            if (!(reason <= (byte)FaultKind.PlannedSwitchover))
            {
                return false;
            }

            Reason = (FaultKind)reason;

            DeadlineSeconds = LittleEndian.ReadUInt16(buffer, offset + 1);

            return true;
        }
    }
}
