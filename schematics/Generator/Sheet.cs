using System.Security.Cryptography;
using System.Text;

namespace ColdStandby.Schematics.Generator;

/// <summary>
/// One KiCad 6 schematic sheet under construction. Parts are connected by naming nets on their pins:
/// every connected pin gets a short wire and a net label (or a power symbol for a supply rail), every
/// pin left out gets a no-connect flag. KiCad joins same-named labels on a sheet into one net.
/// </summary>
internal sealed class Sheet
{
    /// <summary>Nets drawn as power symbols rather than labels.</summary>
    private static readonly Dictionary<string, string> PowerSymbols = new()
    {
        ["GND"] = "power:GND",
        ["+3V3"] = "power:+3V3",
        ["+5V"] = "power:+5V",
    };

    /// <summary>The net name that leaves a pin unconnected, with a no-connect flag.</summary>
    public const string NoConnect = "~";

    private const double Stub = 2.54;
    private readonly KicadLibrary _library;
    private readonly string _name;
    private readonly List<SList> _items = [];
    private readonly List<SList> _instances = [];
    private readonly Dictionary<string, SList> _embedded = [];
    private readonly HashSet<string> _references = [];
    private int _uuidCounter;
    private int _powerCounter;
    private int _flagCounter;

    public Sheet(KicadLibrary library, string name, string title, string paper)
    {
        _library = library;
        _name = name;
        Title = title;
        Paper = paper;
    }

    public string Title { get; }
    public string Paper { get; }

    /// <summary>A drawing of things that are not on a PCB (the cabling): its parts are neither on a board nor in a BOM.</summary>
    public bool DocumentationOnly { get; init; }

