namespace ColdStandby.Schematics;

/// <summary>A pin of a library symbol, in library coordinates (y up); <paramref name="Type"/> is KiCad's electrical type (input, output, power_in, passive, ...).</summary>
public sealed record LibraryPin(string Number, string Name, double X, double Y, int Angle, double Length, bool Hidden, int Unit, string Type = "passive");

/// <summary>A library symbol as embedded in a schematic's <c>lib_symbols</c>.</summary>
public sealed record LibrarySymbol(string Id, bool IsPower, IReadOnlyList<LibraryPin> Pins)
{
    /// <summary>Reads a <c>(symbol "Lib:Name" ...)</c> list: its pins from every unit sub-symbol.</summary>
    public static LibrarySymbol From(SList symbol)
    {
        var pins = new List<LibraryPin>();
        foreach (var unit in symbol.Children("symbol"))
        {
            // Sub-symbols are named NAME_unit_style; unit 0 is common to all units.
            var name = unit.Atom(1);
            var parts = name.Split('_');
            int unitNumber = parts.Length >= 3 && int.TryParse(parts[^2], out int parsed) ? parsed : 0;
            foreach (var pin in unit.Children("pin"))
            {
                var at = pin.Child("at")!;
                pins.Add(new LibraryPin(
                    pin.Child("number")!.Atom(1),
                    pin.Child("name")!.Atom(1),
                    at.Number(1),
                    at.Number(2),
                    (int)at.Number(3),
                    pin.Child("length")?.Number(1) ?? 0,
                    pin.HasFlag("hide"),
                    unitNumber,
                    pin.Atom(1)));
            }
        }

        return new LibrarySymbol(symbol.Atom(1), symbol.HasFlag("power") || symbol.Child("power") != null, pins);
    }
}

/// <summary>A symbol placed on the sheet.</summary>
public sealed record PlacedSymbol(string LibId, string Reference, string Value, Point At, int Rotation, int Unit, string Uuid)
{
    /// <summary>Whether the part goes on the PCB (KiCad's on_board); the cabling sheet's box connectors do not.</summary>
    public bool OnBoard { get; init; } = true;

    /// <summary>Whether the part is listed in the bill of materials (KiCad's in_bom).</summary>
    public bool InBom { get; init; } = true;

    public string Property(string name) => Properties.TryGetValue(name, out var value) ? value : "";

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>A net label (local, global or hierarchical) or a power symbol's net name at a point.</summary>
public sealed record NetLabel(string Name, Point At, string Kind);

/// <summary>A pin of a placed symbol, on the sheet.</summary>
public sealed record SheetPin(PlacedSymbol Symbol, LibraryPin Pin, Point At)
{
    public string Reference => Symbol.Reference;
    public string Number => Pin.Number;
    public string Name => Pin.Name;
    public override string ToString() => $"{Reference}.{Number} ({Name})";
}

/// <summary>One net: every pin and label that KiCad would connect.</summary>
public sealed class Net
{
    public List<string> Names { get; } = [];
    public List<SheetPin> Pins { get; } = [];

    /// <summary>Pins of power symbols that do not name the net: PWR_FLAG's power_out, which tells ERC where power comes from.</summary>
    public List<SheetPin> Flags { get; } = [];

    public string Name => Names.Count > 0 ? Names[0] : "(unnamed: " + string.Join(", ", Pins) + ")";
    public override string ToString() => Name;
}

/// <summary>
/// A KiCad 6 schematic read from its <c>.kicad_sch</c> S-expressions: embedded library symbols, placed
/// symbols, wires, labels, no-connect flags, and the nets they make.
/// </summary>
public sealed class KicadSchematic
{
    public Dictionary<string, LibrarySymbol> Library { get; } = [];
    public List<PlacedSymbol> Symbols { get; } = [];
    public List<(Point A, Point B)> Wires { get; } = [];
    public List<NetLabel> Labels { get; } = [];
    public List<Point> NoConnects { get; } = [];
    public List<Point> Junctions { get; } = [];
    public List<string> Texts { get; } = [];

