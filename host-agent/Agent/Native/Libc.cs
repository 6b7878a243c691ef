using System.Runtime.InteropServices;

namespace ColdStandby.HostAgent.Native;

/// <summary>
/// The few Linux system calls the agent needs that .NET has no API for: interface flags and
/// hardware addresses (ioctl), raw link-layer frames (AF_PACKET), file ownership, the cache drop
/// behind the RAID probe, the calling thread's CPU time. Linux x86-64 and arm64 numbering.
/// </summary>
internal static partial class Libc
{
    public const int AF_INET = 2;
    public const int AF_INET6 = 10;
    public const int AF_PACKET = 17;
    public const int SOCK_DGRAM = 2;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int POLLIN = 0x1;
    public const int EINTR = 4;
    public const int EAGAIN = 11;

    public const uint SIOCGIFFLAGS = 0x8913;
    public const uint SIOCSIFFLAGS = 0x8914;
    public const uint SIOCSIFHWADDR = 0x8924;
    public const uint SIOCGIFHWADDR = 0x8927;
    public const uint SIOCGIFINDEX = 0x8933;
    public const uint SIOCETHTOOL = 0x8946;

    public const short IFF_UP = 0x1;
    public const short IFF_RUNNING = 0x40;

    public const int CLOCK_THREAD_CPUTIME_ID = 3;
    public const int POSIX_FADV_DONTNEED = 4;
    public const int CLONE_NEWNET = 0x40000000;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int ioctl(int fd, nuint request, void* argp);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int bind(int fd, void* address, int length);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint sendto(int fd, void* buffer, nuint length, int flags, void* address, int addressLength);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint recv(int fd, void* buffer, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static unsafe partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chown(string path, int owner, int group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint getgrnam(string name);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int posix_fadvise(int fd, long offset, long length, int advice);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int clock_gettime(int clock, out TimeSpec time);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int signal);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int sched_setscheduler(int pid, int policy, ref int priority);

    public const int LOCK_EX = 2;
    public const int LOCK_NB = 4;

    /// <summary>flock(2): a lock on the open file description (Tmds.LibC has lockf, whose locks belong to the process, not flock).</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int flock(int fd, int operation);

    /// <summary>SCHED_RESET_ON_FORK: a process forked by a real-time thread starts at normal priority.</summary>
    public const int SCHED_RESET_ON_FORK = 0x40000000;

    /// <summary>
    /// Puts the calling thread on SCHED_FIFO at a priority, with reset-on-fork so nothing it
    /// starts inherits it; false when not allowed (no CAP_SYS_NICE).
    /// </summary>
    public static bool RealtimeThread(int priority) => sched_setscheduler(0, 1 | SCHED_RESET_ON_FORK, ref priority) == 0;

    /// <summary>Gets the calling thread's CPU time in microseconds.</summary>
    public static long ThreadCpuMicroseconds()
    {
        return clock_gettime(CLOCK_THREAD_CPUTIME_ID, out var t) == 0 ? t.Seconds * 1_000_000 + t.Nanoseconds / 1000 : 0;
    }

    /// <summary>Gets the numeric id of a group, or -1 when there is no such group.</summary>
    public static int GroupId(string name)
    {
        nint group = getgrnam(name);
        if (group == 0)
        {
            return -1;
        }

        // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; ... }
        return Marshal.ReadInt32(group, 2 * IntPtr.Size);
    }

    /// <summary>Gets the text for the last error of a P/Invoke call (read it before any other call).</summary>
    public static string LastError() => Errors.Describe(Marshal.GetLastPInvokeError());
}
