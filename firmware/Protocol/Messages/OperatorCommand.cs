namespace ColdStandby.Protocol
{
    /// <summary>An operator command, from the host agent's CLI on the host link, or relayed over the peer link to the other side. Answered by <see cref="Accepted"/> or <see cref="Refusal"/>.</summary>
    public sealed class OperatorCommand : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 6;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.OperatorCommand; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets what to do.</summary>
        public OperatorCommandKind Command { get; set; }

        /// <summary>Gets or sets the side it concerns (the side marked repaired; for a switchover the side to move service to; for alarm reset the side whose alarms are cleared).</summary>
        public Side Target { get; set; }

        /// <summary>Gets or sets the switch epoch the operator saw in status; a command based on an older epoch is refused as stale.</summary>
        public uint Epoch { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Command;
            buffer[offset + 1] = (byte)Target;
            LittleEndian.WriteUInt32(buffer, offset + 2, Epoch);
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            byte command = buffer[offset];
            if (!(command >= (byte)OperatorCommandKind.PlannedSwitchover && command <= (byte)OperatorCommandKind.AlarmReset))
            {
                return false;
            }

            Command = (OperatorCommandKind)command;

            byte target = buffer[offset + 1];
            if (!(target != (byte)Side.None && IsSide(target)))
            {
                return false;
            }

            Target = (Side)target;

            Epoch = LittleEndian.ReadUInt32(buffer, offset + 2);

            return true;
        }
    }
}
