using System.Runtime.InteropServices;
using ColdStandby.Hardware;

namespace ColdStandby.HostAgent.TestRig;

/// <summary>
/// A pseudo-terminal pair from libc's openpty: the agent opens the slave side (/dev/pts/N) with
/// System.IO.Ports as it would a USB serial device; the test's SMU or DM reads and writes the
/// master side through this <see cref="IByteChannel"/>, non-blocking. The slave is set raw and
/// kept open here, so nothing the line discipline does (echo, line editing) touches the bytes.
/// </summary>
public sealed unsafe partial class Pty : IByteChannel, IDisposable
{
    private const int FGetFl = 3;
    private const int FSetFl = 4;
    private const int ONonBlock = 0x800;
    private int _master;
    private int _slave;

    public Pty()
    {
        int master, slave;
        byte* name = stackalloc byte[256];
        if (openpty(&master, &slave, name, null, null) != 0)
        {
            throw new IOException($"openpty failed: errno {Marshal.GetLastPInvokeError()}");
        }

        _master = master;
        _slave = slave;
        SlavePath = Marshal.PtrToStringUTF8((nint)name)!;
        byte* termios = stackalloc byte[256];
        tcgetattr(slave, termios);
        cfmakeraw(termios);
        tcsetattr(slave, 0, termios);
        fcntl(master, FSetFl, fcntl(master, FGetFl, 0) | ONonBlock);
    }

    /// <summary>Gets the device path the agent opens, e.g. /dev/pts/3.</summary>
    public string SlavePath { get; }

    /// <summary>Gets whether the master side is still open.</summary>
    public bool IsOpen => _master >= 0;

    public int Read(byte[] buffer, int offset, int count)
    {
        if (_master < 0 || count == 0)
        {
            return 0;
        }

        fixed (byte* p = &buffer[offset])
        {
            nint n = read(_master, p, (nuint)count);
            return n > 0 ? (int)n : 0;
        }
    }

    public int Write(byte[] buffer, int offset, int count)
    {
        if (_master < 0)
        {
            return count;
        }

        if (count == 0)
        {
            return 0;
        }

        fixed (byte* p = &buffer[offset])
        {
            nint n = write(_master, p, (nuint)count);
            return n > 0 ? (int)n : 0;
        }
    }

    /// <summary>Closes both sides: the agent's reads fail as on a USB unplug.</summary>
    public void Dispose()
    {
        if (_master >= 0)
        {
            close(_master);
            _master = -1;
        }

        if (_slave >= 0)
        {
            close(_slave);
            _slave = -1;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int openpty(int* master, int* slave, byte* name, void* termios, void* winsize);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int tcsetattr(int fd, int actions, byte* termios);

    [LibraryImport("libc")]
    private static partial void cfmakeraw(byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fcntl(int fd, int command, int argument);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
