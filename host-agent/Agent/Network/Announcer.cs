using System.Net;
using System.Net.Sockets;

namespace ColdStandby.HostAgent.Network;

/// <summary>
/// Announces that the business MAC now lives behind this server's port: a gratuitous ARP for every
/// IPv4 address and an unsolicited neighbour advertisement for every IPv6 address of the business
/// NIC, sent from the agent's own code on a raw packet socket (the agent must do it in production,
/// where no arping may be installed).
/// </summary>
internal static class Announcer
{
    /// <summary>Sends one round of announcements; returns the addresses announced.</summary>
    public static IReadOnlyList<IPAddress> AnnounceOnce(string interfaceName, MacAddress mac)
    {
        var addresses = NetDevice.Addresses(interfaceName);
        var announced = new List<IPAddress>();
        Span<byte> frame = stackalloc byte[Frames.AdvertisementFrameLength];
        var v4 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList();
        var v6 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList();
        if (v4.Count > 0)
        {
            using var arp = new PacketSocket(interfaceName, PacketSocket.EtherTypeArp);
            foreach (var ip in v4)
            {
                Frames.GratuitousArp(frame, mac, ip);
                arp.Send(frame[..Frames.ArpFrameLength]);
                announced.Add(ip);
            }
        }

        if (v6.Count > 0)
        {
            using var nd = new PacketSocket(interfaceName, PacketSocket.EtherTypeIPv6);
            foreach (var ip in v6)
            {
                Frames.NeighbourAdvertisement(frame, mac, new IPAddress(ip.GetAddressBytes()));
                nd.Send(frame[..Frames.AdvertisementFrameLength]);
                announced.Add(ip);
            }
        }

        return announced;
    }
}
