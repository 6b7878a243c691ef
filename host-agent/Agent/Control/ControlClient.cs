using System.Net.Sockets;
using System.Text;

namespace ColdStandby.HostAgent.Control;

/// <summary>The CLI's side of the control socket.</summary>
internal static class ControlClient
{
    /// <summary>Sends one request line and returns (ok, error message, body lines).</summary>
    public static (bool Ok, string Error, List<string> Lines) Ask(string socketPath, string request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException e)
        {
            string why = e.SocketErrorCode switch
            {
                SocketError.AccessDenied => "permission denied (run as root or as a member of the agent's control group)",
                SocketError.AddressNotAvailable or SocketError.ConnectionRefused => "the agent is not running",
                _ => e.Message,
            };
            if (!File.Exists(socketPath))
            {
                why = "the agent is not running (no socket)";
            }

            return (false, $"cannot reach the agent at {socketPath}: {why}", new List<string>());
        }

        using var stream = new NetworkStream(socket, ownsSocket: false);
        var request8 = Encoding.UTF8.GetBytes(request + "\n");
        stream.Write(request8);
        stream.Flush();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? first = reader.ReadLine();
        if (first is null)
        {
            return (false, "the agent closed the connection without an answer", new List<string>());
        }

        var lines = new List<string>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lines.Add(line);
        }

        return first == "ok" ? (true, "", lines) : (false, first.StartsWith("error: ", StringComparison.Ordinal) ? first[7..] : first, lines);
    }
}
