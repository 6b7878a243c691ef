using System.Diagnostics;
using ColdStandby.Hardware;
using ColdStandby.HostAgent.TestRig;
using ColdStandby.RecordStore;
using ColdStandby.Scenarios.Rig;
using ColdStandby.Smu;

namespace ColdStandby.HostAgent.Tests.Support;

/// <summary>
/// One real SMU on its own, stepped every millisecond on a thread: its host link on a real pty,
/// its server off (<see cref="PowerGood"/> low until a test raises it: a broken sense wire, a
/// server switched on by hand), nothing on its peer cable or its grant line. The world's
/// <see cref="SystemRig"/> bridges a host link only while its server has power; this is the SMU an
/// agent meets when it talks to an SMU whose power-good reads low.
/// </summary>
internal sealed class LoneSmu : IDisposable
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Pty _host = new();
    private readonly Thread _thread;
    private volatile bool _stop;

    public LoneSmu()
    {
        var board = new SmuBoard(
            new MemoryLine("PowerButton"),
            new MemoryLatch("StorageRequest"),
            new MemoryLine("Alarm"),
            PowerGood,
            new MemoryLine("StorageGranted"),
            new MemoryLine("RepairButton"),
            new Cable().A,
            _host);
        Smu = new ServerManagementUnit(new SmuConfig(), board, Protocol.Side.A, new RamRegion(ServerManagementUnit.RegionSizeFor(256)));
        _thread = new Thread(Run) { Name = "lone-smu", IsBackground = true, Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Gets the server's power-good as the SMU reads it (set it under <see cref="Inspect"/>).</summary>
    public MemoryLine PowerGood { get; } = new("PowerGood");

    /// <summary>Gets the device path the agent opens.</summary>
    public string Device => _host.SlavePath;

    private ServerManagementUnit Smu { get; }

    /// <summary>Writes an agent's configuration for this SMU into <paramref name="dir"/> (hellos from 200 ms, its socket there); its path.</summary>
    public string WriteAgentConfig(TempDir dir)
    {
        string path = dir.File("agent.json");
        File.WriteAllText(path, $$"""
            {
              "smu": { "device": "{{Device}}", "reopenMs": 50, "helloRetryMs": 200 },
              "shutdown": { "command": ["true"] },
              "control": { "socket": "{{dir.File("agent.sock")}}" }
            }
            """);
        return path;
    }

    /// <summary>Runs something against the SMU (or its lines) between two steps.</summary>
    public T Inspect<T>(Func<ServerManagementUnit, T> look)
    {
        lock (_gate)
        {
            return look(Smu);
        }
    }

    /// <summary>Every record in the SMU's log, oldest first.</summary>
    public List<EventRecord> Log() => Inspect(smu => SystemRig.Records(smu.Log));

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
        _host.Dispose();
    }

    private void Run()
    {
        while (!_stop)
        {
            lock (_gate)
            {
                Smu.Step(_clock.ElapsedMilliseconds);
            }

            Thread.Sleep(1);
        }
    }
}
