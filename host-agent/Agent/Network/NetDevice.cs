using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;
using ColdStandby.HostAgent.Native;

namespace ColdStandby.HostAgent.Network;

/// <summary>
/// A network interface by name, through the kernel's interface ioctls: flags (up, running),
/// index, current and burned-in hardware address. Works in the network namespace of the calling
/// thread, which is what the namespace tests rely on.
/// </summary>
internal static unsafe class NetDevice
{
    private const int IfReqSize = 40;
    private const int ArphrdEther = 1;
    private const uint EthtoolGetPermanentAddress = 0x20;

    public static int Index(string name)
    {
        byte* req = stackalloc byte[IfReqSize];
        Control(name, Libc.SIOCGIFINDEX, req, "find");
        return *(int*)(req + 16);
    }

    public static short Flags(string name)
    {
        byte* req = stackalloc byte[IfReqSize];
        Control(name, Libc.SIOCGIFFLAGS, req, "read the flags of");
        return *(short*)(req + 16);
    }

    public static void SetFlags(string name, short flags)
    {
        byte* req = stackalloc byte[IfReqSize];
        *(short*)(req + 16) = flags;
        Control(name, Libc.SIOCSIFFLAGS, req, "set the flags of");
    }

    /// <summary>Gets whether the interface is administratively up and has its link (carrier).</summary>
    public static bool IsRunning(string name)
    {
        short flags = Flags(name);
        return (flags & Libc.IFF_UP) != 0 && (flags & Libc.IFF_RUNNING) != 0;
    }

    public static MacAddress HardwareAddress(string name)
    {
        byte* req = stackalloc byte[IfReqSize];
        Control(name, Libc.SIOCGIFHWADDR, req, "read the MAC address of");
        return MacAddress.FromBytes(new ReadOnlySpan<byte>(req + 18, 6));
    }

    public static void SetHardwareAddress(string name, MacAddress mac)
    {
        byte* req = stackalloc byte[IfReqSize];
        *(ushort*)(req + 16) = ArphrdEther;
        mac.CopyTo(new Span<byte>(req + 18, 6));
        Control(name, Libc.SIOCSIFHWADDR, req, "set the MAC address of");
    }

    /// <summary>Gets the NIC's burned-in (permanent) address, or null when the driver has none (virtual NICs).</summary>
    public static MacAddress? PermanentAddress(string name)
    {
        byte* req = stackalloc byte[IfReqSize];
        byte* perm = stackalloc byte[8 + 32];
        *(uint*)perm = EthtoolGetPermanentAddress;
        *(uint*)(perm + 4) = 32;
        *(byte**)(req + 16) = perm;
        if (!TryControl(name, Libc.SIOCETHTOOL, req) || *(uint*)(perm + 4) != 6)
        {
            return null;
        }

        var mac = MacAddress.FromBytes(new ReadOnlySpan<byte>(perm + 8, 6));
        return mac.IsZero ? null : mac;
    }

    /// <summary>Gets the interface's unicast addresses (IPv4 and IPv6).</summary>
    public static IPAddress[] Addresses(string name)
    {
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.Name == name)
            {
                return nic.GetIPProperties().UnicastAddresses.Select(a => a.Address).ToArray();
            }
        }

        return System.Array.Empty<IPAddress>();
    }

    /// <summary>Gets the first IPv4 address of the interface, or null.</summary>
    public static IPAddress? FirstIPv4(string name) =>
        Addresses(name).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork);

    /// <summary>Gets whether an interface of that name exists (in the calling thread's namespace).</summary>
    public static bool Exists(string name)
    {
        byte* req = stackalloc byte[IfReqSize];
        return TryControl(name, Libc.SIOCGIFINDEX, req, out _);
    }

    private static void Control(string name, uint request, byte* req, string what)
    {
        if (!TryControl(name, request, req, out int errno))
        {
            // ENODEV: say it plainly, it is the usual mistake (a misspelt or renamed NIC).
            throw new IOException(errno == 19
                ? $"there is no interface '{name}' (ip link shows the names)"
                : $"cannot {what} interface '{name}': {Errors.Describe(errno)}");
        }
    }

    private static bool TryControl(string name, uint request, byte* req) => TryControl(name, request, req, out _);

    private static bool TryControl(string name, uint request, byte* req, out int errno)
    {
        errno = 0;
        byte[] bytes = Encoding.ASCII.GetBytes(name);
        if (bytes.Length > 15)
        {
            throw new ArgumentException($"interface name '{name}' is too long");
        }

        for (int i = 0; i < 16; i++)
        {
            req[i] = i < bytes.Length ? bytes[i] : (byte)0;
        }

        int fd = Libc.socket(Libc.AF_INET, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new IOException($"cannot open a socket for interface control: {Libc.LastError()}");
        }

        try
        {
            // The errno is read at once: close below would overwrite it (hence the old "Success (errno 0)").
            bool done = Libc.ioctl(fd, request, req) == 0;
            errno = done ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            return done;
        }
        finally
        {
            Libc.close(fd);
        }
    }
}
