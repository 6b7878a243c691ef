using ColdStandby.Hardware;
using ColdStandby.Protocol;
using ColdStandby.RecordStore;

namespace ColdStandby.Dm.Tests;

/// <summary>
/// A Disk Manager board on the bench: its lines, both links with a tool at the far end, its
/// non-volatile region, and a way to reset it (outputs fall to their pull resistors, the region
/// keeps what was written).
/// </summary>
public sealed class Board
{
    public Board(DiskManagerConfig? config = null, INonVolatileRegion? region = null, int linkCapacity = 1 << 16)
    {
        ManagementLink = new TestChannel(linkCapacity);
        ControllerLink = new TestChannel(linkCapacity);
        Config = config ?? new DiskManagerConfig();
        Region = region ?? new RamRegion(DiskManager.RegionSizeFor(Config));
        Management = new Tool(ManagementLink);
        Controller = new Tool(ControllerLink);
        Dm = Build();
    }

    public DiskManagerConfig Config { get; }

    public INonVolatileRegion Region { get; }

    public Line RequestA { get; } = new();

    public Line RequestB { get; } = new();

    public Line AccessA { get; } = new();

    public Line AccessB { get; } = new();

    public Line GrantA { get; } = new();

    public Line GrantB { get; } = new();

    public TestChannel ManagementLink { get; }

    public TestChannel ControllerLink { get; }

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

    /// <summary>A board reset: the DM is built again over the same region (its construction drives every output off).</summary>
    public void Reset()
    {
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
        new DiskManagerIo(RequestA, RequestB, AccessA, AccessB, GrantA, GrantB, ManagementLink, ControllerLink),
        Region);
}
