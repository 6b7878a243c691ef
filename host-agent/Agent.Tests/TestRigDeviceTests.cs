using System.Diagnostics;
using System.Runtime.InteropServices;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.HostAgent.TestRig;

namespace ColdStandby.HostAgent.Tests;

/// <summary>
/// The rig's devices belong to the test that made them. Tests run in parallel in one host and
/// start processes (agents, services, exporters) and open ptys all the time: a pty a child
/// inherits stays open for the child's life, and a path left pointing at a closed pty's number
/// leads an agent into the next rig that gets that number (a fixture agent then failed to start:
/// "smu-link is in use by another program", 2 of ~8 runs in stop 20).
/// </summary>
public sealed class TestRigDeviceTests
{
    [Fact]
    public void A_process_started_beside_a_rig_inherits_none_of_its_pty_ends()
    {
        using var pty = new Pty();
        var info = new ProcessStartInfo("sleep", "10") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        using var child = Process.Start(info)!;
        try
        {
            // The child's descriptors as the kernel lists them: pipes for its stdio, nothing of the pty.
            var open = Directory.GetFiles($"/proc/{child.Id}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget ?? "")
                .ToList();
            Assert.DoesNotContain(pty.SlavePath, open);
            Assert.DoesNotContain(open, target => target.EndsWith("ptmx", StringComparison.Ordinal));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void An_unplugged_agent_does_not_open_the_next_pty_that_gets_its_devices_number()
    {
        using var f = new AgentFixture();
        var agent = f.StartAgentWhenServerIsOn();
        Assert.True(SpinWait.SpinUntil(() => agent.Loop.SessionOpen, 5000), f.Log.ToString());
        string unplugged = f.Rig.HostDevice;

        f.UnplugSmu();
        Assert.True(SpinWait.SpinUntil(() => !agent.Loop.Link.IsOpen, 3000), "the agent never saw its device go");
        // The kernel gives the lowest free number: a pty made now usually gets the unplugged one
        // (unless a test running beside this one took it first; then a few more are made).
        var made = new List<Pty>();
        try
        {
            for (int i = 0; i < 8 && !made.Any(p => p.SlavePath == unplugged); i++)
            {
                made.Add(new Pty());
            }

            var same = made.FirstOrDefault(p => p.SlavePath == unplugged);
            Assert.True(same is not null, $"no new pty got {unplugged} (others took it): nothing shown");

            // Ten of the agent's reopen periods (50 ms): it must not have opened or locked it.
            Thread.Sleep(500);
            Assert.False(agent.Loop.Link.IsOpen, $"the agent opened {agent.Loop.Link.Device} again: {unplugged} is another rig's now");
            Assert.True(Lockable(unplugged), $"something holds the lock of {unplugged}, which belongs to a new rig");
            Assert.Contains("does not exist", agent.Loop.Link.LastError);
        }
        finally
        {
            made.ForEach(p => p.Dispose());
        }
    }

    /// <summary>Whether a flock on the device can be taken now (nobody else holds it).</summary>
    private static bool Lockable(string device)
    {
        // Raw: .NET's own opening takes a flock of its own, and no O_NOCTTY.
        int fd = open(device, 0x2 /* O_RDWR */ | 0x100 /* O_NOCTTY */ | 0x800 /* O_NONBLOCK */ | 0x80000 /* O_CLOEXEC */);
        Assert.True(fd >= 0, $"cannot open {device}: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            return flock(fd, 2 /* LOCK_EX */ | 4 /* LOCK_NB */) == 0;
        }
        finally
        {
            close(fd);
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int flock(int fd, int operation);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
