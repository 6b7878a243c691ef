using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Every pin a logic analyzer can be clipped to, from <c>schematics/pinmap.csv</c> (built into
/// this assembly): its board instance (<c>smu_a</c>, <c>smu_b</c>, <c>dm</c>), its VCD name, which
/// level means asserted, and what it carries in the system's words. The CSV gives the names and
/// levels; this class adds only what a pin <em>is</em> (the DM's RequestA and SMU A's
/// StorageRequest are the two ends of one wire), so a rename in the CSV reaches the checker.
/// </summary>
public sealed class PinCatalogue
{
    private readonly Dictionary<(string Instance, string Vcd), CapturePin> _pins;

    private PinCatalogue(Dictionary<(string, string), CapturePin> pins) => _pins = pins;

    /// <summary>Gets the board instances: the two SMUs and the DM.</summary>
    public static IReadOnlyList<string> Instances { get; } = new[] { "smu_a", "smu_b", "dm" };

    /// <summary>Gets the catalogue of both boards' pins (after <see cref="Instances"/>, which it reads).</summary>
    public static PinCatalogue Boards { get; } = Load();

    /// <summary>Gets a pin by instance and VCD name, or null.</summary>
    public CapturePin? Find(string instance, string vcd) => _pins.GetValueOrDefault((instance, vcd));

    /// <summary>Gets the VCD names on an instance, for messages.</summary>
    public IEnumerable<string> NamesOn(string instance) => _pins.Values.Where(p => p.Instance == instance).Select(p => p.Vcd);

    private static PinCatalogue Load()
    {
        var pins = new Dictionary<(string, string), CapturePin>();
        foreach (var row in ColdStandby.Schematics.PinMap.BuiltIn.Rows)
        {
            foreach (string instance in Instances.Where(i => i.StartsWith(row.Board, StringComparison.Ordinal)))
            {
                Side side = instance switch { "smu_a" => Side.A, "smu_b" => Side.B, _ => Side.None };
                var (role, carries) = Meaning(row.Board, row.Signal, side);
                var pin = new CapturePin(instance, row.Signal, row.Vcd, row.Kind, row.Active != "low", role, carries);
                pins[(instance, pin.Vcd)] = pin;
            }
        }

        return new PinCatalogue(pins);
    }

    /// <summary>What a pin carries: which line of the system, or which direction of which link.</summary>
    private static (SignalRole Role, Side Side) Meaning(string board, string signal, Side own)
    {
        Side other = own == Side.A ? Side.B : Side.A;
        Side Last() => signal.EndsWith('A') ? Side.A : Side.B;
        return (board, signal) switch
        {
            ("smu", "PowerButton") => (SignalRole.PowerButton, own),
            ("smu", "StorageRequest") => (SignalRole.Request, own),
            ("smu", "StorageGranted") => (SignalRole.Grant, own),
            ("smu", "PowerGood") => (SignalRole.PowerGood, own),
            ("smu", "Alarm") => (SignalRole.Alarm, own),
            ("smu", "RepairButton") => (SignalRole.RepairButton, own),
            ("smu", "PeerLinkTx") => (SignalRole.PeerLink, own),
            ("smu", "PeerLinkRx") => (SignalRole.PeerLink, other),
            ("smu", "HostLinkTx") => (SignalRole.HostLinkFromSmu, own),
            ("smu", "HostLinkRx") => (SignalRole.HostLinkFromAgent, own),
            ("dm", "AccessA" or "AccessB") => (SignalRole.Access, Last()),
            ("dm", "RequestA" or "RequestB") => (SignalRole.Request, Last()),
            ("dm", "ManagementLinkTx") => (SignalRole.ManagementFromDm, Side.None),
            ("dm", "ManagementLinkRx") => (SignalRole.ManagementToDm, Side.None),
            ("dm", "ControllerLinkTx") => (SignalRole.ControllerFromDm, Side.None),
            ("dm", "ControllerLinkRx") => (SignalRole.ControllerToDm, Side.None),
            (_, "DebugTx" or "DebugRx") => (SignalRole.Debug, own),
            _ => (SignalRole.Other, own),
        };
    }
}

/// <summary>What a pin carries.</summary>
public enum SignalRole
{
    /// <summary>A line nothing is checked on (the side straps, the 5 V sense).</summary>
    Other,

    /// <summary>An SMU's power button output.</summary>
    PowerButton,

    /// <summary>A side's storage request (the SMU's output, the DM's input).</summary>
    Request,

    /// <summary>A side's grant (the DM's output, the SMU's StorageGranted input).</summary>
    Grant,

    /// <summary>The enclosures' access-right line of a side (the DM's output).</summary>
    Access,

    /// <summary>A server's power-good (the SMU's input).</summary>
    PowerGood,

    /// <summary>An SMU's alarm relay output.</summary>
    Alarm,

    /// <summary>An SMU's REPAIR button input.</summary>
    RepairButton,

    /// <summary>The peer link, sent by the side's SMU.</summary>
    PeerLink,

    /// <summary>The host link, sent by the SMU to its agent.</summary>
    HostLinkFromSmu,

    /// <summary>The host link, sent by the agent to its SMU.</summary>
    HostLinkFromAgent,

    /// <summary>The management link, sent by the DM.</summary>
    ManagementFromDm,

    /// <summary>The management link, sent to the DM.</summary>
    ManagementToDm,

    /// <summary>The disk-controller link, sent by the DM.</summary>
    ControllerFromDm,

    /// <summary>The disk-controller link, sent to the DM.</summary>
    ControllerToDm,

    /// <summary>nanoFramework's own debugger UART: no ColdStandby frames on it.</summary>
    Debug,
}

/// <summary>One pin of one board instance.</summary>
/// <param name="Instance"><c>smu_a</c>, <c>smu_b</c> or <c>dm</c>.</param>
/// <param name="Signal">The firmware's name, e.g. <c>StorageRequest</c>.</param>
/// <param name="Vcd">The name in traces, e.g. <c>storage_request</c>.</param>
/// <param name="Kind"><c>out</c>, <c>in</c>, <c>tx</c> or <c>rx</c>.</param>
/// <param name="ActiveHigh">Whether a high level on the pin means asserted.</param>
/// <param name="Role">What it carries.</param>
/// <param name="Side">Whose line or link it is (the sender, for a link).</param>
public sealed record CapturePin(string Instance, string Signal, string Vcd, string Kind, bool ActiveHigh, SignalRole Role, Side Side)
{
    /// <summary>Gets whether it is a UART line.</summary>
    public bool IsUart => Kind is "tx" or "rx";

    /// <summary>Gets the full name, e.g. <c>smu_a.power_button</c>.</summary>
    public string FullName => Instance + "." + Vcd;

    /// <summary>Gets what it carries in the system's words, e.g. <c>grant-A</c> or <c>peer link A→B</c>.</summary>
    public string Meaning => Describe(Role, Side);

    /// <summary>Gets a link's direction in a few letters, for a column: <c>A→B</c>, <c>agent→A</c>, <c>DM→tool</c>; the full name of anything else.</summary>
    public string Abbreviation
    {
        get
        {
            string s = Side.ToString();
            return Role switch
            {
                SignalRole.PeerLink => $"{s}→{(Side == Side.A ? "B" : "A")}",
                SignalRole.HostLinkFromSmu => $"{s}→agent",
                SignalRole.HostLinkFromAgent => $"agent→{s}",
                SignalRole.ManagementFromDm => "DM→tool",
                SignalRole.ManagementToDm => "tool→DM",
                SignalRole.ControllerFromDm => "DM→ctrl",
                SignalRole.ControllerToDm => "ctrl→DM",
                _ => FullName,
            };
        }
    }

    /// <summary>Names a line or link in the system's words.</summary>
    public static string Describe(SignalRole role, Side side)
    {
        string s = side.ToString();
        string o = side == Side.A ? "B" : "A";
        return role switch
        {
            SignalRole.PowerButton => $"power-button-{s}",
            SignalRole.Request => $"request-{s}",
            SignalRole.Grant => $"grant-{s}",
            SignalRole.Access => $"access-{s}",
            SignalRole.PowerGood => $"power-good-{s}",
            SignalRole.Alarm => $"alarm-{s}",
            SignalRole.RepairButton => $"repair-{s}",
            SignalRole.PeerLink => $"peer link {s}→{o}",
            SignalRole.HostLinkFromSmu => $"host link SMU {s}→agent",
            SignalRole.HostLinkFromAgent => $"host link agent→SMU {s}",
            SignalRole.ManagementFromDm => "management link DM→tool",
            SignalRole.ManagementToDm => "management link tool→DM",
            SignalRole.ControllerFromDm => "controller link DM→controllers",
            SignalRole.ControllerToDm => "controller link controllers→DM",
            SignalRole.Debug => "debug UART",
            _ => "not checked",
        };
    }
}
