namespace ColdStandby.Protocol
{
    /// <summary>Identity and protocol version; the first message on every link. The SMU answers an agent's hello with its own, which tells the agent which side it runs on (the same OS image boots on either server).</summary>
    public sealed class Hello : Message
    {
        /// <summary>The payload length in bytes.</summary>
        public const int Length = 6;

        /// <inheritdoc/>
        public override MessageType Type
        {
            get { return MessageType.Hello; }
        }

        /// <inheritdoc/>
        public override int PayloadLength
        {
            get { return Length; }
        }

        /// <summary>Gets or sets the sender's protocol version (<see cref="Frame.ProtocolVersion"/>).</summary>
        public byte ProtocolVersion { get; set; }

        /// <summary>Gets or sets what kind of node the sender is.</summary>
        public NodeKind Node { get; set; }

        /// <summary>Gets or sets the sender's side, or <see cref="Protocol.Side.None"/>.</summary>
        public Side Side { get; set; }

        /// <summary>Gets or sets major version of the sender's firmware or software.</summary>
        public byte FirmwareMajor { get; set; }

        /// <summary>Gets or sets minor version.</summary>
        public byte FirmwareMinor { get; set; }

        /// <summary>Gets or sets patch version.</summary>
        public byte FirmwarePatch { get; set; }

        /// <summary>Fills in the sender's identity, with this library's protocol version.</summary>
        public void Introduce(NodeKind node, Side side, byte firmwareMajor, byte firmwareMinor, byte firmwarePatch)
        {
            ProtocolVersion = Frame.ProtocolVersion;
            Node = node;
            Side = side;
            FirmwareMajor = firmwareMajor;
            FirmwareMinor = firmwareMinor;
            FirmwarePatch = firmwarePatch;
        }

        /// <inheritdoc/>
        public override void WritePayload(byte[] buffer, int offset)
        {
            buffer[offset] = (byte)ProtocolVersion;
            buffer[offset + 1] = (byte)Node;
            buffer[offset + 2] = (byte)Side;
            buffer[offset + 3] = (byte)FirmwareMajor;
            buffer[offset + 4] = (byte)FirmwareMinor;
            buffer[offset + 5] = (byte)FirmwarePatch;
        }

        /// <inheritdoc/>
        public override bool ReadPayload(byte[] buffer, int offset)
        {
            ProtocolVersion = buffer[offset];

            byte node = buffer[offset + 1];
            if (!(node >= (byte)NodeKind.Smu && node <= (byte)NodeKind.DiskController))
            {
                return false;
            }

            Node = (NodeKind)node;

            byte side = buffer[offset + 2];
            if (!IsSide(side))
            {
                return false;
            }

            Side = (Side)side;

            FirmwareMajor = buffer[offset + 3];

            FirmwareMinor = buffer[offset + 4];

            FirmwarePatch = buffer[offset + 5];

            return true;
        }
    }
}