    public static KicadSchematic Load(string path) => From(SExpr.Load(path));

    public static KicadSchematic From(SList root)
    {
        if (root.Head != "kicad_sch") throw new FormatException("not a kicad_sch file");
        var schematic = new KicadSchematic();
        foreach (var symbol in root.Child("lib_symbols")?.Children("symbol") ?? [])
        {
            var library = LibrarySymbol.From(symbol);
            schematic.Library[library.Id] = library;
        }

        // KiCad 6 keeps the annotation in symbol_instances, keyed by the symbol's uuid path.
        var references = new Dictionary<string, string>();
        foreach (var path in root.Child("symbol_instances")?.Children("path") ?? [])
        {
            var uuid = path.Atom(1).Split('/').Last();
            references[uuid] = path.Child("reference")?.Atom(1) ?? "";
        }

        foreach (var symbol in root.Children("symbol"))
        {
            var at = symbol.Child("at")!;
            if (symbol.Child("mirror") != null) throw new NotSupportedException("mirrored symbols are not read");
            var properties = symbol.Children("property").ToDictionary(p => p.Atom(1), p => p.Atom(2));
            var uuid = symbol.Child("uuid")?.Atom(1) ?? "";
            var reference = references.TryGetValue(uuid, out var annotated) ? annotated : properties.GetValueOrDefault("Reference", "");
            schematic.Symbols.Add(new PlacedSymbol(
                symbol.Child("lib_id")!.Atom(1),
                reference,
                properties.GetValueOrDefault("Value", ""),
                new Point(at.Number(1), at.Number(2)),
                at.Items.Count > 3 ? (int)at.Number(3) : 0,
                (int)(symbol.Child("unit")?.Number(1) ?? 1),
                uuid)
            { Properties = properties, OnBoard = symbol.Child("on_board")?.Atom(1) != "no", InBom = symbol.Child("in_bom")?.Atom(1) != "no" });
        }

        foreach (var wire in root.Children("wire"))
        {
            var points = wire.Child("pts")!.Children("xy").Select(xy => new Point(xy.Number(1), xy.Number(2))).ToList();
            for (int i = 0; i + 1 < points.Count; i++) schematic.Wires.Add((points[i], points[i + 1]));
        }

        foreach (var kind in new[] { "label", "global_label", "hierarchical_label" })
        {
            foreach (var label in root.Children(kind))
            {
                var at = label.Child("at")!;
                schematic.Labels.Add(new NetLabel(label.Atom(1), new Point(at.Number(1), at.Number(2)), kind));
            }
        }

        foreach (var flag in root.Children("no_connect"))
        {
            var at = flag.Child("at")!;
            schematic.NoConnects.Add(new Point(at.Number(1), at.Number(2)));
        }

        foreach (var junction in root.Children("junction"))
        {
            var at = junction.Child("at")!;
            schematic.Junctions.Add(new Point(at.Number(1), at.Number(2)));
        }

        foreach (var text in root.Children("text")) schematic.Texts.Add(text.Atom(1));
        return schematic;
    }

    /// <summary>Every pin of every placed symbol (of the symbol's unit and the common unit), on the sheet.</summary>
    public IEnumerable<SheetPin> Pins()
    {
        foreach (var symbol in Symbols)
        {
            if (!Library.TryGetValue(symbol.LibId, out var library))
                throw new FormatException($"{symbol.Reference}: library symbol {symbol.LibId} is not embedded in lib_symbols");
            foreach (var pin in library.Pins.Where(pin => pin.Unit == 0 || pin.Unit == symbol.Unit))
                yield return new SheetPin(symbol, pin, Placement.ToSheet(symbol.At, symbol.Rotation, pin.X, pin.Y));
        }
    }

