using System.Reflection;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Turns one UART line's bytes into protocol frames with the firmware's own
/// <see cref="FrameReader"/> (COBS, CRC-32C, the message catalogue, field ranges), keeping each
/// frame's time on the wire and, for a frame the reader drops, the reason it counted. Bytes before
/// the first delimiter are skipped as a receiver joining mid-stream does; bytes after the last one
/// were cut by the end of the capture.
/// </summary>
public static class LinkDecoder
{
    /// <summary>Decodes the frames of a UART line.</summary>
    public static LinkDecoding Decode(MappedChannel channel, UartDecoding uart)
    {
        var result = new LinkDecoding(channel, uart);
        var reader = new FrameReader();
        var payload = new byte[Frame.MaxPayloadLength];
        bool joined = false;
        int frameBytes = 0;
        long frameStart = 0;
        bool framingError = false;
        int[] countsBefore = Counts(reader.Counters);
        foreach (var b in uart.Bytes)
        {
            if (!joined)
            {
                joined = b.Value == Frame.Delimiter;
                result.BytesBeforeFirstDelimiter += joined ? 0 : 1;
                continue;
            }

            if (b.Value != Frame.Delimiter)
            {
                if (frameBytes++ == 0)
                {
                    frameStart = b.StartPs;
                    framingError = false;
                    countsBefore = Counts(reader.Counters);
                }

                framingError |= b.FramingError;
                reader.Push(b.Value);
                continue;
            }

            bool delivered = reader.Push(b.Value);
            if (delivered)
            {
                var message = reader.Message;
                message.WritePayload(payload, 0);
                var copy = new MessageSet().ForType((byte)message.Type);
                copy.ReadPayload(payload, 0);
                result.Frames.Add(new DecodedFrame(frameStart, b.EndPs, reader.Sequence, copy, payload[..message.PayloadLength]));
            }
            else if (frameBytes > 0)
            {
                string reason = Reason(countsBefore, Counts(reader.Counters));
                result.Errors.Add(new FrameError(frameStart, b.EndPs, frameBytes + 1, framingError ? reason + " (after a framing error)" : reason));
            }

            frameBytes = 0;
        }

        result.BytesAfterLastDelimiter = frameBytes;
        return result;
    }

    private static int[] Counts(LinkCounters c) =>
        new[] { c.Oversized, c.BadEncoding, c.TooShort, c.BadCrc, c.UnknownType, c.BadLength, c.Duplicates, c.BadField };

    private static string Reason(int[] before, int[] after)
    {
        string[] reasons =
        {
            $"longer than {Frame.MaxEncodedLength} bytes",
            "not valid COBS",
            $"shorter than {Frame.MinFrameLength} bytes (type, sequence, CRC)",
            "CRC mismatch",
            "unknown message type",
            "wrong payload length for its type",
            "an exact repeat of the previous frame",
            "a field outside its values",
        };
        for (int i = 0; i < before.Length; i++)
        {
            if (after[i] != before[i])
            {
                return reasons[i];
            }
        }

        return "dropped";
    }
}

/// <summary>One UART line's frames.</summary>
public sealed class LinkDecoding
{
    internal LinkDecoding(MappedChannel channel, UartDecoding uart)
    {
        Channel = channel;
        Uart = uart;
    }

    /// <summary>Gets the channel.</summary>
    public MappedChannel Channel { get; }

    /// <summary>Gets the bytes and UART errors.</summary>
    public UartDecoding Uart { get; }

    /// <summary>Gets the good frames in time order.</summary>
    public List<DecodedFrame> Frames { get; } = new();

    /// <summary>Gets the frames the reader dropped, with why.</summary>
    public List<FrameError> Errors { get; } = new();

    /// <summary>Gets the bytes before the first delimiter (the capture joined mid-frame).</summary>
    public int BytesBeforeFirstDelimiter { get; internal set; }

    /// <summary>Gets the bytes after the last delimiter (a frame the capture's end cut).</summary>
    public int BytesAfterLastDelimiter { get; internal set; }

    /// <summary>Gets what the link is, e.g. <c>peer link A→B</c>.</summary>
    public string Name => Channel.Pin.Meaning;
}

/// <summary>A good frame.</summary>
/// <param name="StartPs">Its first byte's start bit.</param>
/// <param name="EndPs">The end of its delimiter's stop bit: when the receiver has it.</param>
/// <param name="Sequence">The sender's sequence number.</param>
/// <param name="Message">The message (a copy that stays valid).</param>
/// <param name="Payload">The payload bytes.</param>
public sealed record DecodedFrame(long StartPs, long EndPs, ushort Sequence, Message Message, byte[] Payload)
{
    /// <summary>Gets the message type.</summary>
    public MessageType Type => Message.Type;

    /// <summary>Gets the fields as the protocol's page writes them, e.g. <c>Epoch=2 Kind=Failover From=A</c>.</summary>
    public string Fields => MessageFields.Of(Message);

    /// <inheritdoc/>
    public override string ToString() => $"{Type} #{Sequence} {Fields}".TrimEnd();
}

/// <summary>A frame the reader dropped.</summary>
/// <param name="StartPs">Its first byte.</param>
/// <param name="EndPs">Its delimiter's end.</param>
/// <param name="Bytes">Its length with the delimiter.</param>
/// <param name="Reason">Why it was dropped.</param>
public sealed record FrameError(long StartPs, long EndPs, int Bytes, string Reason);

/// <summary>A message's fields as text, from its public properties, so a new field shows without anyone adding it here.</summary>
public static class MessageFields
{
    /// <summary>Writes <c>Name=Value</c> pairs; flags joined by <c>+</c>.</summary>
    public static string Of(Message message)
    {
        var parts = new List<string>();
        foreach (var property in message.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (property.Name is nameof(Message.Type) or nameof(Message.PayloadLength))
            {
                continue;
            }

            object? value = property.GetValue(message);
            string text = value is Enum e ? e.ToString().Replace(", ", "+", StringComparison.Ordinal) : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
            parts.Add($"{property.Name}={text}");
        }

        return string.Join(' ', parts);
    }
}
