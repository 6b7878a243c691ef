using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

/// <summary>An axis-aligned box on the sheet, in millimetres.</summary>
public readonly record struct Box(double X0, double Y0, double X1, double Y1)
{
    public static Box Around(IEnumerable<Point> points)
    {
        var list = points.ToList();
        return new Box(list.Min(p => p.X), list.Min(p => p.Y), list.Max(p => p.X), list.Max(p => p.Y));
    }

    /// <summary>Whether the two boxes share an area larger than <paramref name="slack"/> on each side.</summary>
    public bool Overlaps(Box other, double slack = 0.15) =>
        X0 + slack < other.X1 && other.X0 + slack < X1 && Y0 + slack < other.Y1 && other.Y0 + slack < Y1;

    public bool Inside(Box other) => X0 >= other.X0 && X1 <= other.X1 && Y0 >= other.Y0 && Y1 <= other.Y1;

    /// <summary>Whether the segment from <paramref name="a"/> to <paramref name="b"/> passes through the box (shrunk by <paramref name="slack"/>).</summary>
    public bool Crosses(Point a, Point b, double slack = 0.15)
    {
        var inner = new Box(X0 + slack, Y0 + slack, X1 - slack, Y1 - slack);
        if (inner.X0 >= inner.X1 || inner.Y0 >= inner.Y1) return false;
        // Liang-Barsky clipping of the segment against the box.
        double t0 = 0, t1 = 1, dx = b.X - a.X, dy = b.Y - a.Y;
        foreach (var (p, q) in new[] { (-dx, a.X - inner.X0), (dx, inner.X1 - a.X), (-dy, a.Y - inner.Y0), (dy, inner.Y1 - a.Y) })
        {
            if (Math.Abs(p) < 1e-12)
            {
                if (q < 0) return false;
                continue;
            }

            double t = q / p;
            if (p < 0) t0 = Math.Max(t0, t);
            else t1 = Math.Min(t1, t);
            if (t0 > t1) return false;
        }

        return true;
    }

    public override string ToString() => $"[{X0:0.#},{Y0:0.#}..{X1:0.#},{Y1:0.#}]";
}

/// <summary>A piece of text as drawn: its words, what it belongs to, and the box it covers.</summary>
public sealed record DrawnText(string Text, string Owner, Box Box);

/// <summary>
/// The drawn geometry of a KiCad 6 sheet, estimated from its file: the frame, the texts (notes, net labels,
/// the visible fields of symbols), the symbols' bodies and pins, the wires. Text boxes use KiCad's stroke
/// font proportions (a character about 0.9 of the font size wide, lines 1.7 sizes apart), generously.
/// </summary>
public sealed class SheetLayout
{
    private const double CharWidth = 0.9;
    private const double LineSpacing = 1.7;

    /// <summary>KiCad's default page layout: the frame 10 mm in from the paper's edge, its reference strip 2 mm wide.</summary>
    private const double Border = 12;

    public Box Drawable { get; private init; }
    public Box TitleBlock { get; private init; }
    public List<DrawnText> Texts { get; } = [];
    public List<(string Owner, Box Box)> Bodies { get; } = [];
    public List<(string Owner, Point A, Point B)> Pins { get; } = [];
    public List<(Point A, Point B)> Wires { get; } = [];

    public static SheetLayout Load(string path) => From(SExpr.Load(path));

