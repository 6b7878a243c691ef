using ColdStandby.HostAgent.Native;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// A small LAN of network namespaces made for one test (iproute2, as root): hosts, veth cables and
/// a Linux bridge standing in for the switch. Names are unique per run; everything is deleted at
/// the end. <see cref="In"/> runs agent code inside a namespace on a thread of its own (setns
/// moves only the calling thread), so the agent's own socket and ioctl code is what is tested.
/// </summary>
internal sealed class NetLab : IDisposable
{
    private readonly List<string> _namespaces = new();
    private readonly string _tag = $"cs{Environment.ProcessId % 10000}{Random.Shared.Next(100, 999)}";

    /// <summary>Gets why the lab cannot be built here, or null when it can.</summary>
    public static string? Unavailable()
    {
        if (Libc.geteuid() != 0)
        {
            return "network namespaces need root (CI runs as root)";
        }

        return Run("ip", "netns", "list").Code == 0 ? null : "iproute2's ip is not installed";
    }

    /// <summary>Makes a namespace; returns its full name.</summary>
    public string Host(string name)
    {
        string ns = $"{_tag}-{name}";
        Must("ip", "netns", "add", ns);
        _namespaces.Add(ns);
        Must("ip", "-n", ns, "link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Runs a command in a namespace and fails the test when it fails.</summary>
    public static string Must(params string[] command)
    {
        var (code, output) = Run(command);
        if (code != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} failed ({code}): {output}");
        }

        return output;
    }

    public static (int Code, string Output) Run(params string[] command) => Commands.Run(command);

    /// <summary>Waits until a NIC in a namespace has its carrier: a veth's comes up a moment after both ends are set up (longer on a loaded machine).</summary>
    public static void WaitForCarrier(string ns, string nic)
    {
        if (!SpinWait.SpinUntil(() => In(ns, () => Network.NetDevice.IsRunning(nic)), 5000))
        {
            throw new InvalidOperationException($"{nic} in {ns} never got its carrier");
        }
    }

    /// <summary>Runs code with the calling thread inside a namespace.</summary>
    public static T In<T>(string ns, Func<T> work)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{ns}");
                if (Libc.setns((int)handle.DangerousGetHandle(), Libc.CLONE_NEWNET) != 0)
                {
                    throw new IOException($"setns {ns}: {Libc.LastError()}");
                }

                result = work();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw new AggregateException($"in namespace {ns}", failure);
        }

        return result;
    }

    public void Dispose()
    {
        foreach (string ns in _namespaces)
        {
            Run("ip", "netns", "del", ns);
        }
    }
}
