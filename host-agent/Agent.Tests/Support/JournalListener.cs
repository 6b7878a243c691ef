using System.Text;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// Stands in for journald's native socket: a datagram socket the agent is pointed at
/// (COLDSTANDBY_JOURNAL_SOCKET), whose datagrams are parsed as journald parses them (FIELD=value
/// lines, or FIELD, a 64-bit length and the bytes for a value with a newline).
/// </summary>
internal sealed class JournalListener : DatagramListener<Dictionary<string, string>>
{
    // Read as journald does, all along: the agent drops lines rather than wait on a full queue.
    public JournalListener(string path)
        : base(path)
    {
    }

    /// <summary>Gets every entry received so far.</summary>
    public List<Dictionary<string, string>> Entries() => Received();

    protected override Dictionary<string, string> Parse(ReadOnlySpan<byte> datagram)
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
