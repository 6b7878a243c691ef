using System.IO.Ports;
using ColdStandby.Hardware;

namespace ColdStandby.HostAgent.Link;

/// <summary>
/// A serial device on System.IO.Ports, for Windows (Linux uses <see cref="TtyLink"/>, which the
/// loop can wait on): a non-blocking <see cref="IByteChannel"/> for the stepped sessions. One read and one write
/// are kept in flight on the port's own I/O loop; the stepping thread only copies bytes. When the
/// device fails (USB unplug, the SMU rebooting its USB, a pty's other end closing) the port is
/// closed and opened again every <c>reopenMs</c> until it works; <see cref="Maintain"/> says when
/// that happened so the session can say hello again.
/// </summary>
internal sealed class SerialHostLink : IHostLinkDevice
{
    private const long StuckWriteMs = 2000;

    private readonly string _device;
    private readonly int _baud;
    private readonly long _reopenMs;
    // Two receive buffers: the next read fills one while the caller drains the other. One shared
    // buffer let a read that completed early overwrite bytes not yet handed out (frames were lost
    // under load).
    private byte[] _readBuffer = new byte[1024];
    private byte[] _readingInto = new byte[1024];
    private readonly byte[] _pending = new byte[8192];
    private byte[] _inflight = new byte[8192];
    private SerialPort? _port;
    private Stream? _stream;
    private Task<int>? _read;
    private Task? _write;
    private long _writeStartedMs;
    private int _readAt;
    private int _readEnd;
    private int _pendingCount;
    private long _nextOpenMs;
    private long _nowMs;
    private bool _justOpened;

    public SerialHostLink(string device, int baud, long reopenMs)
    {
        _device = device;
        _baud = baud;
        _reopenMs = reopenMs;
    }

    /// <summary>Gets the device path.</summary>
    public string Device => _device;

    /// <summary>Gets whether the device is open.</summary>
    public bool IsOpen => _port is not null;

    /// <summary>Gets how many times the device was opened.</summary>
    public int Opens { get; private set; }

    /// <summary>Gets how many times the device was lost after being open.</summary>
    public int Losses { get; private set; }

    /// <summary>Gets why the device was last lost or could not be opened.</summary>
    public string? LastError { get; private set; }

    /// <summary>Raised on the stepping thread when the device opens (true) or is lost (false), with the reason.</summary>
    public event Action<bool, string?>? StateChanged;

    /// <inheritdoc/>
    public int PollFd => -1;

    /// <inheritdoc/>
    public bool WantsWrite => false;

    /// <inheritdoc/>
    public long NextOpenMs => _port is null ? _nextOpenMs : long.MaxValue;

    /// <inheritdoc/>
    public void Polled(short revents)
    {
    }

    /// <summary>
    /// Opens the device when it is closed and a retry is due, starts queued writes, checks the writes in flight;
    /// true when it was (re)opened since the last call, so the session starts again.
    /// </summary>
    public bool Maintain(long nowMs)
    {
        _nowMs = nowMs;
        if (_port is null && nowMs >= _nextOpenMs)
        {
            TryOpen();
        }

        if (_port is not null && _write is not null && !_write.IsCompleted && nowMs - _writeStartedMs > StuckWriteMs)
        {
            Lose("the device took no bytes for 2 s");
        }

        // Bytes queued behind a write that was still in flight go out now, not with the next frame.
        if (_port is not null)
        {
            PumpWrite();
        }

        bool opened = _justOpened;
        _justOpened = false;
        return opened;
    }

    /// <inheritdoc/>
    public int Read(byte[] buffer, int offset, int count)
    {
        if (_port is null)
        {
            return 0;
        }

        if (_readAt == _readEnd)
        {
            if (_read is null)
            {
                StartRead();
                if (_port is null)
                {
                    return 0;
                }
            }

            if (!_read!.IsCompleted)
            {
                return 0;
            }

            if (!_read.IsCompletedSuccessfully)
            {
                Lose(Reason(_read.Exception));
                return 0;
            }

            _readAt = 0;
            _readEnd = _read.Result;
            _read = null;
            (_readBuffer, _readingInto) = (_readingInto, _readBuffer);
            StartRead();
        }

        int n = Math.Min(count, _readEnd - _readAt);
        Array.Copy(_readBuffer, _readAt, buffer, offset, n);
        _readAt += n;
        return n;
    }

    /// <inheritdoc/>
    public int Write(byte[] buffer, int offset, int count)
    {
        if (_port is null)
        {
            // Nobody to talk to: the bytes are gone, as on a cable nobody listens to.
            return count;
        }

        PumpWrite();
        int n = Math.Min(count, _pending.Length - _pendingCount);
        Array.Copy(buffer, offset, _pending, _pendingCount, n);
        _pendingCount += n;
        PumpWrite();
        return n;
    }

    /// <summary>Closes the device for good.</summary>
    public void Dispose()
    {
        Close();
        _nextOpenMs = long.MaxValue;
    }

    /// <summary>Closes the device as if it had been unplugged (tests; a retry follows).</summary>
    public void Drop(string reason) => Lose(reason);

    private void TryOpen()
    {
        SerialPort? port = null;
        try
        {
            port = new SerialPort(_device, _baud, Parity.None, 8, StopBits.One)
            {
                Handshake = Handshake.None,
                ReadTimeout = SerialPort.InfiniteTimeout,
                WriteTimeout = SerialPort.InfiniteTimeout,
            };
            port.Open();
            _port = port;
            _stream = port.BaseStream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port?.Dispose();
            _nextOpenMs = _nowMs + _reopenMs;
            if (LastError != e.Message)
            {
                LastError = e.Message;
                StateChanged?.Invoke(false, $"cannot open {_device}: {e.Message}");
            }

            return;
        }

        Opens++;
        _justOpened = true;
        _readAt = _readEnd = 0;
        _pendingCount = 0;
        LastError = null;
        StateChanged?.Invoke(true, null);
        StartRead();
    }

    private void StartRead()
    {
        try
        {
            _read = _stream!.ReadAsync(_readingInto, 0, _readingInto.Length);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Lose(e.Message);
        }
    }

    private void PumpWrite()
    {
        if (_write is not null)
        {
            if (!_write.IsCompleted)
            {
                return;
            }

            var done = _write;
            _write = null;
            if (!done.IsCompletedSuccessfully)
            {
                Lose(Reason(done.Exception));
                return;
            }
        }

        if (_pendingCount == 0 || _stream is null)
        {
            return;
        }

        Array.Copy(_pending, _inflight, _pendingCount);
        int count = _pendingCount;
        _pendingCount = 0;
        try
        {
            _write = _stream.WriteAsync(_inflight, 0, count);
            _writeStartedMs = _nowMs;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Lose(e.Message);
        }
    }

    private void Lose(string reason)
    {
        if (_port is null)
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
        var port = _port;
        _port = null;
        if (port is null)
        {
            return;
        }

        // SerialPort.Close flushes and drains first, which hangs on a device that takes no bytes:
        // close the stream itself, then the port has nothing left to flush.
        try
        {
            _stream?.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        try
        {
            port.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        _stream = null;
        _read = null;
        _write = null;
        _readAt = _readEnd = 0;
        _pendingCount = 0;
    }

    private static string Reason(AggregateException? e) => e?.InnerException?.Message ?? e?.Message ?? "the device failed";
}
