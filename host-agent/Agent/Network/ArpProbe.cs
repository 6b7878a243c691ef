using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;

namespace ColdStandby.HostAgent.Network;

/// <summary>One ARP request to a peer on the NIC's own segment, answered in time or not.</summary>
internal static class ArpProbe
{
    public static string? Ask(string interfaceName, IPAddress peer, int deadlineMs)
    {
        var own = NetDevice.FirstIPv4(interfaceName);
        if (own is null)
        {
            return $"{interfaceName}: no IPv4 address to ask from";
        }

        var mac = NetDevice.HardwareAddress(interfaceName);
        using var socket = new PacketSocket(interfaceName, PacketSocket.EtherTypeArp);
        Span<byte> frame = stackalloc byte[Frames.ArpFrameLength];
        Frames.Arp(frame, MacAddress.Broadcast, Frames.ArpRequest, mac, own, new MacAddress(0), peer);
        var sw = Stopwatch.StartNew();
        socket.Send(frame);
        Span<byte> buffer = stackalloc byte[1514];
        Span<byte> peerBytes = stackalloc byte[4];
        peer.TryWriteBytes(peerBytes, out _);
        while (true)
        {
            int left = deadlineMs - (int)sw.ElapsedMilliseconds;
            if (left <= 0)
            {
                return $"no ARP reply from {peer} within {deadlineMs} ms";
            }

            int n = socket.Receive(buffer, left);
            if (n >= Frames.ArpFrameLength - 14 + 14
                && BinaryPrimitives.ReadUInt16BigEndian(buffer[12..]) == PacketSocket.EtherTypeArp
                && BinaryPrimitives.ReadUInt16BigEndian(buffer[20..]) == Frames.ArpReply
                && buffer.Slice(28, 4).SequenceEqual(peerBytes))
            {
                return null;
            }
        }
    }
}
