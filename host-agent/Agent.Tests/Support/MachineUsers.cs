namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// Real users and groups made for one test (useradd, groupadd; root), removed afterwards, and a
/// client that talks to the control socket as one of them (setpriv drops to the user, python3
/// connects; the system python3, which every user can run), so the kernel's own permission check and SO_PEERCRED are what is tested.
/// </summary>
internal sealed class MachineUsers : IDisposable
{
    private readonly string _tag = $"cs{Environment.ProcessId % 1000}{Random.Shared.Next(10, 99)}";
    private readonly List<string> _users = new();
    private readonly List<string> _groups = new();

    public (string Name, uint Uid) User(string name)
    {
        string user = $"{_tag}{name}";
        Must("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
        _users.Add(user);
        return (user, uint.Parse(Must("id", "-u", user).Trim()));
    }

    public string Group(string name, string member)
    {
        string group = $"{_tag}{name}";
        Must("groupadd", "--system", group);
        _groups.Add(group);
        Must("usermod", "-a", "-G", group, member);
        return group;
    }

    /// <summary>Sends one request line on the socket as the user; returns the answer or the error.</summary>
    public string Send(string user, string socket, string request) =>
        Run("setpriv", "--reuid", user, "--regid", user, "--init-groups", "/usr/bin/python3", "-c",
            "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ntry:\n s.connect(sys.argv[1])\nexcept OSError as e:\n print(e); sys.exit(0)\ns.sendall((sys.argv[2]+'\\n').encode())\nprint(s.makefile().read())",
            socket, request).Output;

    public void Dispose()
    {
        foreach (string user in _users)
        {
            Run("userdel", user);
        }

        foreach (string group in _groups)
        {
            Run("groupdel", group);
        }
    }

    private static string Must(params string[] command)
    {
        var (code, output) = Run(command);
        return code == 0 ? output : throw new InvalidOperationException($"{string.Join(' ', command)}: {output}");
    }

    private static (int Code, string Output) Run(params string[] command) => Commands.Run(command);
}
