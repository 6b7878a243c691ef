using System.Net.Sockets;
using System.Text;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// Stands in for journald's native socket: a datagram socket the agent is pointed at
/// (COLDSTANDBY_JOURNAL_SOCKET), whose datagrams are parsed as journald parses them (FIELD=value
/// lines, or FIELD, a 64-bit length and the bytes for a value with a newline).
/// </summary>
internal sealed class JournalListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly List<Dictionary<string, string>> _entries = new();
    private readonly Thread _reader;
    private volatile bool _stopped;

    public JournalListener(string path)
    {
        Path = path;
        _socket.Bind(new UnixDomainSocketEndPoint(path));
        _socket.ReceiveTimeout = 100;
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6); // 0666: the agent may drop privileges in other tests
        // Read as journald does, all along: the agent drops lines rather than wait on a full queue.
        _reader = new Thread(() =>
        {
            while (!_stopped)
            {
                Receive();
            }
        }) { IsBackground = true };
        _reader.Start();
    }

    public string Path { get; }

    /// <summary>Gets every entry received so far.</summary>
    public List<Dictionary<string, string>> Entries()
    {
        lock (_entries)
        {
            return _entries.ToList();
        }
    }

    public void Dispose()
    {
        _stopped = true;
        _reader.Join();
        _socket.Dispose();
    }

    private void Receive()
    {
        var buffer = new byte[65536];
        int n;
        try
        {
            n = _socket.Receive(buffer);
        }
        catch (SocketException)
        {
            return;
        }

        lock (_entries)
        {
            _entries.Add(Parse(buffer.AsSpan(0, n)));
        }
    }

    private static Dictionary<string, string> Parse(ReadOnlySpan<byte> datagram)
    {
        var fields = new Dictionary<string, string>();
        while (datagram.Length > 0)
        {
            int end = datagram.IndexOf((byte)'\n');
            var line = datagram[..end];
            int eq = line.IndexOf((byte)'=');
            if (eq >= 0)
            {
                fields[Encoding.ASCII.GetString(line[..eq])] = Encoding.UTF8.GetString(line[(eq + 1)..]);
                datagram = datagram[(end + 1)..];
            }
            else
            {
                long length = BitConverter.ToInt64(datagram.Slice(end + 1, 8));
                fields[Encoding.ASCII.GetString(line)] = Encoding.UTF8.GetString(datagram.Slice(end + 9, (int)length));
                datagram = datagram[(end + 9 + (int)length + 1)..];
            }
        }

        return fields;
    }
}
