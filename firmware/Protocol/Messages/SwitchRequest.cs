namespace ColdStandby.Protocol
{
    /// <summary>Handing-over SMU to standby SMU: take over. Resent until acknowledged; idempotent: a request whose epoch is not newer than the receiver's, or that the sender's latest heartbeat does not stand behind, changes nothing.</summary>
    public sealed class SwitchRequest : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 6;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.SwitchRequest; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the attempt's switch epoch: the sender's epoch plus one, which its heartbeat already shows.</summary>
        public uint Epoch { get; set; }

        /// <summary>Gets or sets failover or planned switchover.</summary>
        public SwitchKind Kind { get; set; }

        /// <summary>Gets or sets the side handing over.</summary>
        public Side From { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, Epoch);
            buffer[offset + 4] = (byte)Kind;
            buffer[offset + 5] = (byte)From;
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            uint epoch = LittleEndian.ReadUInt32(buffer, offset);
            if (!(epoch >= 1))
            {
                return false;
            }

            Epoch = epoch;

            byte kind = buffer[offset + 4];
            if (!(kind >= (byte)SwitchKind.Failover && kind <= (byte)SwitchKind.Planned))
            {
                return false;
            }

            Kind = (SwitchKind)kind;

            byte from = buffer[offset + 5];
            if (!(from != (byte)Side.None && IsSide(from)))
            {
                return false;
            }

            From = (Side)from;

            return true;
        }
    }
}
