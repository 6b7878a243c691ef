using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>
    /// One thing that happened in a scenario run, at a millisecond: an output line changed
    /// (<c>line</c>), the SMU sent a message (<c>host</c>, <c>peer</c>), logged an event (<c>log</c>),
    /// or the world did something to it (<c>input</c>, <c>&gt;host</c>, <c>&gt;peer</c>, <c>note</c>).
    /// </summary>
    public sealed class TraceEvent
    {
        /// <summary>Initializes a new instance of the <see cref="TraceEvent"/> class.</summary>
        /// <param name="time">The millisecond.</param>
        /// <param name="channel">line, host, peer, log, input, &gt;host, &gt;peer or note.</param>
        /// <param name="name">The line, message type, event code, or the note's text.</param>
        /// <param name="fields">The fields.</param>
        /// <param name="sequence">The frame's sequence number, for messages.</param>
        public TraceEvent(long time, string channel, string name, FieldValues fields, ushort sequence)
        {
            Time = time;
            Channel = channel;
            Name = name;
            Fields = fields;
            Sequence = sequence;
        }

        /// <summary>Gets the millisecond.</summary>
        public long Time { get; }

        /// <summary>Gets the channel.</summary>
        public string Channel { get; }

        /// <summary>Gets the name: the line, message type, event code, or the note's text.</summary>
        public string Name { get; }

        /// <summary>Gets the fields (a line's or input's level is <c>Value</c>).</summary>
        public FieldValues Fields { get; }

        /// <summary>Gets the sequence number of the frame, for messages.</summary>
        public ushort Sequence { get; }

        /// <summary>The trace line: time right-aligned in 9, channel in 6, name, fields.</summary>
        /// <returns>The line.</returns>
        public override string ToString()
        {
            string channel = Channel;
            while (channel.Length < 6)
            {
                channel += " ";
            }

            string fields = Fields.ToString();
            string line = Numbers.PadLeft(Time, 9) + " " + channel + " " + Name;
            return fields.Length == 0 ? line : line + " " + fields;
        }
    }
}
