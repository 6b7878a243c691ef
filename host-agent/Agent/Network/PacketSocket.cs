using System.Buffers.Binary;
using ColdStandby.HostAgent.Native;

namespace ColdStandby.HostAgent.Network;

/// <summary>
/// A raw link-layer socket (AF_PACKET) bound to one interface and EtherType: whole Ethernet
/// frames out and in. Needs CAP_NET_RAW (root). Used for gratuitous ARP, unsolicited neighbour
/// advertisements and the ARP probe.
/// </summary>
internal sealed unsafe class PacketSocket : IDisposable
{
    public const ushort EtherTypeArp = 0x0806;
    public const ushort EtherTypeIPv6 = 0x86DD;

    private readonly int _fd;
    private readonly int _index;
    private readonly ushort _etherType;

    public PacketSocket(string interfaceName, ushort etherType)
    {
        _index = NetDevice.Index(interfaceName);
        _etherType = etherType;
        _fd = Libc.socket(Libc.AF_PACKET, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, BinaryPrimitives.ReverseEndianness(etherType));
        if (_fd < 0)
        {
            throw new IOException($"cannot open a raw packet socket (root or CAP_NET_RAW needed): {Libc.LastError()}");
        }

        byte* address = stackalloc byte[20];
        FillAddress(address, MacAddress.Broadcast);
        if (Libc.bind(_fd, address, 20) != 0)
        {
            string error = Libc.LastError();
            Libc.close(_fd);
            throw new IOException($"cannot bind a packet socket to '{interfaceName}': {error}");
        }
    }

    /// <summary>Sends one whole Ethernet frame (the destination is its first 6 bytes).</summary>
    public void Send(ReadOnlySpan<byte> frame)
    {
        byte* address = stackalloc byte[20];
        FillAddress(address, MacAddress.FromBytes(frame));
        fixed (byte* data = frame)
        {
            if (Libc.sendto(_fd, data, (nuint)frame.Length, 0, address, 20) != frame.Length)
            {
                throw new IOException($"cannot send a frame: {Libc.LastError()}");
            }
        }
    }

    /// <summary>Receives one frame, waiting at most <paramref name="timeoutMs"/>; 0 when none came.</summary>
    public int Receive(Span<byte> buffer, int timeoutMs)
    {
        var poll = new Libc.PollFd { Fd = _fd, Events = Libc.POLLIN };
        int ready = Libc.poll(&poll, 1, Math.Max(0, timeoutMs));
        if (ready <= 0)
        {
            return 0;
        }

        fixed (byte* data = buffer)
        {
            nint n = Libc.recv(_fd, data, (nuint)buffer.Length, 0);
            return n > 0 ? (int)n : 0;
        }
    }

    public void Dispose() => Libc.close(_fd);

    private void FillAddress(byte* address, MacAddress destination)
    {
        // struct sockaddr_ll { u16 family; be16 protocol; i32 ifindex; u16 hatype; u8 pkttype; u8 halen; u8 addr[8]; }
        new Span<byte>(address, 20).Clear();
        *(ushort*)address = Libc.AF_PACKET;
        *(ushort*)(address + 2) = BinaryPrimitives.ReverseEndianness(_etherType);
        *(int*)(address + 4) = _index;
        address[11] = 6;
        destination.CopyTo(new Span<byte>(address + 12, 6));
    }
}
