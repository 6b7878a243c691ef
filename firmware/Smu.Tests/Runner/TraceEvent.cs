namespace ColdStandby.Smu.Tests.Runner;

/// <summary>
/// One thing that happened in a scenario run, at a millisecond: an output line changed
/// (<c>line</c>), the SMU sent a message (<c>host</c>, <c>peer</c>), logged an event (<c>log</c>),
/// or the world did something to it (<c>input</c>, <c>&gt;host</c>, <c>&gt;peer</c>, <c>note</c>).
/// </summary>
public sealed class TraceEvent
{
    public TraceEvent(long time, string channel, string name, Dictionary<string, object> fields)
    {
        Time = time;
        Channel = channel;
        Name = name;
        Fields = fields;
    }

    public long Time { get; }

    public string Channel { get; }

    public string Name { get; }

    public Dictionary<string, object> Fields { get; }

    /// <summary>The sequence number of the frame, for messages.</summary>
    public ushort Sequence { get; init; }

    public override string ToString()
    {
        string fields = string.Join(" ", Fields.Select(f => f.Key + "=" + Runner.Fields.Format(f.Value)));
        return $"{Time,9} {Channel,-6} {Name} {fields}".TrimEnd();
    }
}
