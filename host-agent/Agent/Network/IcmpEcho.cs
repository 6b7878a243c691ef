using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ColdStandby.HostAgent.Native;

namespace ColdStandby.HostAgent.Network;

/// <summary>
/// One ICMP (or ICMPv6) echo through a given interface: a raw socket as root, else the kernel's
/// unprivileged ping socket.
/// </summary>
internal static class IcmpEcho
{
    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;

    /// <summary>Pings and waits for the matching reply; null when it came in time, else the problem.</summary>
    public static string? Ping(string interfaceName, IPAddress peer, ushort sequence, int deadlineMs)
    {
        bool v6 = peer.AddressFamily == AddressFamily.InterNetworkV6;
        bool raw = Libc.geteuid() == 0;
        using var socket = new Socket(peer.AddressFamily, raw ? SocketType.Raw : SocketType.Dgram, v6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
        socket.SetRawSocketOption(SolSocket, SoBindToDevice, Encoding.ASCII.GetBytes(interfaceName + "\0"));
        ushort id = (ushort)Environment.ProcessId;
        Span<byte> request = stackalloc byte[16];
        request[0] = v6 ? (byte)128 : (byte)8;
        BinaryPrimitives.WriteUInt16BigEndian(request[4..], id);
        BinaryPrimitives.WriteUInt16BigEndian(request[6..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(request[8..], Stopwatch.GetTimestamp());
        if (!v6)
        {
            // The kernel fills in the ICMPv6 checksum itself, not the ICMPv4 one.
            BinaryPrimitives.WriteUInt16BigEndian(request[2..], Frames.Checksum(request));
        }

        var sw = Stopwatch.StartNew();
        socket.SendTo(request, new IPEndPoint(peer, 0));
        byte[] reply = new byte[1500];
        EndPoint from = new IPEndPoint(v6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (true)
        {
            int left = deadlineMs - (int)sw.ElapsedMilliseconds;
            if (left <= 0)
            {
                return $"no echo reply from {peer} within {deadlineMs} ms";
            }

            socket.ReceiveTimeout = left;
            int n;
            try
            {
                n = socket.ReceiveFrom(reply, ref from);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock)
            {
                return $"no echo reply from {peer} within {deadlineMs} ms";
            }

            if (!((IPEndPoint)from).Address.Equals(peer))
            {
                continue;
            }

            // A raw IPv4 socket hands over the IP header too.
            int at = raw && !v6 ? (reply[0] & 0x0F) * 4 : 0;
            if (n < at + 8)
            {
                continue;
            }

            byte type = reply[at];
            bool echoReply = v6 ? type == 129 : type == 0;
            ushort gotSequence = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(at + 6));
            ushort gotId = BinaryPrimitives.ReadUInt16BigEndian(reply.AsSpan(at + 4));
            if (echoReply && gotSequence == sequence && (!raw || gotId == id))
            {
                return null;
            }
        }
    }
}
