using System.Net.Sockets;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// A datagram socket a system daemon would own (journald's, systemd's notify socket), read all
/// along on a thread of its own as the daemon reads it, each datagram parsed and kept in order.
/// </summary>
internal abstract class DatagramListener<T> : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<T> _received = new();
    private readonly Thread _reader;
    private volatile bool _stopped;

    protected DatagramListener(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _socket.ReceiveTimeout = 100;
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6); // 0666: the agent may drop privileges in other tests
        _reader = new Thread(Read) { IsBackground = true, Name = GetType().Name };
        _reader.Start();
    }

    public string Path { get; }

    /// <summary>Gets everything received so far, in order.</summary>
    public List<T> Received()
    {
        lock (_received)
        {
            return _received.ToList();
        }
    }

    /// <summary>Waits until what was received satisfies <paramref name="done"/>.</summary>
    public bool WaitFor(Func<List<T>, bool> done, int timeoutMs) => SpinWait.SpinUntil(() => done(Received()), timeoutMs);

    public void Dispose()
    {
        _stopped = true;
        _reader.Join();
        _socket.Dispose();
    }

    protected abstract T Parse(ReadOnlySpan<byte> datagram);

    private void Read()
    {
        var buffer = new byte[65536];
        while (!_stopped)
        {
            int n;
            try
            {
                n = _socket.Receive(buffer);
            }
            catch (SocketException)
            {
                continue; // the receive time-out: look at _stopped again
            }

            var item = Parse(buffer.AsSpan(0, n));
            lock (_received)
            {
                _received.Add(item);
            }
        }
    }
}
