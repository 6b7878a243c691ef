using ColdStandby.Protocol;

namespace ColdStandby.HostAgent;

/// <summary>
/// A copy of a received message that outlives the next frame: a link's decoded messages are reused
/// instances, so an answer handed to another thread or kept in a list must be copied. Copied through
/// the message's own payload encoding, so a new field is copied without anyone remembering to.
/// </summary>
public static class MessageSnapshot
{
    /// <summary>Returns a new instance holding the same fields as <paramref name="message"/>.</summary>
    public static T Snapshot<T>(this T message)
        where T : Message, new()
    {
        var payload = new byte[Frame.MaxPayloadLength];
        message.WritePayload(payload, 0);
        var copy = new T();
        copy.ReadPayload(payload, 0);
        return copy;
    }
}
