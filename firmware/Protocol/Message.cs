namespace ColdStandby.Protocol
{
    /// <summary>
    /// A message's fields and how they are laid out in the payload. Every message type has one fixed
    /// payload length, so a frame whose payload has any other length is dropped. Instances are made
    /// once and reused: nothing is allocated per frame.
    /// </summary>
    public abstract class Message
    {
        /// <summary>Gets the type byte of this message.</summary>
        public abstract MessageType Type { get; }

        /// <summary>Gets the payload length in bytes.</summary>
        public abstract int PayloadLength { get; }

        /// <summary>Writes the fields into <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public abstract void WritePayload(byte[] buffer, int offset);

        /// <summary>
        /// Reads the fields from <paramref name="buffer"/>; returns false, leaving the fields in an
        /// unspecified state, when a field is outside its allowed values.
        /// </summary>
        public abstract bool ReadPayload(byte[] buffer, int offset);

        /// <summary>Whether a byte is a defined <see cref="Side"/>.</summary>
        protected static bool IsSide(byte value)
        {
            return value <= (byte)Side.B;
        }

        /// <summary>Whether a byte is a defined <see cref="Mode"/>.</summary>
        protected static bool IsMode(byte value)
        {
            return value <= (byte)Mode.Failed;
        }

        /// <summary>Whether a byte is a boolean: 0 or 1.</summary>
        protected static bool IsBoolean(byte value)
        {
            return value <= 1;
        }
    }
}
