using System.Buffers.Binary;
using System.Net;

namespace ColdStandby.HostAgent.Network;

/// <summary>The few Ethernet frames the agent builds itself: ARP and the IPv6 neighbour advertisement.</summary>
internal static class Frames
{
    public const ushort ArpRequest = 1;
    public const ushort ArpReply = 2;
    public const int ArpFrameLength = 42;
    public const int AdvertisementFrameLength = 14 + 40 + 32;

    /// <summary>An ARP frame (Ethernet header + 28-byte ARP payload).</summary>
    public static void Arp(Span<byte> frame, MacAddress destination, ushort operation, MacAddress senderMac, IPAddress senderIp, MacAddress targetMac, IPAddress targetIp)
    {
        frame.Clear();
        destination.CopyTo(frame);
        senderMac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], PacketSocket.EtherTypeArp);
        var arp = frame[14..];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);          // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(arp[2..], 0x0800); // IPv4
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp[6..], operation);
        senderMac.CopyTo(arp[8..]);
        senderIp.TryWriteBytes(arp[14..], out _);
        targetMac.CopyTo(arp[18..]);
        targetIp.TryWriteBytes(arp[24..], out _);
    }

    /// <summary>
    /// A gratuitous ARP for <paramref name="ip"/>: a broadcast request whose sender and target
    /// address are both the announced one (what <c>arping -U</c> sends); every host that knows the
    /// address refreshes its entry and every switch learns the sender's port.
    /// </summary>
    public static void GratuitousArp(Span<byte> frame, MacAddress mac, IPAddress ip) =>
        Arp(frame, MacAddress.Broadcast, ArpRequest, mac, ip, new MacAddress(0), ip);

    /// <summary>
    /// An unsolicited neighbour advertisement (RFC 4861 §7.2.6) for <paramref name="ip"/> to all
    /// nodes, with the override flag and the target link-layer address option.
    /// </summary>
    public static void NeighbourAdvertisement(Span<byte> frame, MacAddress mac, IPAddress ip)
    {
        frame.Clear();
        var allNodes = IPAddress.Parse("ff02::1");
        new MacAddress(0x3333_0000_0001).CopyTo(frame);
        mac.CopyTo(frame[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[12..], PacketSocket.EtherTypeIPv6);
        var ipv6 = frame[14..];
        ipv6[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ipv6[4..], 32);
        ipv6[6] = 58;   // ICMPv6
        ipv6[7] = 255;  // hop limit: receivers drop neighbour discovery with any other
        ip.TryWriteBytes(ipv6[8..], out _);
        allNodes.TryWriteBytes(ipv6[24..], out _);
        var icmp = ipv6[40..];
        icmp[0] = 136;  // neighbour advertisement
        icmp[4] = 0x20; // override
        ip.TryWriteBytes(icmp[8..], out _);
        icmp[24] = 2;   // target link-layer address option, 8 bytes
        icmp[25] = 1;
        mac.CopyTo(icmp[26..]);
        BinaryPrimitives.WriteUInt16BigEndian(icmp[2..], Icmp6Checksum(ipv6[8..24], ipv6[24..40], icmp[..32]));
    }

    /// <summary>The internet checksum of ICMPv6 over its pseudo-header.</summary>
    public static ushort Icmp6Checksum(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, ReadOnlySpan<byte> message)
    {
        uint sum = 0;
        sum = Add(sum, source);
        sum = Add(sum, destination);
        sum += (uint)message.Length;
        sum += 58;
        sum = Add(sum, message);
        return Fold(sum);
    }

    /// <summary>The internet checksum of a message (ICMPv4).</summary>
    public static ushort Checksum(ReadOnlySpan<byte> message) => Fold(Add(0, message));

    private static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        for (int i = 0; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }

        if ((data.Length & 1) != 0)
        {
            sum += (uint)(data[^1] << 8);
        }

        return sum;
    }

    private static ushort Fold(uint sum)
    {
        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
