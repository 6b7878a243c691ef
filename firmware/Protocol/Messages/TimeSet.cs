namespace ColdStandby.Protocol
{
    /// <summary>Sets the receiver's clock, used for log timestamps.</summary>
    public sealed class TimeSet : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 8;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.TimeSet; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets milliseconds since 1970-01-01T00:00:00Z.</summary>
        public long UnixMilliseconds { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteInt64(buffer, offset, UnixMilliseconds);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            long unixMilliseconds = LittleEndian.ReadInt64(buffer, offset);
            if (!(unixMilliseconds > 0))
            {
                return false;
            }

            UnixMilliseconds = unixMilliseconds;

            return true;
        }
    }
}
