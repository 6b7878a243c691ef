namespace ColdStandby.Protocol
{
    /// <summary>An SMU's status, answer to <see cref="StatusRequest"/> on the host link.</summary>
    public sealed class SmuStatus : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 24;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.SmuStatus; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets this SMU's side.</summary>
        public Side Side { get; set; }

        /// <summary>Gets or sets this side's persisted mode.</summary>
        public Mode Mode { get; set; }

        /// <summary>Gets or sets where it is in a switch sequence.</summary>
        public SequencePhase Phase { get; set; }

        /// <summary>Gets or sets this side's health.</summary>
        public HealthFlags Health { get; set; }

        /// <summary>Gets or sets raised alarms.</summary>
        public AlarmFlags Alarms { get; set; }

        /// <summary>Gets or sets the switch epoch.</summary>
        public uint Epoch { get; set; }

        /// <summary>Gets or sets the peer's mode from its last heartbeat.</summary>
        public Mode PeerMode { get; set; }

        /// <summary>Gets or sets the peer's health from its last heartbeat.</summary>
        public HealthFlags PeerHealth { get; set; }

        /// <summary>Gets or sets whether the peer was heard within the peer-silent limit.</summary>
        public bool PeerHeard { get; set; }

        /// <summary>Gets or sets the peer's raised alarms from its last heartbeat.</summary>
        public AlarmFlags PeerAlarms { get; set; }

        /// <summary>Gets or sets where the peer is in a switch sequence, from its last heartbeat.</summary>
        public SequencePhase PeerPhase { get; set; }

        /// <summary>Gets or sets the peer's switch epoch from its last heartbeat.</summary>
        public uint PeerEpoch { get; set; }

        /// <summary>Gets or sets the seconds left of this side's maintenance hold of the watchdog, 0 when none.</summary>
        public ushort MaintenanceSeconds { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Side;
            buffer[offset + 1] = (byte)Mode;
            buffer[offset + 2] = (byte)Phase;
            LittleEndian.WriteUInt16(buffer, offset + 3, (ushort)Health);
            LittleEndian.WriteUInt16(buffer, offset + 5, (ushort)Alarms);
            LittleEndian.WriteUInt32(buffer, offset + 7, Epoch);
            buffer[offset + 11] = (byte)PeerMode;
            LittleEndian.WriteUInt16(buffer, offset + 12, (ushort)PeerHealth);
            buffer[offset + 14] = PeerHeard ? (byte)1 : (byte)0;
            LittleEndian.WriteUInt16(buffer, offset + 15, (ushort)PeerAlarms);
            buffer[offset + 17] = (byte)PeerPhase;
            LittleEndian.WriteUInt32(buffer, offset + 18, PeerEpoch);
            LittleEndian.WriteUInt16(buffer, offset + 22, MaintenanceSeconds);
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

            byte phase = buffer[offset + 2];
            if (!(phase <= (byte)SequencePhase.AwaitingMains))
            {
                return false;
            }

            Phase = (SequencePhase)phase;

            ushort health = LittleEndian.ReadUInt16(buffer, offset + 3);
            if (!((health & ~(int)HealthFlags.All) == 0))
            {
                return false;
            }

            Health = (HealthFlags)health;

            ushort alarms = LittleEndian.ReadUInt16(buffer, offset + 5);
            if (!((alarms & ~(int)AlarmFlags.All) == 0))
            {
                return false;
            }

            Alarms = (AlarmFlags)alarms;

            Epoch = LittleEndian.ReadUInt32(buffer, offset + 7);

            byte peerMode = buffer[offset + 11];
            if (!IsMode(peerMode))
            {
                return false;
            }

            PeerMode = (Mode)peerMode;

            ushort peerHealth = LittleEndian.ReadUInt16(buffer, offset + 12);
            if (!((peerHealth & ~(int)HealthFlags.All) == 0))
            {
                return false;
            }

            PeerHealth = (HealthFlags)peerHealth;

            if (!IsBoolean(buffer[offset + 14]))
            {
                return false;
            }

            PeerHeard = buffer[offset + 14] == 1;

            ushort peerAlarms = LittleEndian.ReadUInt16(buffer, offset + 15);
            if (!((peerAlarms & ~(int)AlarmFlags.All) == 0))
            {
                return false;
            }

            PeerAlarms = (AlarmFlags)peerAlarms;

            byte peerPhase = buffer[offset + 17];
            if (!(peerPhase <= (byte)SequencePhase.AwaitingMains))
            {
                return false;
            }

            PeerPhase = (SequencePhase)peerPhase;

            PeerEpoch = LittleEndian.ReadUInt32(buffer, offset + 18);

            MaintenanceSeconds = LittleEndian.ReadUInt16(buffer, offset + 22);

            return true;
        }
    }
}
