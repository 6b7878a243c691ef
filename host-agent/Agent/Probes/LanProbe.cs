using System.Net;
using ColdStandby.HostAgent.Network;

namespace ColdStandby.HostAgent.Probes;

/// <summary>
/// The LAN controller probe: the NIC must be up with its link, and real traffic must pass through
/// it: an ICMP echo, or an ARP request, to a configured peer (a router or switch that always
/// answers) must be answered in time.
/// </summary>
internal sealed class LanProbe : IProbe
{
    private readonly string _interface;
    private readonly IPAddress _peer;
    private readonly bool _arp;
    private ushort _sequence;

    public LanProbe(string interfaceName, IPAddress peer, string method)
    {
        _interface = interfaceName;
        _peer = peer;
        _arp = method == "arp";
    }

    public string Name => "LAN";

    public string? Run(int deadlineMs)
    {
        try
        {
            if (!NetDevice.IsRunning(_interface))
            {
                return $"{_interface}: link down";
            }

            _sequence++;
            return _arp
                ? ArpProbe.Ask(_interface, _peer, deadlineMs)
                : IcmpEcho.Ping(_interface, _peer, _sequence, deadlineMs);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            return $"{_interface}: {e.Message}";
        }
    }
}
