using System.Runtime.InteropServices;
using ColdStandby.Hardware;
using ColdStandby.HostAgent.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace ColdStandby.HostAgent.Link;

/// <summary>
/// A serial device (the SMU's USB serial, the DM's management port) on Linux, as a non-blocking
/// <see cref="IByteChannel"/> on its own file descriptor: raw 8N1 at the configured speed, locked
/// against a second opener (another agent, a terminal program) with flock, and waited on with
/// poll by <see cref="LinkLoop"/>, so an idle agent sleeps until a byte arrives or a kick is due
/// (System.IO.Ports polled every millisecond while a read was pending). When the device fails
/// (USB unplug, an SMU rebooting its USB, a pty's other end closing) it is closed and opened
/// again every <c>reopenMs</c>; <see cref="Maintain"/> says when that happened.
/// </summary>
internal sealed unsafe class TtyLink : IHostLinkDevice
{
    private const long StuckWriteMs = 2000;

    private readonly string _device;
    private readonly uint _speed;
    private readonly long _reopenMs;
    private readonly byte[] _pending = new byte[8192];
    private int _fd = -1;
    private int _pendingCount;
    private long _pendingSinceMs;
    private long _nextOpenMs;
    private long _nowMs;
    private bool _justOpened;

    public TtyLink(string device, int baud, long reopenMs)
    {
        _device = device;
        _speed = Speed(baud) ?? throw new ArgumentException($"{baud} is not a serial speed Linux has");
        _reopenMs = reopenMs;
    }

    public event Action<bool, string?>? StateChanged;

    public string Device => _device;

    public bool IsOpen => _fd >= 0;

    public int Opens { get; private set; }

    public int Losses { get; private set; }

    public string? LastError { get; private set; }

    public int PollFd => _fd;

    public bool WantsWrite => _pendingCount > 0;

    public long NextOpenMs => _fd >= 0 ? long.MaxValue : _nextOpenMs;

    /// <summary>Gets the speed constant for a baud rate, or null when termios has none.</summary>
    public static uint? Speed(int baud) => baud switch
    {
        1200 => B1200,
        2400 => B2400,
        4800 => B4800,
        9600 => B9600,
        19200 => B19200,
        38400 => B38400,
        57600 => B57600,
        115200 => B115200,
        230400 => B230400,
        460800 => B460800,
        921600 => B921600,
        1000000 => B1000000,
        2000000 => B2000000,
        _ => null,
    };

    /// <summary>
    /// Opens the device now (the loop keeps it) and says whether another program holds its lock,
    /// so a second agent is refused at start rather than retrying beside the first.
    /// </summary>
    public bool InUse()
    {
        Maintain(0);
        return _fd < 0 && LastError is { } error && error.Contains("in use by another program", StringComparison.Ordinal);
    }

    public bool Maintain(long nowMs)
    {
        _nowMs = nowMs;
        if (_fd < 0 && nowMs >= _nextOpenMs)
        {
            TryOpen();
        }

        if (_fd >= 0 && _pendingCount > 0)
        {
            Flush();
            if (_fd >= 0 && _pendingCount > 0 && nowMs - _pendingSinceMs > StuckWriteMs)
            {
                Lose("the device took no bytes for 2 s");
            }
        }

        bool opened = _justOpened;
        _justOpened = false;
        return opened;
    }

    public void Polled(short revents)
    {
        if (_fd >= 0 && (revents & POLLIN) == 0 && ((revents & POLLHUP) != 0 || (revents & POLLERR) != 0 || (revents & POLLNVAL) != 0))
        {
            Lose((revents & POLLHUP) != 0 ? "the device hung up (unplugged, or the other end closed)" : "the device reported an error");
        }
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        if (_fd < 0 || count == 0)
        {
            return 0;
        }

        fixed (byte* p = &buffer[offset])
        {
            long n = read(_fd, p, (size_t)count);
            if (n > 0)
            {
                return (int)n;
            }

            int error = n < 0 ? errno : 0;
            if (n < 0 && (error == EAGAIN || error == EINTR))
            {
                return 0;
            }

            // 0 from a raw non-blocking tty with VMIN 0 is "nothing yet" unless it hung up, which
            // poll reports; EIO is a pty whose other end closed, or a USB device that went away.
            if (n < 0)
            {
                Lose(Errors.Describe(error));
            }

            return 0;
        }
    }

