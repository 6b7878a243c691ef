using System.Reflection;
using ColdStandby.Protocol;
using ColdStandby.Scenarios.Rig;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// The far end of one DM link, built from the real <see cref="FrameWriter"/> and
/// <see cref="FrameReader"/>: a management tool, or a disk controller.
/// </summary>
public sealed class Tool
{
    private readonly MemoryChannel _channel;
    private readonly FrameWriter _writer = new();
    private readonly FrameReader _reader = new();
    private readonly byte[] _wire = new byte[Frame.MaxWireLength];
    private readonly byte[] _drained;

    public Tool(MemoryChannel channel)
    {
        _channel = channel;
        _drained = new byte[channel.Capacity];
    }

    /// <summary>Gets the messages this tool sends: fill one, then <see cref="Send"/> it.</summary>
    public MessageSet Out { get; } = new();

    /// <summary>Gets the counts of frames this tool received from the DM and dropped.</summary>
    public LinkCounters Counters => _reader.Counters;

    /// <summary>Sends a message; returns the sequence number it carried.</summary>
    public ushort Send(Message message)
    {
        int n = _writer.Write(message, _wire, 0);
        _channel.Feed(_wire, 0, n);
        return _writer.LastSequence;
    }

    /// <summary>Sends bytes as they are (noise, a damaged frame).</summary>
    public void SendRaw(params byte[] bytes) => _channel.Feed(bytes, 0, bytes.Length);

    /// <summary>Encodes a message without sending it, for tests that damage it first.</summary>
    public byte[] Encode(Message message)
    {
        int n = _writer.Write(message, _wire, 0);
        return _wire.AsSpan(0, n).ToArray();
    }

    public ushort Hello(byte version = Frame.ProtocolVersion, NodeKind node = NodeKind.Tool)
    {
        Out.Hello.ProtocolVersion = version;
        Out.Hello.Node = node;
        Out.Hello.Side = Side.None;
        return Send(Out.Hello);
    }

    public ushort Status() => Send(Out.StatusRequest);

    public ushort Fence(Side side, uint epoch)
    {
        Out.Fence.Side = side;
        Out.Fence.Epoch = epoch;
        return Send(Out.Fence);
    }

    public ushort ReadLog(uint from, ushort maxCount)
    {
        Out.LogReadRequest.FromSequence = from;
        Out.LogReadRequest.MaxCount = maxCount;
        return Send(Out.LogReadRequest);
    }

    public ushort SetTime(long unixMs, bool stepBack = false)
    {
        Out.TimeSet.UnixMilliseconds = unixMs;
        Out.TimeSet.StepBack = stepBack;
        return Send(Out.TimeSet);
    }

    public ushort ReportDiskError(Side side, byte controller, byte enclosure, byte disk, ushort errorCode)
    {
        DiskErrorReport report = Out.DiskErrorReport;
        report.Side = side;
        report.Controller = controller;
        report.Enclosure = enclosure;
        report.Disk = disk;
        report.ErrorCode = errorCode;
        return Send(report);
    }

    /// <summary>Every message the DM sent since the last call, each as "Type Field=value …".</summary>
    public List<string> Replies()
    {
        var replies = new List<string>();
        int n = _channel.Drain(_drained);
        for (int i = 0; i < n; i++)
        {
            if (_reader.Push(_drained[i]))
            {
                replies.Add(Describe(_reader.Message));
            }
        }

        return replies;
    }

    /// <summary>A message as "Type Field=value …", fields in the order the message declares them.</summary>
    public static string Describe(Message message)
    {
        var fields = message.GetType()
            .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(p => p.Name != nameof(Message.Type) && p.Name != nameof(Message.PayloadLength))
            .OrderBy(p => p.MetadataToken)
            .Select(p => $"{p.Name}={p.GetValue(message)}");
        return string.Join(" ", new[] { message.Type.ToString() }.Concat(fields));
    }

    /// <summary>A reply as the scenario tables write it: "Accepted", "Refused Reason", or the type.</summary>
    public static string Short(Message message) => message switch
    {
        Accepted => "Accepted",
        Refusal refusal => $"Refused {refusal.Reason}",
        _ => message.Type.ToString(),
    };

    /// <summary>Every message the DM sent since the last call, in the short form of <see cref="Short"/>.</summary>
    public List<string> ShortReplies()
    {
        var replies = new List<string>();
        int n = _channel.Drain(_drained);
        for (int i = 0; i < n; i++)
        {
            if (_reader.Push(_drained[i]))
            {
                replies.Add(Short(_reader.Message));
            }
        }

        return replies;
    }
}
