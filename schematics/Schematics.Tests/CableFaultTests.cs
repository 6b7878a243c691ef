using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

/// <summary>
/// Issue 16 item 6: the boxes share ground through earth, so a short inside the storage cable could light an
/// opto that was not driven. These tests build the DC circuit of one storage link from the two schematics (SMU
/// J6 and DM J4 with everything the four wires reach: the latches' outputs and their resistors, the optos'
/// LEDs, the reverse diodes, the TVSs, the access relay's LED), join the boards' grounds, and solve it for
/// every state of the request and grant latches under every single fault of the cable: each wire open, each
/// pair of wires shorted, each wire shorted to ground. A fault may hide a grant or a request; it never shows one
/// that was not given.
/// </summary>
public class CableFaultTests
{
    /// <summary>A PC817 can pull its 10k pull-up low from about 55 uA of LED current (CTR up to 600 %): below this the input reads "not asserted".</summary>
    private const double SeenAmps = 50e-6;

    /// <summary>Both optos get at least this much when driven on a healthy cable (PC817 CTR >= 50 % then gives 1 mA against 0.33 mA needed).</summary>
    private const double DrivenAmps = 2e-3;

    public static TheoryData<string> Faults()
    {
        var data = new TheoryData<string> { "none" };
        for (int w = 1; w <= 4; w++) data.Add($"open {w}");
        for (int a = 1; a <= 4; a++)
            for (int b = a + 1; b <= 4; b++)
                data.Add($"short {a}-{b}");
        for (int w = 1; w <= 4; w++) data.Add($"ground {w}");
        return data;
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public void No_single_fault_shows_a_grant_or_a_request_that_was_not_given(string fault)
    {
        var problems = new List<string>();
        // The two boxes' 3.3 V rails may differ by the regulators' tolerance: try them equal and apart.
        foreach (var (smuRail, dmRail) in new[] { (3.3, 3.3), (3.2, 3.4), (3.4, 3.2) })
        {
            foreach (bool request in new[] { false, true })
            {
                foreach (bool grant in new[] { false, true })
                {
                    var link = StorageLink.Build(fault, smuRail, dmRail, request, grant);
                    var (grantSeen, requestSeen) = link.Solve();
                    string state = $"{fault}, request {(request ? "on" : "off")}, grant {(grant ? "on" : "off")}, rails {smuRail}/{dmRail} V";
                    if (!grant && grantSeen > SeenAmps) problems.Add($"{state}: SMU's grant opto carries {grantSeen * 1e3:0.###} mA: a grant it was not given");
                    if (!request && requestSeen > SeenAmps) problems.Add($"{state}: DM's request opto carries {requestSeen * 1e3:0.###} mA: a request that was not made");
                    if (fault == "none")
                    {
                        if (grant && grantSeen < DrivenAmps) problems.Add($"{state}: grant opto only {grantSeen * 1e3:0.###} mA");
                        if (request && requestSeen < DrivenAmps) problems.Add($"{state}: request opto only {requestSeen * 1e3:0.###} mA");
                    }
                }
            }
        }

        Assert.Empty(problems);
    }

    [Theory]
    [InlineData("open 3")]
    [InlineData("open 4")]
    [InlineData("short 3-4")]
    public void A_fault_on_the_grant_pair_reads_as_no_grant(string fault)
    {
        var (grantSeen, _) = StorageLink.Build(fault, 3.3, 3.3, request: true, grant: true).Solve();
        Assert.True(grantSeen < SeenAmps, $"{fault}: the SMU still sees {grantSeen * 1e3:0.###} mA of grant");
    }

    [Fact]
    public void The_old_loops_would_have_failed_this_check()
    {
        // Proof the check bites: the request loop's return switched to ground by a MOSFET (the old design) and the
        // grant loop's return likewise, modelled directly. A short between the two returns (wires 2 and 4) lights
        // the grant opto through the requesting SMU's MOSFET and the shared ground.
        var circuit = new Circuit();
        int smu3v3 = circuit.Fixed(3.3), dm3v3 = circuit.Fixed(3.3), ground = circuit.Ground;
        int reqP = circuit.Node(), reqN = circuit.Node(), gntP = circuit.Node(), gntN = circuit.Node(), dmReqK = circuit.Node();
        circuit.Resistor(smu3v3, reqP, 470);
        circuit.Diode(reqP, dmReqK, 1.2, tracked: false); // DM request opto LED
        circuit.Resistor(dmReqK, reqN, 0.01);
        circuit.Resistor(reqN, ground, 2);                 // SMU's MOSFET on: requesting
        circuit.Resistor(dm3v3, gntP, 470);
        var led = circuit.Diode(gntP, gntN, 1.2, tracked: true); // SMU grant opto LED; DM's grant MOSFET off
        circuit.Resistor(reqN, gntN, 0.1);                 // the short between wires 2 and 4
        circuit.Solve();
        Assert.True(circuit.Current(led) > SeenAmps, "the old arrangement shows a grant through the short");
    }

    /// <summary>One storage link (SMU J6, cable, DM J4), extracted from the schematics as a DC circuit.</summary>
    private sealed class StorageLink
    {
        private static readonly KicadSchematic Smu = Repository.Board("smu");
        private static readonly KicadSchematic Dm = Repository.Board("dm");
        private static readonly List<Net> SmuNets = Smu.Nets();
        private static readonly List<Net> DmNets = Dm.Nets();

        private readonly Circuit _circuit = new();
        private int _grantLed = -1;
        private int _requestLed = -1;

        public static StorageLink Build(string fault, double smuRail, double dmRail, bool request, bool grant)
        {
            var link = new StorageLink();
            var c = link._circuit;
            var smuNodes = link.Board(Smu, SmuNets, "J6", smuRail, new() { ["U9"] = request }, grantOpto: "U6", requestOpto: null);
            var dmNodes = link.Board(Dm, DmNets, "J4", dmRail, new() { ["U10"] = grant, ["U11"] = false }, grantOpto: null, requestOpto: "U6");
            var parts = fault.Split(' ');
            for (int wire = 1; wire <= 4; wire++)
            {
                if (fault == $"open {wire}") continue;
                c.Resistor(smuNodes[wire], dmNodes[wire], 0.05);
            }

            if (parts[0] == "short")
            {
                var ends = parts[1].Split('-').Select(int.Parse).ToArray();
                c.Resistor(dmNodes[ends[0]], dmNodes[ends[1]], 0.1);
            }
            else if (parts[0] == "ground")
            {
                c.Resistor(dmNodes[int.Parse(parts[1])], c.Ground, 0.1);
            }

            return link;
        }

        public (double Grant, double Request) Solve()
        {
            _circuit.Solve();
            return (_circuit.Current(_grantLed), _circuit.Current(_requestLed));
        }

        /// <summary>
        /// Adds everything one board's connector reaches, and returns the nodes of the connector's pins 1-4.
        /// <paramref name="latches"/>: the state of each latch whose outputs are met (Q high when true).
        /// </summary>
        private Dictionary<int, int> Board(KicadSchematic sheet, List<Net> nets, string connector, double rail,
            Dictionary<string, bool> latches, string? grantOpto, string? requestOpto)
        {
            var c = _circuit;
            int railNode = c.Fixed(rail);
            var nodes = new Dictionary<Net, int>();
            var queue = new Queue<Net>();
            var done = new HashSet<string>();

            int NodeOf(Net net)
            {
                if (net.Names.Contains("GND")) return c.Ground;
                if (net.Names.Contains("+3V3")) return railNode;
                if (!nodes.TryGetValue(net, out int node))
                {
                    nodes[net] = node = c.Node();
                    queue.Enqueue(net);
                }

                return node;
            }

            Net Other(SheetPin pin, string number) => nets.Single(n => n.Pins.Any(p => p.Reference == pin.Reference && p.Number == number));

            var pins = new Dictionary<int, int>();
            for (int i = 1; i <= 4; i++)
                pins[i] = NodeOf(nets.Single(n => n.Pins.Any(p => p.Reference == connector && p.Number == i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

            while (queue.Count > 0)
            {
                var net = queue.Dequeue();
                foreach (var pin in net.Pins)
                {
                    string lib = pin.Symbol.LibId, key = pin.Reference;
                    switch (lib)
                    {
                        case "Device:R" when done.Add(key):
                            c.Resistor(NodeOf(Other(pin, "1")), NodeOf(Other(pin, "2")), Ohms(pin.Symbol.Value));
                            break;
                        case "Diode:1N4148" when done.Add(key):
                            c.Diode(NodeOf(Other(pin, "2")), NodeOf(Other(pin, "1")), 0.7, tracked: false);
                            break;
                        case "Device:D_TVS" when done.Add(key):
                            // Bidirectional, 6.4 V breakdown at least (SMF5.0CA; SMAJ33CA far more): open at these voltages unless it isn't.
                            c.Diode(NodeOf(Other(pin, "1")), NodeOf(Other(pin, "2")), 6.4, tracked: false);
                            c.Diode(NodeOf(Other(pin, "2")), NodeOf(Other(pin, "1")), 6.4, tracked: false);
                            break;
                        case "Isolator:PC817" or "Relay_SolidState:TLP222A" when pin.Number is "1" or "2" && done.Add(key):
                        {
                            int led = c.Diode(NodeOf(Other(pin, "1")), NodeOf(Other(pin, "2")), 1.2, tracked: true);
                            if (key == grantOpto) _grantLed = led;
                            if (key == requestOpto) _requestLed = led;
                            break;
                        }

                        case OwnSymbolsLatch when pin.Number is "5" or "3" && done.Add(key + "." + pin.Number):
                        {
                            bool q = latches.TryGetValue(key, out bool set) ? set : throw new InvalidOperationException($"no state for latch {key}");
                            bool high = pin.Number == "5" ? q : !q;
                            c.Resistor(c.Fixed(high ? rail : 0), NodeOf(net), 25); // SN74LVC output, about 25 ohm at 3.3 V
                            break;
                        }

                        case "Device:R" or "Diode:1N4148" or "Device:D_TVS" or "Isolator:PC817" or "Relay_SolidState:TLP222A" or OwnSymbolsLatch:
                            break; // already in, or a pin the model leaves out (an opto's transistor, a latch's input)
                        case "Connector:Screw_Terminal_01x04" when key == connector:
                            break;
                        case var other when other.StartsWith("RF_Module:ESP32", StringComparison.Ordinal):
                            break; // a GPIO input: high impedance
                        default:
                            throw new InvalidOperationException($"{key} ({lib}) on {net.Name} is not modelled: add it to CableFaultTests");
                    }
                }
            }

            if (grantOpto != null && _grantLed < 0) throw new InvalidOperationException($"{grantOpto} not reached from {connector}");
            if (requestOpto != null && _requestLed < 0) throw new InvalidOperationException($"{requestOpto} not reached from {connector}");
            return pins;
        }

        private const string OwnSymbolsLatch = "ColdStandby:SN74LVC1G74";

        private static double Ohms(string value)
        {
            foreach (var (suffix, factor) in new[] { ("M", 1e6), ("k", 1e3), ("R", 1.0) })
            {
                int at = value.IndexOf(suffix, StringComparison.Ordinal);
                if (at < 0) continue;
                string digits = value[..at] + (at + 1 < value.Length ? "." + value[(at + 1)..] : "");
                return double.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) * factor;
            }

            return double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// A DC circuit of resistors, fixed voltages and piecewise-linear diodes (off: open; on: the forward voltage
    /// behind 10 ohm), solved by nodal analysis, re-solving until every diode's state agrees with its voltage.
    /// </summary>
    private sealed class Circuit
    {
        private readonly List<double?> _fixed = [0.0];
        private readonly List<(int A, int B, double Ohms)> _resistors = [];
        private readonly List<(int Anode, int Cathode, double Vf)> _diodes = [];
        private bool[] _on = [];
        private double[] _volts = [];

        public int Ground => 0;

        public int Node()
        {
            _fixed.Add(null);
            return _fixed.Count - 1;
        }

        public int Fixed(double volts)
        {
            _fixed.Add(volts);
            return _fixed.Count - 1;
        }

        public void Resistor(int a, int b, double ohms) => _resistors.Add((a, b, ohms));

        public int Diode(int anode, int cathode, double vf, bool tracked)
        {
            _diodes.Add((anode, cathode, vf));
            return _diodes.Count - 1;
        }

        public double Current(int diode)
        {
            var (a, k, vf) = _diodes[diode];
            return _on[diode] ? Math.Max(0, (_volts[a] - _volts[k] - vf) / 10.0) : 0;
        }

        public void Solve()
        {
            _on = new bool[_diodes.Count];
            for (int iteration = 0; iteration < 200; iteration++)
            {
                _volts = Nodal();
                bool changed = false;
                for (int d = 0; d < _diodes.Count; d++)
                {
                    var (a, k, vf) = _diodes[d];
                    double v = _volts[a] - _volts[k];
                    bool on = _on[d] ? v - vf > -1e-9 : v - vf > 1e-9;
                    if (on != _on[d])
                    {
                        _on[d] = on;
                        changed = true;
                        break; // one at a time: piecewise-linear iteration converges
                    }
                }

                if (!changed) return;
            }

            throw new InvalidOperationException("the diode states did not settle");
        }

        private double[] Nodal()
        {
            int n = _fixed.Count;
            var index = new int[n];
            int unknowns = 0;
            for (int i = 0; i < n; i++) index[i] = _fixed[i] == null ? unknowns++ : -1;
            var g = new double[unknowns, unknowns];
            var rhs = new double[unknowns];

            void Stamp(int a, int b, double conductance, double source)
            {
                // Current a->b = conductance * (Va - Vb) - source.
                if (index[a] >= 0)
                {
                    g[index[a], index[a]] += conductance;
                    rhs[index[a]] += source;
                    if (index[b] >= 0) g[index[a], index[b]] -= conductance;
                    else rhs[index[a]] += conductance * _fixed[b]!.Value;
                }

                if (index[b] >= 0)
                {
                    g[index[b], index[b]] += conductance;
                    rhs[index[b]] -= source;
                    if (index[a] >= 0) g[index[b], index[a]] -= conductance;
                    else rhs[index[b]] += conductance * _fixed[a]!.Value;
                }
            }

            foreach (var (a, b, ohms) in _resistors) Stamp(a, b, 1 / ohms, 0);
            for (int d = 0; d < _diodes.Count; d++)
            {
                var (a, k, vf) = _diodes[d];
                if (_on[d]) Stamp(a, k, 0.1, 0.1 * vf);
                else Stamp(a, k, 1e-9, 0);
            }

            // A node held by nothing but off diodes: a tiny leak to ground keeps the matrix regular.
            for (int i = 0; i < unknowns; i++) g[i, i] += 1e-12;
            var x = Gauss(g, rhs);
            var volts = new double[n];
            for (int i = 0; i < n; i++) volts[i] = _fixed[i] ?? x[index[i]];
            return volts;
        }

        private static double[] Gauss(double[,] a, double[] b)
        {
            int n = b.Length;
            for (int col = 0; col < n; col++)
            {
                int pivot = col;
                for (int row = col + 1; row < n; row++)
                    if (Math.Abs(a[row, col]) > Math.Abs(a[pivot, col])) pivot = row;
                if (pivot != col)
                {
                    for (int k = 0; k < n; k++) (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
                    (b[col], b[pivot]) = (b[pivot], b[col]);
                }

                for (int row = col + 1; row < n; row++)
                {
                    double f = a[row, col] / a[col, col];
                    if (f == 0) continue;
                    for (int k = col; k < n; k++) a[row, k] -= f * a[col, k];
                    b[row] -= f * b[col];
                }
            }

            var x = new double[n];
            for (int row = n - 1; row >= 0; row--)
            {
                double sum = b[row];
                for (int k = row + 1; k < n; k++) sum -= a[row, k] * x[k];
                x[row] = sum / a[row, row];
            }

            return x;
        }
    }
}
