using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Journal;

/// <summary>
/// Logs to systemd-journald through its native protocol (a datagram of FIELD=value lines on
/// /run/systemd/journal/socket), so every message carries PRIORITY, SYSLOG_IDENTIFIER and, for the
/// events of <see cref="AgentEvents"/>, MESSAGE_ID and the message template's values as fields in
/// upper case (Side → SIDE, CallerUid → CALLER_UID). A value with a newline uses the protocol's
/// binary form. <c>COLDSTANDBY_JOURNAL_SOCKET</c> names another socket (the tests listen on one).
/// </summary>
internal sealed class JournalLoggerProvider : ILoggerProvider
{
    public const string DefaultSocket = "/run/systemd/journal/socket";

    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly UnixDomainSocketEndPoint _journal;
    private readonly object _gate = new();

    public JournalLoggerProvider(string path)
    {
        _journal = new UnixDomainSocketEndPoint(path);
        // Logging never blocks: the link thread logs too, and a stalled journal must not stall kicks.
        _socket.Blocking = false;
    }

    /// <summary>Gets the journal's socket when the agent should log there: under systemd (JOURNAL_STREAM set) or when named; else null.</summary>
    public static string? SocketToUse()
    {
        string? named = Environment.GetEnvironmentVariable("COLDSTANDBY_JOURNAL_SOCKET");
        if (!string.IsNullOrEmpty(named))
        {
            return named;
        }

        return Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null && File.Exists(DefaultSocket) ? DefaultSocket : null;
    }

    public ILogger CreateLogger(string categoryName) => new JournalLogger(this, categoryName);

    public void Dispose() => _socket.Dispose();

    private void Send(byte[] datagram)
    {
        lock (_gate)
        {
            try
            {
                _socket.SendTo(datagram, _journal);
            }
            catch (SocketException)
            {
                // journald restarting, or its queue full: the line is lost rather than the kicks delayed.
            }
        }
    }

    /// <summary>FIELD=value for one-line values; FIELD\n, 64-bit little-endian length, bytes, \n otherwise.</summary>
    internal static void Field(MemoryStream datagram, string name, string value)
    {
        byte[] key = Encoding.ASCII.GetBytes(name);
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        datagram.Write(key);
        if (Array.IndexOf(bytes, (byte)'\n') < 0)
        {
            datagram.WriteByte((byte)'=');
            datagram.Write(bytes);
        }
        else
        {
            datagram.WriteByte((byte)'\n');
            datagram.Write(BitConverter.GetBytes((ulong)bytes.Length));
            datagram.Write(bytes);
        }

        datagram.WriteByte((byte)'\n');
    }

    /// <summary>A template name as a journal field name: upper case, words split by '_' (CallerUid → CALLER_UID).</summary>
    internal static string FieldName(string name)
    {
        var field = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && !char.IsUpper(name[i - 1]))
            {
                field.Append('_');
            }

            field.Append(char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return field.ToString().TrimStart('_');
    }

    private sealed class JournalLogger : ILogger
    {
        private readonly JournalLoggerProvider _provider;
        private readonly string _category;

        public JournalLogger(JournalLoggerProvider provider, string category)
        {
            _provider = provider;
            _category = category;
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var datagram = new MemoryStream();
            string message = formatter(state, exception);
            Field(datagram, "MESSAGE", exception is null ? message : $"{message}: {exception.Message}");
            Field(datagram, "PRIORITY", Priority(logLevel));
            Field(datagram, "SYSLOG_IDENTIFIER", "coldstandby");
            Field(datagram, "COLDSTANDBY_CATEGORY", _category);
            if (AgentEvents.MessageId(eventId) is { } id)
            {
                Field(datagram, "MESSAGE_ID", id);
                Field(datagram, "COLDSTANDBY_EVENT", eventId.Name ?? eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
                {
                    foreach (var (name, value) in values)
                    {
                        if (name != "{OriginalFormat}")
                        {
                            Field(datagram, FieldName(name), Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                        }
                    }
                }
            }

            _provider.Send(datagram.ToArray());
        }

        private static string Priority(LogLevel level) => level switch
        {
            LogLevel.Critical => "2",
            LogLevel.Error => "3",
            LogLevel.Warning => "4",
            LogLevel.Information => "6",
            _ => "7",
        };
    }
}
