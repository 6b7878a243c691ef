namespace ColdStandby.Protocol
{
    /// <summary>What a <see cref="FrameReader"/> delivered and dropped, by reason.</summary>
    public sealed class LinkCounters
    {
        /// <summary>Gets or sets the good frames delivered.</summary>
        public int Delivered { get; set; }

        /// <summary>Gets or sets the frames longer than <see cref="Frame.MaxEncodedLength"/>.</summary>
        public int Oversized { get; set; }

        /// <summary>Gets or sets the frames that were not valid COBS.</summary>
        public int BadEncoding { get; set; }

        /// <summary>Gets or sets the frames shorter than a header and CRC.</summary>
        public int TooShort { get; set; }

        /// <summary>Gets or sets the frames whose CRC did not match.</summary>
        public int BadCrc { get; set; }

        /// <summary>Gets or sets the frames with a type byte no message has.</summary>
        public int UnknownType { get; set; }

        /// <summary>Gets or sets the frames whose payload length is wrong for their type.</summary>
        public int BadLength { get; set; }

        /// <summary>Gets or sets the frames with a field outside its allowed values.</summary>
        public int BadField { get; set; }

        /// <summary>Gets or sets the exact repeats of the previous frame.</summary>
        public int Duplicates { get; set; }

        /// <summary>
        /// Gets or sets the intact frames that did not follow the previous one in the sender's
        /// numbering (an earlier frame replayed), on a reader that takes frames in order only.
        /// </summary>
        public int OutOfOrder { get; set; }

        /// <summary>Gets the total of frames dropped for any reason.</summary>
        public int Dropped
        {
            get { return Oversized + BadEncoding + TooShort + BadCrc + UnknownType + BadLength + BadField + Duplicates + OutOfOrder; }
        }
    }
}
