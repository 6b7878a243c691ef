using System.Runtime.InteropServices;
using ColdStandby.Hardware;

namespace ColdStandby.HostAgent.TestRig;

/// <summary>
/// A pseudo-terminal pair (libc's posix_openpt, both ends close-on-exec): the agent opens the
/// slave side (/dev/pts/N) as it would a USB serial device; the test's SMU or DM reads and writes the
/// master side through this <see cref="IByteChannel"/>, non-blocking. The slave is set raw and
/// kept open here, so nothing the line discipline does (echo, line editing) touches the bytes.
/// </summary>
public sealed unsafe partial class Pty : IByteChannel, IDisposable
{
    private const int FGetFl = 3;
    private const int FSetFl = 4;
    private const int ONonBlock = 0x800;
    private const int ORdWr = 0x2;
    private const int ONoCtty = 0x100;
    private const int OCloExec = 0x80000;
    private int _master;
    private int _slave;

    public Pty()
    {
        // Both ends close-on-exec from the moment they exist (posix_openpt and open with O_CLOEXEC,
        // not openpty and a later fcntl): a process a test starts (an agent, a supervised service,
        // an exporter) would otherwise keep every rig's pty of the test host open for its life.
        int master = posix_openpt(ORdWr | ONoCtty | OCloExec);
        if (master < 0)
        {
            throw new IOException($"posix_openpt failed: errno {Marshal.GetLastPInvokeError()}");
        }

        byte* name = stackalloc byte[256];
        if (grantpt(master) != 0 || unlockpt(master) != 0 || ptsname_r(master, name, 256) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            close(master);
            throw new IOException($"cannot open the slave of a new pty: errno {error}");
        }

        int slave = open(name, ORdWr | ONoCtty | OCloExec);
        if (slave < 0)
        {
            int error = Marshal.GetLastPInvokeError();
            close(master);
            throw new IOException($"cannot open the slave of a new pty: errno {error}");
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
    private static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int unlockpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ptsname_r(int fd, byte* buffer, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int open(byte* path, int flags);

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
