namespace ColdStandby.Protocol
{
    /// <summary>Host agent to SMU: the latest real-I/O probe results of the RAID and LAN controllers.</summary>
    public sealed class ControllerHealth : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 4;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.ControllerHealth; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets rAID controller (write, sync and read back a probe file).</summary>
        public ControllerState Raid { get; set; }

        /// <summary>Gets or sets lAN controller (link state and a probe to a configured peer).</summary>
        public ControllerState Lan { get; set; }

        /// <summary>Gets or sets consecutive failed RAID probes.</summary>
        public byte RaidFailures { get; set; }

        /// <summary>Gets or sets consecutive failed LAN probes.</summary>
        public byte LanFailures { get; set; }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)Raid;
            buffer[offset + 1] = (byte)Lan;
            buffer[offset + 2] = (byte)RaidFailures;
            buffer[offset + 3] = (byte)LanFailures;
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            byte raid = buffer[offset];
            if (!(raid <= (byte)ControllerState.Failed))
            {
                return false;
            }

            Raid = (ControllerState)raid;

            byte lan = buffer[offset + 1];
            if (!(lan <= (byte)ControllerState.Failed))
            {
                return false;
            }

            Lan = (ControllerState)lan;

            RaidFailures = buffer[offset + 2];

            LanFailures = buffer[offset + 3];

            return true;
        }
    }
}
