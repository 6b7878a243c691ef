namespace ColdStandby.Protocol
{
    /// <summary>
    /// The frame format shared by the three serial links. A frame before encoding is
    /// <c>type(1) sequence(2) payload(n) crc32c(4)</c>; it travels COBS-encoded and is followed by one
    /// 0x00 delimiter. See README.md in this folder for the byte-exact specification.
    /// </summary>
    public static class Frame
    {
        /// <summary>The protocol version exchanged in <see cref="Hello"/>.</summary>
        public const byte ProtocolVersion = 1;

        /// <summary>The byte that ends every frame on the wire; it never occurs inside an encoded frame.</summary>
        public const byte Delimiter = 0x00;

        /// <summary>Bytes before the payload: type and sequence number.</summary>
        public const int HeaderLength = 3;

        /// <summary>Bytes of the CRC-32C trailer.</summary>
        public const int CrcLength = 4;

        /// <summary>The longest payload any message may have.</summary>
        public const int MaxPayloadLength = 48;

        /// <summary>The longest frame before encoding.</summary>
        public const int MaxFrameLength = HeaderLength + MaxPayloadLength + CrcLength;

        /// <summary>
        /// The longest frame after COBS encoding, without the delimiter: one code byte per started
        /// block of 254 bytes is added.
        /// </summary>
        public const int MaxEncodedLength = MaxFrameLength + 1 + (MaxFrameLength / 254);

        /// <summary>The size a caller's output buffer needs for one encoded frame with its delimiter.</summary>
        public const int MaxWireLength = MaxEncodedLength + 1;

        /// <summary>The shortest frame before encoding (a message without payload).</summary>
        public const int MinFrameLength = HeaderLength + CrcLength;
    }
}