    /// <summary>
    /// Places <paramref name="libId"/> at (x, y) with its pins on the named nets. Pins not named get a
    /// no-connect flag when <paramref name="restUnconnected"/>, otherwise leaving one out is an error.
    /// </summary>
    /// <param name="part">What to order when the value names a function (a connector's "STORAGE"): "4-way 5.08".</param>
    /// <param name="fieldsAt">Where to put the reference and value (left-justified, one above the other) when the
    /// library's places would cross a pin or a neighbour; relative to the symbol's origin.</param>
    public void Part(string reference, string libId, string value, double x, double y, int rotation,
        (string Pin, string Net)[] pins, bool restUnconnected = false, string? footprint = null, string? part = null, Point? fieldsAt = null)
    {
        if (!_references.Add(reference)) throw new InvalidOperationException($"{_name}: {reference} placed twice");
        var symbol = Embed(libId);
        var library = LibrarySymbol.From(symbol);
        var origin = new Point(x, y);
        var uuid = Uuid();
        string onBoard = DocumentationOnly ? "no" : "yes";
        var instance = new SList(new Sym("symbol"), new SList(new Sym("lib_id"), libId), At(origin, rotation), new SList(new Sym("unit"), 1),
            new SList(new Sym("in_bom"), new Sym(onBoard)), new SList(new Sym("on_board"), new Sym(onBoard)), new SList(new Sym("uuid"), uuid));

        string placedFootprint = footprint ?? symbol.Children("property").First(p => p.Atom(1) == "Footprint").Atom(2);
        int nextId = 0;
        foreach (var property in symbol.Children("property"))
        {
            string name = property.Atom(1);
            nextId = Math.Max(nextId, (int)property.Child("id")!.Number(1) + 1);
            if (name.StartsWith("ki_", StringComparison.Ordinal)) continue;
            string text = name switch
            {
                "Reference" => reference,
                "Value" => value,
                "Footprint" => placedFootprint,
                _ => property.Atom(2),
            };
            var field = FieldOf(property, name, text, origin, rotation, library);
            if (fieldsAt is { } offset && name is "Reference" or "Value")
            {
                // Left-justified where the symbol is upright; centred (KiCad turns justification with the symbol) otherwise.
                var at = new Point(x + offset.X, y + offset.Y + (name == "Value" ? 1.905 : 0));
                var effects = new SList(new Sym("effects"), Font(1.27), new SList(new Sym("justify"), new Sym("left")));
                if (rotation % 180 != 0)
                {
                    at = new Point(at.X + TextWidth(text, 1.27) / 2, at.Y);
                    effects = new SList(new Sym("effects"), Font(1.27));
                }

                field = new SList(new Sym("property"), name, text, new SList(new Sym("id"), (int)property.Child("id")!.Number(1)),
                    new SList(new Sym("at"), at.X, at.Y, rotation % 180 == 0 ? 0 : 90), effects);
            }

            instance.Add(field);
        }

        if (!DocumentationOnly)
        {
            // What to order, for the BOM: hidden fields the BOM reads (schematics/*-bom.csv).
            var (manufacturer, mpn) = Catalogue.For(reference, part ?? value, placedFootprint);
            var extra = new List<(string, string)>();
            if (part != null) extra.Add(("Part", part));
            extra.Add(("Manufacturer", manufacturer));
            extra.Add(("MPN", mpn));
            foreach (var (name, text) in extra)
                instance.Add(new SList(new Sym("property"), name, text, new SList(new Sym("id"), nextId++), At(origin, 0),
                    new SList(new Sym("effects"), Font(1.27), new Sym("hide"))));
        }

        var named = pins.ToDictionary(p => p.Pin, p => p.Net);
        foreach (var number in named.Keys)
            if (library.Pins.All(p => p.Number != number)) throw new InvalidOperationException($"{_name}: {reference} ({libId}) has no pin {number}");

        // Rail stubs already drawn on this part, by rail and outward direction: a rail on the pin next to one of
        // them (same side, one step along) joins it with a wire instead of a second power symbol on top of the first.
        var railStubs = new List<(string Net, int Dx, int Dy, Point End)>();
        foreach (var pin in library.Pins.Where(p => p.Unit is 0 or 1))
        {
            instance.Add(new SList(new Sym("pin"), pin.Number, new SList(new Sym("uuid"), Uuid())));
            if (pin.Hidden) continue; // stacked under a visible pin of the same net (GND, VSS, ...)
            var at = Placement.ToSheet(origin, rotation, pin.X, pin.Y);
            if (!named.TryGetValue(pin.Number, out var net))
            {
                if (!restUnconnected) throw new InvalidOperationException($"{_name}: {reference} pin {pin.Number} ({pin.Name}) not connected");
                net = NoConnect;
            }

            if (net == NoConnect)
            {
                _items.Add(new SList(new Sym("no_connect"), At(at), new SList(new Sym("uuid"), Uuid())));
                continue;
            }

            // Outwards from the body: the opposite of the pin's library direction, turned with the symbol.
            double radians = pin.Angle * Math.PI / 180;
            var (dx, dy) = Placement.Rotate(-Math.Round(Math.Cos(radians)), -Math.Round(Math.Sin(radians)), rotation);
            var end = new Point(at.X + dx * Stub, at.Y - dy * Stub);
            Wire(at, end);
            if (PowerSymbols.ContainsKey(net))
            {
                var joined = railStubs.FirstOrDefault(r => r.Net == net && r.Dx == (int)dx && r.Dy == (int)dy
                    && Math.Abs(Math.Abs(r.End.X - end.X) + Math.Abs(r.End.Y - end.Y) - Stub) < Point.Tolerance);
                if (joined.Net != null)
                {
                    Wire(end, joined.End);
                    continue;
                }

                railStubs.Add((net, (int)dx, (int)dy, end));
            }

            if (PowerSymbols.ContainsKey(net) && dy == 0)
            {
                // A rail on a sideways pin: the power symbol stands upright at the end of the wire (GND hangs
                // down, a supply stands up). A pin one or two steps away on that side has its own stub and label
                // there: run our wire out past that label first, so symbol and label never meet; a ground next
                // to a supply pin runs two steps further, so the two symbols never meet either.
                double towards = net == "GND" ? Stub : -Stub;
                var neighbours = library.Pins.Where(other => !other.Hidden && other.Number != pin.Number
                    && (Placement.ToSheet(origin, rotation, other.X, other.Y).Near(new Point(at.X, at.Y + towards))
                        || Placement.ToSheet(origin, rotation, other.X, other.Y).Near(new Point(at.X, at.Y + 2 * towards)))).ToList();
                var corner = end;
                if (neighbours.Count > 0)
                {
                    var nets = neighbours.Select(other => named.TryGetValue(other.Number, out var n) && n != NoConnect ? n : "").ToList();
                    double run = Math.Ceiling((nets.Max(n => n.Length) * 1.27 * 0.9 + 2.54) / Stub) * Stub;
                    if (net == "GND" && nets.Any(n => PowerSymbols.ContainsKey(n) && n != "GND")) run += 2 * Stub;
                    corner = new Point(end.X + dx * run, end.Y);
                    Wire(end, corner);
                }

                NetAt(net, corner, 0, net == "GND" ? 1 : -1);
                continue;
            }

            NetAt(net, end, (int)dx, (int)-dy);
        }

        _items.Add(instance);
        _instances.Add(new SList(new Sym("path"), "/" + uuid, new SList(new Sym("reference"), reference), new SList(new Sym("unit"), 1),
            new SList(new Sym("value"), value), new SList(new Sym("footprint"), placedFootprint)));
    }

