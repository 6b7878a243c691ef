using ColdStandby.Scenarios.Values;

namespace ColdStandby.Scenarios.Smu
{
    /// <summary>What an event must look like: its channel, name, and the fields given (others are not compared).</summary>
    public sealed class EventPattern
    {
        /// <summary>Initializes a new instance of the <see cref="EventPattern"/> class.</summary>
        /// <param name="channel">The channel.</param>
        /// <param name="name">The name.</param>
        /// <param name="fields">The fields compared, as written.</param>
        public EventPattern(string channel, string name, Pair[] fields)
        {
            Channel = channel;
            Name = name;
            Fields = fields;
        }

        /// <summary>Gets the channel.</summary>
        public string Channel { get; }

        /// <summary>Gets the name.</summary>
        public string Name { get; }

        /// <summary>Gets the fields compared, as written.</summary>
        public Pair[] Fields { get; }

        /// <summary>Whether an event has this channel and name and every field given, with the value given.</summary>
        /// <param name="e">The event.</param>
        /// <returns>True when it matches.</returns>
        /// <exception cref="System.FormatException">A field's value is not of the field's kind.</exception>
        public bool Matches(TraceEvent e)
        {
            if (e.Channel != Channel || e.Name != Name)
            {
                return false;
            }

            for (int i = 0; i < Fields.Length; i++)
            {
                int at = e.Fields.IndexOf(Fields[i].Key);
                if (at < 0 || e.Fields.KindAt(at).Parse(Fields[i].Value) != e.Fields.ValueAt(at))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The pattern as written: <c>channel name field=value …</c>.</summary>
        /// <returns>The text.</returns>
        public override string ToString()
        {
            string text = Channel + " " + Name;
            for (int i = 0; i < Fields.Length; i++)
            {
                text += " " + Fields[i];
            }

            return text;
        }
    }
}
