using ColdStandby.HostAgent.Probes;
using ColdStandby.HostAgent.Tests.Support;
using ColdStandby.Protocol;

namespace ColdStandby.HostAgent.Tests;

/// <summary>The RAID probe by real I/O on a real file system.</summary>
public sealed class RaidProbeTests
{
    [Fact]
    public void Passes_on_a_writable_volume_and_measures_its_cost()
    {
        using var dir = new TempDir();
        using var runner = new ProbeRunner(new RaidProbe(dir.File("probe"), 4096), 1000, 2000, 3, new TestLog().CreateLogger("t"));

        for (int i = 0; i < 5; i++)
        {
            Assert.Null(runner.RunOnce());
        }

        Assert.Equal(ControllerState.Ok, runner.State);
        Assert.Equal(4096, new FileInfo(dir.File("probe")).Length);
        Assert.Equal(5, runner.Finished);
        Assert.InRange(runner.WallMicroseconds.Total, 1, 5 * 2_000_000);
        Assert.True(runner.CpuMicroseconds.Max < runner.WallMicroseconds.Max + 1000);
    }

    [Fact]
    public void A_volume_that_stops_accepting_writes_fails_after_the_threshold()
    {
        using var dir = new TempDir();
        using var volume = ReadOnlyVolume.Make(dir.File("volume"));
        using var runner = new ProbeRunner(new RaidProbe(Path.Combine(volume.Path, "probe"), 4096), 1000, 2000, 3, new TestLog().CreateLogger("t"));
        Assert.Null(runner.RunOnce());

        volume.StopWrites();

        Assert.NotNull(runner.RunOnce());
        Assert.NotNull(runner.RunOnce());
        Assert.Equal(ControllerState.Ok, runner.State);
        string? problem = runner.RunOnce();
        Assert.Equal(ControllerState.Failed, runner.State);
        Assert.Equal(3, runner.ConsecutiveFailures);
        Assert.Contains(volume.Expected, problem);

        volume.AcceptWrites();
        Assert.Null(runner.RunOnce());
        Assert.Equal(ControllerState.Ok, runner.State);
    }

    [Fact]
    public void A_probe_that_hangs_fails_at_its_deadline()
    {
        using var dir = new TempDir();
        // Opening a FIFO for writing blocks until a reader comes: a controller that never answers.
        string fifo = dir.File("probe");
        Assert.Equal(0, ReadOnlyVolume.Run("mkfifo", fifo));
        using var runner = new ProbeRunner(new RaidProbe(fifo, 4096), 1000, 300, 2, new TestLog().CreateLogger("t"));

        var sw = System.Diagnostics.Stopwatch.StartNew();
        string? first = runner.RunOnce();
        string? second = runner.RunOnce();

        Assert.Contains("deadline", first);
        Assert.Contains("has not returned", second);
        Assert.Equal(ControllerState.Failed, runner.State);
        Assert.InRange(sw.ElapsedMilliseconds, 250, 2000);
        // Let the stuck probe go: a reader opens the FIFO. Not File.OpenRead: .NET locks what it
        // opens, and the probe's open holds that lock, so the test's open could fail at random.
        using var reader = System.Diagnostics.Process.Start("timeout", new[] { "2", "cat", fifo });
        reader!.WaitForExit(5000);
    }

    /// <summary>
    /// A small volume that can be made to refuse writes: a tmpfs remounted read-only when root (the
    /// kernel answers EROFS, as it does for a volume whose controller failed), else a folder whose
    /// write permission is taken away.
    /// </summary>
    private sealed class ReadOnlyVolume : IDisposable
    {
        private readonly bool _mounted;

        private ReadOnlyVolume(string path, bool mounted)
        {
            Path = path;
            _mounted = mounted;
        }

        public string Path { get; }

        public string Expected => _mounted ? "Read-only file system" : "denied";

        public static ReadOnlyVolume Make(string path)
        {
            Directory.CreateDirectory(path);
            bool mounted = Environment.UserName == "root" && Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", path) == 0;
            return new ReadOnlyVolume(path, mounted);
        }

        public void StopWrites()
        {
            if (_mounted)
            {
                Assert.Equal(0, Run("mount", "-o", "remount,ro", Path));
            }
            else
            {
                File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                File.SetUnixFileMode(System.IO.Path.Combine(Path, "probe"), UnixFileMode.UserRead);
            }
        }

        public void AcceptWrites()
        {
            if (_mounted)
            {
                Assert.Equal(0, Run("mount", "-o", "remount,rw", Path));
            }
            else
            {
                File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                File.SetUnixFileMode(System.IO.Path.Combine(Path, "probe"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        public void Dispose()
        {
            if (_mounted)
            {
                Run("umount", Path);
            }
        }

        public static int Run(params string[] command)
        {
            var info = new System.Diagnostics.ProcessStartInfo(command[0]) { RedirectStandardError = true };
            foreach (string a in command.Skip(1))
            {
                info.ArgumentList.Add(a);
            }

            using var p = System.Diagnostics.Process.Start(info)!;
            p.WaitForExit();
            return p.ExitCode;
        }
    }
}