    /// <summary>A net label or power symbol at <paramref name="at"/>, pointing away along (dx, dy) on the sheet.</summary>
    public void NetAt(string net, Point at, int dx, int dy)
    {
        if (PowerSymbols.TryGetValue(net, out var powerId))
        {
            Power(powerId, net, at, dx, dy);
            return;
        }

        int angle = (dx, dy) switch { (1, 0) => 0, (-1, 0) => 180, (0, -1) => 90, _ => 270 };
        string justify = angle is 0 or 90 ? "left" : "right";
        _items.Add(new SList(new Sym("label"), net, At(at, angle),
            new SList(new Sym("effects"), Font(1.27), new SList(new Sym("justify"), new Sym(justify), new Sym("bottom"))),
            new SList(new Sym("uuid"), Uuid())));
    }

    public void Wire(Point a, Point b) =>
        _items.Add(new SList(new Sym("wire"), new SList(new Sym("pts"), Xy(a), Xy(b)),
            new SList(new Sym("stroke"), new SList(new Sym("width"), 0), new SList(new Sym("type"), new Sym("default")), new SList(new Sym("color"), 0, 0, 0, 0)),
            new SList(new Sym("uuid"), Uuid())));

    /// <summary>A note on the sheet; <paramref name="size"/> in millimetres (block titles are larger).</summary>
    public void Text(double x, double y, string text, double size = 1.27) =>
        _items.Add(new SList(new Sym("text"), text, At(new Point(x, y), 0),
            new SList(new Sym("effects"), Font(size), new SList(new Sym("justify"), new Sym("left"), new Sym("bottom"))),
            new SList(new Sym("uuid"), Uuid())));

    public string Write()
    {
        var root = new SList(new Sym("kicad_sch"), new SList(new Sym("version"), 20211123), new SList(new Sym("generator"), new Sym("eeschema")));
        root.Add(new SList(new Sym("uuid"), Uuid("sheet")));
        root.Add(new SList(new Sym("paper"), Paper));
        root.Add(new SList(new Sym("title_block"), new SList(new Sym("title"), Title), new SList(new Sym("company"), "ColdStandby"),
            new SList(new Sym("comment"), 1, "Generated by schematics/Generator from schematics/pinmap.csv: edit those, not this file.")));
        var libSymbols = new SList(new Sym("lib_symbols"));
        foreach (var id in _embedded.Keys.Order(StringComparer.Ordinal)) libSymbols.Add(_embedded[id]);
        root.Add(libSymbols);
        foreach (var item in _items) root.Add(item);
        root.Add(new SList(new Sym("sheet_instances"), new SList(new Sym("path"), "/", new SList(new Sym("page"), "1"))));
        var instances = new SList(new Sym("symbol_instances"));
        foreach (var path in _instances.OrderBy(p => ((SList)p.Items[2]).Atom(1), StringComparer.Ordinal)) instances.Add(path);
        root.Add(instances);
        return SExpr.Write(root);
    }

    /// <summary>
    /// A PWR_FLAG on <paramref name="net"/> at <paramref name="at"/> (with the net's power symbol on the same
    /// point): tells ERC that power enters here, from a connector whose pins are passive.
    /// </summary>
    public void PowerFlag(string net, Point at)
    {
        bool ground = net == "GND";
        PowerSymbol("power:PWR_FLAG", $"#FLG{++_flagCounter:00}", "PWR_FLAG", at, ground ? 0 : 180);
        NetAt(net, at, 0, ground ? 1 : -1);
    }

    private void Power(string libId, string net, Point at, int dx, int dy)
    {
        bool ground = net == "GND";
        // Ground symbols hang down at 0 degrees, supply symbols stand up.
        int rotation = ground
            ? (dx, dy) switch { (0, 1) => 0, (1, 0) => 90, (0, -1) => 180, _ => 270 }
            : (dx, dy) switch { (0, -1) => 0, (-1, 0) => 90, (0, 1) => 180, _ => 270 };
        PowerSymbol(libId, $"#PWR{++_powerCounter:000}", net, at, rotation);
    }

