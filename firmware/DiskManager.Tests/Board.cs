using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;
using ColdStandby.Scenarios.Rig;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// A Disk Manager board on the bench: its request lines, its two interlocked access latches, both
/// links with a tool at the far end, its non-volatile region, and two ways to restart it: a reset
/// (the microcontroller reboots, the latches hold, the region keeps what was written) and a power
/// cycle (the supervisor clears the latches as well).
/// </summary>
public sealed class Board
{
    public Board(DiskManagerConfig? config = null, INonVolatileRegion? region = null, int linkCapacity = 1 << 16)
    {
        ManagementLink = new MemoryChannel(linkCapacity);
        ControllerLink = new MemoryChannel(linkCapacity);
        Config = config ?? new DiskManagerConfig();
        Region = region ?? new RamRegion(DiskManager.RegionSizeFor(Config));
        Management = new Tool(ManagementLink);
        Controller = new Tool(ControllerLink);
        MemoryLatch.Interlock(AccessA, AccessB);
        Dm = Build();
    }

    public DiskManagerConfig Config { get; }

    public INonVolatileRegion Region { get; }

    public MemoryLine RequestA { get; } = new("RequestA");

    public MemoryLine RequestB { get; } = new("RequestB");

    public MemoryLatch AccessA { get; } = new("AccessA");

    public MemoryLatch AccessB { get; } = new("AccessB");

    /// <summary>
    /// Gets or sets whether the board has power: a power-cut test says no from the instant of the
    /// cut, and from then on the firmware (still running in the test) can no longer move a latch,
    /// as a board that stopped there could not.
    /// </summary>
    public Func<bool> Powered { get; set; } = () => true;

    public MemoryChannel ManagementLink { get; }

    public MemoryChannel ControllerLink { get; }

    public Tool Management { get; }

    public Tool Controller { get; }

    public DiskManager Dm { get; private set; }

    /// <summary>Gets the side whose access line is on ("-" for none, "AB" for the forbidden both).</summary>
    public string Access => (AccessA.Value, AccessB.Value) switch
    {
        (false, false) => "-",
        (true, false) => "A",
        (false, true) => "B",
        _ => "AB",
    };

    /// <summary>Sets both request lines.</summary>
    public void Request(bool a, bool b)
    {
        RequestA.Value = a;
        RequestB.Value = b;
    }

    public void Step(long nowMs)
    {
        ManagementLink.NextStep();
        ControllerLink.NextStep();
        Dm.Step(nowMs);
    }

    /// <summary>A board reset: the DM is built again over the same region; the latches hold.</summary>
    public void Reset()
    {
        Dm = Build();
    }

    /// <summary>A power cycle: the latches are cleared by the supervisor, then the DM starts over the same region.</summary>
    public void PowerCycle()
    {
        AccessA.LosePower();
        AccessB.LosePower();
        Dm = Build();
    }

    /// <summary>The log's records from <paramref name="from"/> on, as "Code Side Argument" ("-" for no side).</summary>
    public List<string> LogFrom(uint from)
    {
        var entries = new List<string>();
        var record = new EventRecord();
        for (uint s = from; s < Dm.Log.NextSequence; s++)
        {
            if (Dm.Log.TryRead(s, record))
            {
                entries.Add(Entry(record));
            }
        }

        return entries;
    }

    public static string Entry(EventRecord record) =>
        $"{record.Code} {(record.Side == Side.None ? "-" : record.Side.ToString())} {record.Argument}";

    private DiskManager Build() => new(
        Config,
        new DiskManagerIo(RequestA, RequestB, new PoweredLatch(AccessA, this), new PoweredLatch(AccessB, this), ManagementLink, ControllerLink),
        Region);

    /// <summary>The board's latch as its firmware reaches it: moves only while the board has power.</summary>
    private sealed class PoweredLatch(MemoryLatch latch, Board board) : ILatch
    {
        public bool Value => latch.Value;

        public void Set()
        {
            if (board.Powered())
            {
                latch.Set();
            }
        }

        public void Clear()
        {
            if (board.Powered())
            {
                latch.Clear();
            }
        }
    }
}
