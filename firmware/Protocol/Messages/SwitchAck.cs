namespace ColdStandby.Protocol
{
    /// <summary>Standby SMU: the switch request with this epoch was taken (sent again for a repeated request).</summary>
    public sealed class SwitchAck : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 4;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.SwitchAck; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the epoch of the acknowledged request.</summary>
        public uint Epoch { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteUInt32(buffer, offset, Epoch);
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

            return true;
        }
    }
}
