using System.Net.Sockets;
using System.Text;
using ColdStandby.HostAgent.Config;
using ColdStandby.HostAgent.Native;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Control;

/// <summary>
/// The local control socket the <c>coldstandby</c> CLI talks to: a Unix domain socket, mode 0660,
/// owned by root and the configured group, so only root (or that group) can open it. One request
/// line per connection; the answer is "ok" or "error: …" on the first line, then the body, then
/// the agent closes the connection.
/// </summary>
internal sealed class ControlServer : IDisposable
{
    private readonly ControlConfig _config;
    private readonly Func<string, uint, CancellationToken, Task<ControlReply>> _handle;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _listener;

    public ControlServer(ControlConfig config, Func<string, uint, CancellationToken, Task<ControlReply>> handle, ILogger log)
    {
        _config = config;
        _handle = handle;
        _log = log;
    }

    public void Start()
    {
        string path = _config.Socket;
        string? directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            }
        }

        if (File.Exists(path))
        {
            // Left over from an agent that died: nobody listens on it any more.
            File.Delete(path);
        }

        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
            if (_config.Group is not null && Libc.chown(path, -1, Libc.GroupId(_config.Group)) != 0)
            {
                _log.LogError("cannot give the control socket to group {Group}: {Error}", _config.Group, Libc.LastError());
            }
        }

        _listener.Listen(16);
        _ = AcceptLoop();
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_listener is null)
        {
            // Never bound: the socket there (if any) is another agent's, live.
            return;
        }

        _listener.Dispose();
        try
        {
            File.Delete(_config.Socket);
        }
        catch (IOException)
        {
        }
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener!.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Serve(client);
        }
    }

    /// <summary>The caller's uid from the kernel (SO_PEERCRED), for the journal; uint.MaxValue when unknown.</summary>
    private static unsafe uint CallerUid(Socket client)
    {
        if (!OperatingSystem.IsLinux())
        {
            return uint.MaxValue;
        }

        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
        int* credentials = stackalloc int[3];
        Tmds.Linux.socklen_t length = 12;
        int fd = (int)client.Handle;
        return Tmds.Linux.LibC.getsockopt(fd, Tmds.Linux.LibC.SOL_SOCKET, Tmds.Linux.LibC.SO_PEERCRED, credentials, &length) == 0
            ? (uint)credentials[1]
            : uint.MaxValue;
    }

    private async Task Serve(Socket client)
    {
        using (client)
        using (var stream = new NetworkStream(client, ownsSocket: false))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        await using (var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                string? line = await reader.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    return;
                }

                ControlReply reply;
                try
                {
                    reply = await _handle(line.Trim(), CallerUid(client), timeout.Token);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    reply = ControlReply.Error(e.Message);
                }

                await writer.WriteLineAsync(reply.Ok ? "ok" : $"error: {reply.Message}");
                foreach (string body in reply.Lines)
                {
                    await writer.WriteLineAsync(body);
                }

                await writer.FlushAsync();
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                _log.LogDebug("control connection ended: {Error}", e.Message);
            }
        }
    }
}

/// <summary>An answer on the control socket.</summary>
internal sealed class ControlReply
{
    public bool Ok { get; init; }

    public string Message { get; init; } = "";

    public List<string> Lines { get; init; } = new();

    public static ControlReply Error(string message) => new() { Ok = false, Message = message };

    public static ControlReply Success(IEnumerable<string> lines) => new() { Ok = true, Lines = lines.ToList() };
}
