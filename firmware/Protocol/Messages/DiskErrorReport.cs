namespace ColdStandby.Protocol
{
    /// <summary>Disk controller to DM: a disk access error, kept in the DM's log.</summary>
    public sealed class DiskErrorReport : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 6;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.DiskErrorReport; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the server whose controller reports.</summary>
        public Side Side { get; set; }

        /// <summary>Gets or sets the controller number on that server.</summary>
        public byte Controller { get; set; }

        /// <summary>Gets or sets the enclosure number.</summary>
        public byte Enclosure { get; set; }

        /// <summary>Gets or sets the disk slot.</summary>
        public byte Disk { get; set; }

        /// <summary>Gets or sets the controller's error code.</summary>
        public ushort ErrorCode { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Side;
            buffer[offset + 1] = (byte)Controller;
            buffer[offset + 2] = (byte)Enclosure;
            buffer[offset + 3] = (byte)Disk;
            LittleEndian.WriteUInt16(buffer, offset + 4, (ushort)ErrorCode);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            byte side = buffer[offset];
            if (!IsSide(side))
            {
                return false;
            }

            Side = (Side)side;

            Controller = buffer[offset + 1];

            Enclosure = buffer[offset + 2];

            Disk = buffer[offset + 3];

            ErrorCode = LittleEndian.ReadUInt16(buffer, offset + 4);

            return true;
        }
    }
}
