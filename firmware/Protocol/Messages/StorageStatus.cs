namespace ColdStandby.Protocol
{
    /// <summary>The DM's status, answer to <see cref="StatusRequest"/> on the management link.</summary>
    public sealed class StorageStatus : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 17;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.StorageStatus; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the side holding the grant, or none.</summary>
        public Side Holder { get; set; }

        /// <summary>Gets or sets connect requests seen: bit 0 side A, bit 1 side B.</summary>
        public byte Requests { get; set; }

        /// <summary>Gets or sets the grant epoch: increases with every change of holder.</summary>
        public uint Epoch { get; set; }

        /// <summary>Gets or sets whether a change of holder is in its settle time.</summary>
        public bool Settling { get; set; }

        /// <summary>Gets or sets whether fencing is configured.</summary>
        public bool FenceEnabled { get; set; }

        /// <summary>Gets or sets the oldest sequence number in the DM's log.</summary>
        public uint FirstSequence { get; set; }

        /// <summary>Gets or sets the next sequence number of the DM's log.</summary>
        public uint NextSequence { get; set; }

        /// <summary>Gets or sets sides fenced and not yet let back: bit 0 side A, bit 1 side B.</summary>
        public byte Fenced { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Holder;
            buffer[offset + 1] = (byte)Requests;
            LittleEndian.WriteUInt32(buffer, offset + 2, Epoch);
            buffer[offset + 6] = Settling ? (byte)1 : (byte)0;
            buffer[offset + 7] = FenceEnabled ? (byte)1 : (byte)0;
            LittleEndian.WriteUInt32(buffer, offset + 8, FirstSequence);
            LittleEndian.WriteUInt32(buffer, offset + 12, NextSequence);
            buffer[offset + 16] = (byte)Fenced;
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            byte holder = buffer[offset];
            if (!IsSide(holder))
            {
                return false;
            }

            Holder = (Side)holder;

            byte requests = buffer[offset + 1];
            if (!(requests <= 3))
            {
                return false;
            }

            Requests = (byte)requests;

            Epoch = LittleEndian.ReadUInt32(buffer, offset + 2);

            if (!IsBoolean(buffer[offset + 6]))
            {
                return false;
            }

            Settling = buffer[offset + 6] == 1;

            if (!IsBoolean(buffer[offset + 7]))
            {
                return false;
            }

            FenceEnabled = buffer[offset + 7] == 1;

            FirstSequence = LittleEndian.ReadUInt32(buffer, offset + 8);

            NextSequence = LittleEndian.ReadUInt32(buffer, offset + 12);

            byte fenced = buffer[offset + 16];
            if (!(fenced <= 3))
            {
                return false;
            }

            Fenced = (byte)fenced;

            return true;
        }
    }
}