    public static SheetLayout From(SList root)
    {
        var (width, height) = root.Child("paper")!.Atom(1) switch
        {
            "A4" => (297.0, 210.0), "A3" => (420.0, 297.0), "A2" => (594.0, 420.0), "A1" => (841.0, 594.0), "A0" => (1189.0, 841.0),
            var other => throw new NotSupportedException("paper " + other),
        };
        var layout = new SheetLayout
        {
            Drawable = new Box(Border, Border, width - Border, height - Border),
            TitleBlock = new Box(width - 10 - 110, height - 10 - 37, width - 10, height - 10),
        };

        var library = root.Child("lib_symbols")!.Children("symbol").ToDictionary(s => s.Atom(1));
        var references = (root.Child("symbol_instances")?.Children("path") ?? []).ToDictionary(p => p.Atom(1).Split('/').Last(), p => p.Child("reference")!.Atom(1));

        foreach (var wire in root.Children("wire"))
        {
            var points = wire.Child("pts")!.Children("xy").Select(xy => new Point(xy.Number(1), xy.Number(2))).ToList();
            for (int i = 0; i + 1 < points.Count; i++) layout.Wires.Add((points[i], points[i + 1]));
        }

        foreach (var text in root.Children("text"))
            layout.Texts.Add(new DrawnText(text.Atom(1), "text", NoteBox(text)));
        foreach (var label in root.Children("label"))
            layout.Texts.Add(new DrawnText(label.Atom(1), "label " + label.Atom(1), LabelBox(label)));

        foreach (var symbol in root.Children("symbol"))
        {
            var at = symbol.Child("at")!;
            var origin = new Point(at.Number(1), at.Number(2));
            int rotation = (int)at.Number(3);
            string reference = references.GetValueOrDefault(symbol.Child("uuid")!.Atom(1), "?");
            var lib = library[symbol.Child("lib_id")!.Atom(1)];
            foreach (var property in symbol.Children("property"))
            {
                var effects = property.Child("effects");
                if (effects == null || effects.HasFlag("hide") || property.Atom(2).Length == 0) continue;
                layout.Texts.Add(new DrawnText(property.Atom(2), reference, FieldBox(property, rotation)));
            }

            var corners = new List<Point>();
            foreach (var unit in lib.Children("symbol").Where(u => UnitOf(u.Atom(1)) is 0 or 1))
            {
                foreach (var item in unit.Items.OfType<SList>())
                {
                    switch (item.Head)
                    {
                        case "rectangle":
                            corners.Add(Placement.ToSheet(origin, rotation, item.Child("start")!.Number(1), item.Child("start")!.Number(2)));
                            corners.Add(Placement.ToSheet(origin, rotation, item.Child("end")!.Number(1), item.Child("end")!.Number(2)));
                            break;
                        case "polyline":
                            corners.AddRange(item.Child("pts")!.Children("xy").Select(xy => Placement.ToSheet(origin, rotation, xy.Number(1), xy.Number(2))));
                            break;
                        case "circle":
                        {
                            double cx = item.Child("center")!.Number(1), cy = item.Child("center")!.Number(2), r = item.Child("radius")!.Number(1);
                            corners.Add(Placement.ToSheet(origin, rotation, cx - r, cy - r));
                            corners.Add(Placement.ToSheet(origin, rotation, cx + r, cy + r));
                            break;
                        }

                        case "arc":
                            foreach (var key in new[] { "start", "mid", "end" })
                                if (item.Child(key) is { } p) corners.Add(Placement.ToSheet(origin, rotation, p.Number(1), p.Number(2)));
                            break;
                        case "pin" when !item.HasFlag("hide"):
                        {
                            var pinAt = item.Child("at")!;
                            double length = item.Child("length")?.Number(1) ?? 0;
                            double radians = pinAt.Number(3) * Math.PI / 180;
                            var a = Placement.ToSheet(origin, rotation, pinAt.Number(1), pinAt.Number(2));
                            var b = Placement.ToSheet(origin, rotation, pinAt.Number(1) + Math.Cos(radians) * length, pinAt.Number(2) + Math.Sin(radians) * length);
                            layout.Pins.Add((reference, a, b));
                            break;
                        }
                    }
                }
            }

            if (corners.Count > 0) layout.Bodies.Add((reference, Box.Around(corners)));
        }

        return layout;
    }

    private static int UnitOf(string subSymbolName)
    {
        var parts = subSymbolName.Split('_');
        return parts.Length >= 3 && int.TryParse(parts[^2], out int unit) ? unit : 0;
    }

    private static double Size(SList item) => item.Child("effects")?.Child("font")?.Child("size")?.Number(1) ?? 1.27;

    private static string Justify(SList item, string axis)
    {
        var justify = item.Child("effects")?.Child("justify");
        if (justify == null) return "center";
        var flags = justify.Items.Skip(1).OfType<SAtom>().Select(a => a.Value).ToList();
        return axis == "h" ? flags.FirstOrDefault(f => f is "left" or "right") ?? "center" : flags.FirstOrDefault(f => f is "top" or "bottom") ?? "center";
    }

    /// <summary>A sheet note: lines above the anchor when bottom-justified (KiCad grows the block away from the anchor).</summary>
    private static Box NoteBox(SList text)
    {
        var at = text.Child("at")!;
        double x = at.Number(1), y = at.Number(2), size = Size(text);
        var lines = text.Atom(1).Split('\n');
        double w = lines.Max(l => l.Length) * size * CharWidth, h = size + (lines.Length - 1) * size * LineSpacing;
        double x0 = Justify(text, "h") switch { "right" => x - w, "center" => x - w / 2, _ => x };
        double y0 = Justify(text, "v") switch { "top" => y, "center" => y - h / 2, _ => y - h };
        return new Box(x0, y0, x0 + w, y0 + h);
    }

    /// <summary>A net label: its text beside the anchor, a little off the wire, along the label's angle.</summary>
    private static Box LabelBox(SList label)
    {
        var at = label.Child("at")!;
        double x = at.Number(1), y = at.Number(2), size = Size(label), w = label.Atom(1).Length * size * CharWidth, off = 0.3;
        return (int)at.Number(3) switch
        {
            0 => new Box(x, y - off - size, x + w, y - off),
            180 => new Box(x - w, y - off - size, x, y - off),
            90 => new Box(x - off - size, y - w, x - off, y),
            _ => new Box(x - off - size, y, x - off, y + w),
        };
    }

    /// <summary>A symbol field: horizontal unless its angle and the symbol's rotation add up to a quarter turn.</summary>
    private static Box FieldBox(SList property, int rotation)
    {
        var at = property.Child("at")!;
        double x = at.Number(1), y = at.Number(2), size = Size(property), w = property.Atom(2).Length * size * CharWidth;
        bool vertical = ((int)at.Number(3) + rotation) % 180 != 0;
        string h = Justify(property, "h"), v = Justify(property, "v");
        if (!vertical)
        {
            double x0 = h switch { "left" => x, "right" => x - w, _ => x - w / 2 };
            double y0 = v switch { "top" => y, "bottom" => y - size, _ => y - size / 2 };
            return new Box(x0, y0, x0 + w, y0 + size);
        }

        double vy0 = h switch { "left" => y - w, "right" => y, _ => y - w / 2 };
        return new Box(x - size / 2, vy0, x + size / 2, vy0 + w);
    }
}
