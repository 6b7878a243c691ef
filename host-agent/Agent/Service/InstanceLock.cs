using System.Runtime.InteropServices;
using System.Text;
using static Tmds.Linux.LibC;

namespace ColdStandby.HostAgent.Service;

/// <summary>
/// One agent per machine: an exclusive flock on <c>agent.lock</c> in the runtime directory (beside
/// the control socket), held for the agent's life. A second <c>coldstandby run</c> is refused with
/// the first one's pid before it touches anything: the serial device, the supervised services, or
/// the live control socket (which the first agent keeps). The serial device has its own lock too
/// (<see cref="Link.TtyLink"/>), for a second agent configured with another runtime directory.
/// </summary>
internal sealed unsafe class InstanceLock : IDisposable
{
    private int _fd;

    private InstanceLock(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Takes the lock in the socket's folder (made if missing); throws <see cref="AgentStartException"/> when another agent holds it.</summary>
    public static InstanceLock Acquire(string socketPath)
    {
        string folder = System.IO.Path.GetDirectoryName(socketPath) ?? "/run/coldstandby";
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, "agent.lock");
        if (!OperatingSystem.IsLinux())
        {
            return new InstanceLock(-1, path);
        }

        int fd;
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
        {
            fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 420 /* 0644 */);
        }

        if (fd < 0)
        {
            throw new AgentStartException($"cannot open the lock file {path}: {Native.Errors.Describe(errno)}");
        }

        if (Native.Libc.flock(fd, Native.Libc.LOCK_EX | Native.Libc.LOCK_NB) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            close(fd);
            string holder = ReadPid(path);
            throw new AgentStartException(error == EAGAIN
                ? $"another coldstandby agent is running{holder} (it holds {path}); one agent per machine: stop it first (systemctl stop coldstandby-agent)"
                : $"cannot lock {path}: {Native.Errors.Describe(error)}");
        }

        byte[] pid = Encoding.ASCII.GetBytes($"{Environment.ProcessId}\n");
        ftruncate(fd, 0);
        fixed (byte* p = pid)
        {
            pwrite(fd, p, pid.Length, 0);
        }

        return new InstanceLock(fd, path);
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            close(_fd);
            _fd = -1;
        }
    }

    private static string ReadPid(string path)
    {
        // Read raw: .NET's own file reading takes a shared flock, which the holder's lock refuses.
        var buffer = new byte[32];
        int fd;
        fixed (byte* p = Encoding.UTF8.GetBytes(path + "\0"))
        {
            fd = open(p, O_RDONLY | O_CLOEXEC, 0);
        }

        if (fd < 0)
        {
            return "";
        }

        long n;
        fixed (byte* b = buffer)
        {
            n = read(fd, b, buffer.Length);
        }

        close(fd);
        return n > 0 && int.TryParse(Encoding.ASCII.GetString(buffer, 0, (int)n).Trim(), out int pid) ? $" (pid {pid})" : "";
    }
}

/// <summary>The agent cannot start, for a reason an operator can act on (the message says it).</summary>
internal sealed class AgentStartException : Exception
{
    public AgentStartException(string message)
        : base(message)
    {
    }
}