    public PlacedSymbol Symbol(string reference) =>
        Symbols.SingleOrDefault(s => s.Reference == reference) ?? throw new KeyNotFoundException($"no symbol {reference}");

    /// <summary>
    /// The nets, as KiCad connects them: wire ends, pins and labels at the same point, anything lying on a
    /// wire, and power symbols, global labels and same-named local labels (one sheet) by name.
    /// </summary>
    public List<Net> Nets()
    {
        var pins = Pins().ToList();
        var nodes = new List<Point>();
        var parent = new List<int>();
        var byPoint = new Dictionary<(long, long), int>();

        int Node(Point point)
        {
            if (byPoint.TryGetValue(point.Key, out int existing)) return existing;
            nodes.Add(point);
            parent.Add(parent.Count);
            byPoint[point.Key] = nodes.Count - 1;
            return nodes.Count - 1;
        }

        int Find(int node)
        {
            while (parent[node] != node) node = parent[node] = parent[parent[node]];
            return node;
        }

        void Union(int a, int b) => parent[Find(a)] = Find(b);

        foreach (var (a, b) in Wires) Union(Node(a), Node(b));
        foreach (var pin in pins) Node(pin.At);
        foreach (var label in Labels) Node(label.At);

        // A pin, label or wire end lying on a wire's middle joins that wire (KiCad draws a junction there).
        var points = nodes.ToList();
        foreach (var (a, b) in Wires)
            foreach (var point in points)
                if (Placement.OnSegment(point, a, b)) Union(Node(point), Node(a));

        // Names join nets across the sheet: labels with the same text, power symbols with the same value.
        var named = new Dictionary<string, int>();
        void Name(string name, Point at)
        {
            int node = Node(at);
            if (named.TryGetValue(name, out int other)) Union(node, other);
            else named[name] = node;
        }

        foreach (var label in Labels) Name(label.Name, label.At);
        // KiCad 6 (SCH_PIN::IsPowerConnection): a power_in pin of a power symbol joins the net named by the
        // symbol's value; a hidden power_in pin of any other symbol joins the net named by the pin. PWR_FLAG's
        // pin is power_out: it connects only where it stands.
        var powerPins = pins.Where(pin => Library[pin.Symbol.LibId].IsPower && pin.Pin.Type == "power_in").ToList();
        foreach (var pin in powerPins) Name(pin.Symbol.Value, pin.At);
        var hiddenPowerPins = pins.Where(pin => !Library[pin.Symbol.LibId].IsPower && pin.Pin.Hidden && pin.Pin.Type == "power_in").ToList();
        foreach (var pin in hiddenPowerPins) Name(pin.Pin.Name, pin.At);

        var nets = new Dictionary<int, Net>();
        Net NetOf(Point point)
        {
            int root = Find(Node(point));
            if (!nets.TryGetValue(root, out var net)) nets[root] = net = new Net();
            return net;
        }

        foreach (var label in Labels)
        {
            var net = NetOf(label.At);
            if (!net.Names.Contains(label.Name)) net.Names.Add(label.Name);
        }

        foreach (var pin in powerPins)
        {
            var net = NetOf(pin.At);
            if (!net.Names.Contains(pin.Symbol.Value)) net.Names.Insert(0, pin.Symbol.Value);
        }

        foreach (var pin in hiddenPowerPins)
        {
            var net = NetOf(pin.At);
            if (!net.Names.Contains(pin.Pin.Name)) net.Names.Add(pin.Pin.Name);
        }

        foreach (var pin in pins.Where(pin => !Library[pin.Symbol.LibId].IsPower)) NetOf(pin.At).Pins.Add(pin);
        foreach (var pin in pins.Where(pin => Library[pin.Symbol.LibId].IsPower && pin.Pin.Type != "power_in")) NetOf(pin.At).Flags.Add(pin);
        return nets.Values.ToList();
    }
}