    public int Write(byte[] buffer, int offset, int count)
    {
        if (_fd < 0)
        {
            // Nobody to talk to: the bytes are gone, as on a cable nobody listens to.
            return count;
        }

        int n = Math.Min(count, _pending.Length - _pendingCount);
        if (_pendingCount == 0)
        {
            _pendingSinceMs = _nowMs;
        }

        Array.Copy(buffer, offset, _pending, _pendingCount, n);
        _pendingCount += n;
        Flush();
        return n;
    }

    public void Drop(string reason) => Lose(reason);

    public void Dispose()
    {
        Close();
        _nextOpenMs = long.MaxValue;
    }

    private void Flush()
    {
        while (_fd >= 0 && _pendingCount > 0)
        {
            long n;
            fixed (byte* p = _pending)
            {
                n = write(_fd, p, (size_t)_pendingCount);
            }

            if (n < 0)
            {
                int error = errno;
                if (error != EAGAIN && error != EINTR)
                {
                    Lose(Errors.Describe(error));
                }

                return;
            }

            Array.Copy(_pending, (int)n, _pending, 0, _pendingCount - (int)n);
            _pendingCount -= (int)n;
            _pendingSinceMs = _nowMs;
        }
    }

    private void TryOpen()
    {
        string? problem = Open(out int fd);
        if (problem is not null)
        {
            _nextOpenMs = _nowMs + _reopenMs;
            if (LastError != problem)
            {
                LastError = problem;
                StateChanged?.Invoke(false, problem);
            }

            return;
        }

        _fd = fd;
        Opens++;
        _justOpened = true;
        _pendingCount = 0;
        LastError = null;
        StateChanged?.Invoke(true, null);
    }

    /// <summary>Opens, locks and configures the device; returns the problem in words, or null.</summary>
    private string? Open(out int fd)
    {
        byte[] path = System.Text.Encoding.UTF8.GetBytes(_device + "\0");
        fixed (byte* p = path)
        {
            fd = open(p, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC, 0);
        }

        if (fd < 0)
        {
            int error = errno;
            return error == ENOENT ? $"{_device} does not exist (device not plugged in, or not created yet)" : $"cannot open {_device}: {Errors.Describe(error)}";
        }

        if (Native.Libc.flock(fd, Native.Libc.LOCK_EX | Native.Libc.LOCK_NB) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            close(fd);
            fd = -1;
            return error == EAGAIN
                ? $"{_device} is in use by another program (another coldstandby agent?): it holds the device's lock"
                : $"cannot lock {_device}: {Errors.Describe(error)}";
        }

        termios tio;
        if (tcgetattr(fd, &tio) != 0)
        {
            int error = errno;
            close(fd);
            fd = -1;
            return error == ENOTTY ? $"{_device} is not a serial device" : $"cannot read the settings of {_device}: {Errors.Describe(error)}";
        }

        // Raw 8N1, no flow control, no echo or line editing; reads return what is there.
        tio.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON | IXOFF | IXANY);
        tio.c_oflag &= ~OPOST;
        tio.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        tio.c_cflag &= ~(CSIZE | PARENB | CSTOPB | CRTSCTS);
        tio.c_cflag |= CS8 | CLOCAL | CREAD;
        tio.c_cc[(int)VMIN] = 0;
        tio.c_cc[(int)VTIME] = 0;
        cfsetispeed(&tio, _speed);
        cfsetospeed(&tio, _speed);
        if (tcsetattr(fd, (int)TCSANOW, &tio) != 0)
        {
            int error = errno;
            close(fd);
            fd = -1;
            return $"cannot set {_device} to raw 8N1: {Errors.Describe(error)}";
        }

        tcflush(fd, (int)TCIOFLUSH);
        return null;
    }

    private void Lose(string reason)
    {
        if (_fd < 0)
        {
            return;
        }

        Close();
        Losses++;
        LastError = reason;
        _nextOpenMs = _nowMs + _reopenMs;
        StateChanged?.Invoke(false, reason);
    }

    private void Close()
    {
        if (_fd >= 0)
        {
            close(_fd);
            _fd = -1;
        }

        _pendingCount = 0;
    }
}