    private void PowerSymbol(string libId, string reference, string net, Point at, int rotation)
    {
        var symbol = Embed(libId);
        var uuid = Uuid();
        var instance = new SList(new Sym("symbol"), new SList(new Sym("lib_id"), libId), At(at, rotation), new SList(new Sym("unit"), 1),
            new SList(new Sym("in_bom"), new Sym("yes")), new SList(new Sym("on_board"), new Sym("yes")), new SList(new Sym("uuid"), uuid));
        var library = LibrarySymbol.From(symbol);
        foreach (var property in symbol.Children("property").Where(p => !p.Atom(1).StartsWith("ki_", StringComparison.Ordinal)))
        {
            string name = property.Atom(1);
            instance.Add(FieldOf(property, name, name == "Reference" ? reference : name == "Value" ? net : property.Atom(2), at, rotation, library));
        }

        instance.Add(new SList(new Sym("pin"), "1", new SList(new Sym("uuid"), Uuid())));
        _items.Add(instance);
        _instances.Add(new SList(new Sym("path"), "/" + uuid, new SList(new Sym("reference"), reference), new SList(new Sym("unit"), 1),
            new SList(new Sym("value"), net), new SList(new Sym("footprint"), "")));
    }

    private SList FieldOf(SList libraryProperty, string name, string text, Point origin, int rotation, LibrarySymbol library)
    {
        var libAt = libraryProperty.Child("at")!;
        var effects = libraryProperty.Child("effects")!;
        bool hidden = effects.HasFlag("hide");
        int id = (int)libraryProperty.Child("id")!.Number(1);
        Point at;
        SList placedEffects;
        bool twoPin = library.Pins.Count(p => !p.Hidden) <= 2 && !library.IsPower
            && (library.Id.StartsWith("Device:", StringComparison.Ordinal) || library.Id.StartsWith("Diode:", StringComparison.Ordinal) || library.Id.StartsWith("Switch:", StringComparison.Ordinal));
        if (!hidden && twoPin && (name == "Reference" || name == "Value"))
        {
            // Small two-pin parts: both fields beside the body, horizontal, whatever the rotation.
            bool vertical = rotation % 180 == 0 ? library.Pins.All(p => Math.Abs(p.X) < 0.01) : library.Pins.All(p => Math.Abs(p.Y) < 0.01);
            double offset = name == "Reference" ? -1.27 : 1.27;
            at = vertical ? new Point(origin.X + 2.54, origin.Y + offset + 0.635) : new Point(origin.X, origin.Y - 3.81 + (name == "Reference" ? -1.27 : 0) + (name == "Value" ? 7.62 : 0));
            placedEffects = vertical
                ? new SList(new Sym("effects"), Font(1.27), new SList(new Sym("justify"), new Sym("left")))
                : new SList(new Sym("effects"), Font(1.27));
            if (vertical && rotation % 180 != 0)
            {
                // KiCad turns a field's justification with its symbol: on a symbol turned a quarter, "left" no
                // longer means "starts here". Centred text is the same either way: centre it where it would start.
                at = new Point(at.X + TextWidth(text, 1.27) / 2, at.Y);
                placedEffects = new SList(new Sym("effects"), Font(1.27));
            }
        }
        else
        {
            at = Placement.ToSheet(origin, rotation, libAt.Number(1), libAt.Number(2));
            placedEffects = effects;
        }

        // KiCad turns a field with its symbol: a field angle of 90 on a symbol turned 90 reads horizontally.
        int angle = rotation % 180 == 0 ? 0 : 90;
        return new SList(new Sym("property"), name, text, new SList(new Sym("id"), id), At(at, angle), placedEffects);
    }

    private SList Embed(string libId)
    {
        if (!_embedded.TryGetValue(libId, out var symbol)) _embedded[libId] = symbol = _library.Embedded(libId);
        return symbol;
    }

    private string Uuid(string? salt = null)
    {
        // Deterministic, so regenerating an unchanged design gives an unchanged file.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes(_name + "/" + (salt ?? (_uuidCounter++).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x40);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true).ToString();
    }

    /// <summary>A generous estimate of a text's width in KiCad's stroke font (Schematics.Tests' layout checks use the same).</summary>
    private static double TextWidth(string text, double size) => text.Length * size * 0.9;

    private static SList At(Point at, int angle) => new(new Sym("at"), at.X, at.Y, angle);
    private static SList At(Point at) => new(new Sym("at"), at.X, at.Y);
    private static SList Xy(Point at) => new(new Sym("xy"), at.X, at.Y);
    private static SList Font(double size) => new(new Sym("font"), new SList(new Sym("size"), size, size));
}
