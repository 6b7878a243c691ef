namespace ColdStandby.Protocol
{
    /// <summary>SMU to SMU on the peer link, every heartbeat period: alive, with mode and health.</summary>
    public sealed class Heartbeat : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 11;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.Heartbeat; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the sender's side.</summary>
        public Side Side { get; set; }

        /// <summary>Gets or sets the sender's persisted mode.</summary>
        public Mode Mode { get; set; }

        /// <summary>Gets or sets what the sender knows of its server and storage.</summary>
        public HealthFlags Health { get; set; }

        /// <summary>Gets or sets the sender's raised alarms.</summary>
        public AlarmFlags Alarms { get; set; }

        /// <summary>Gets or sets the sender's switch epoch: how many switches it has taken part in.</summary>
        public uint Epoch { get; set; }

        /// <summary>Gets or sets where the sender is in a switch sequence.</summary>
        public SequencePhase Phase { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Side;
            buffer[offset + 1] = (byte)Mode;
            LittleEndian.WriteUInt16(buffer, offset + 2, (ushort)Health);
            LittleEndian.WriteUInt16(buffer, offset + 4, (ushort)Alarms);
            LittleEndian.WriteUInt32(buffer, offset + 6, Epoch);
            buffer[offset + 10] = (byte)Phase;
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            byte side = buffer[offset];
            if (!(side != (byte)Side.None && IsSide(side)))
            {
                return false;
            }

            Side = (Side)side;

            byte mode = buffer[offset + 1];
            if (!IsMode(mode))
            {
                return false;
            }

            Mode = (Mode)mode;

            ushort health = LittleEndian.ReadUInt16(buffer, offset + 2);
            if (!((health & ~(int)HealthFlags.All) == 0))
            {
                return false;
            }

            Health = (HealthFlags)health;

            ushort alarms = LittleEndian.ReadUInt16(buffer, offset + 4);
            if (!((alarms & ~(int)AlarmFlags.All) == 0))
            {
                return false;
            }

            Alarms = (AlarmFlags)alarms;

            Epoch = LittleEndian.ReadUInt32(buffer, offset + 6);

            byte phase = buffer[offset + 10];
            if (!(phase <= (byte)SequencePhase.AwaitingMains))
            {
                return false;
            }

            Phase = (SequencePhase)phase;

            return true;
        }
    }
}
