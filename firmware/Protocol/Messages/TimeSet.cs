namespace ColdStandby.Protocol
{
    /// <summary>
    /// Sets the receiver's clock, used for log timestamps. A set that moves the clock back is
    /// logged as such (<see cref="EventCode.ClockStepBack"/>); one that moves it back by more than
    /// the receiver's limit is refused (<see cref="RefusalReason.ClockAhead"/>) unless
    /// <see cref="StepBack"/> says the sender means it.
    /// </summary>
    public sealed class TimeSet : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 9;

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

        /// <summary>Gets or sets whether the sender means to move the clock back however far (an operator correcting a wrong future date).</summary>
        public bool StepBack { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            LittleEndian.WriteInt64(buffer, offset, UnixMilliseconds);
            buffer[offset + 8] = StepBack ? (byte)1 : (byte)0;
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

            if (!IsBoolean(buffer[offset + 8]))
            {
                return false;
            }

            StepBack = buffer[offset + 8] == 1;

            return true;
        }
    }
}
