using System.Globalization;
using System.Net;
using System.Text;

namespace ColdStandby.Schematics.Generator;

/// <summary>
/// wiring.svg: the boxes, their connectors with each pin's signal from the pin map, and every cable
/// between them, for a person with a screwdriver.
/// </summary>
internal static class WiringSvg
{
    private const int PinHeight = 16;
    private const int HeaderHeight = 22;

    /// <summary>The picture's width; the boxes leave a wide gap between each SMU and its server for the cables' tags.</summary>
    private const int Width = 1760;

    private static readonly Dictionary<string, (double X, double Y, double Width, string Board)> Boxes = new()
    {
        ["Server A"] = (20, 70, 200, ""),
        ["SMU A"] = (400, 70, 260, "smu"),
        ["SMU B"] = (1100, 70, 260, "smu"),
        ["Server B"] = (1540, 70, 200, ""),
        ["Alarm panel A"] = (20, 700, 200, ""),
        ["Alarm panel B"] = (1540, 700, 200, ""),
        ["DM"] = (760, 640, 240, "dm"),
        ["Cabinet supply"] = (400, 960, 200, ""),
        ["Enclosures A"] = (1170, 680, 220, ""),
        ["Enclosures B"] = (1170, 800, 220, ""),
        ["Disk controller"] = (1170, 920, 220, ""),
        ["Management PC"] = (1540, 1100, 200, ""),
    };

    public static string Draw(PinMap pinMap)
    {
        var cables = Cabling.Cables();
        var blocks = new Dictionary<string, (double X, double Y, double Width, double Height)>();
        var svg = new StringBuilder();
        var body = new StringBuilder();
        var lines = new StringBuilder();
        var labels = new StringBuilder();
        var legend = new StringBuilder();
        string[] colours = ["#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#117a65", "#a04000", "#34495e"];

        // Connector blocks, stacked inside their box in the order the cables name them.
        var ends = cables.SelectMany(c => new[] { c.From, c.To }).GroupBy(e => e.Box + " " + e.Connector).Select(g => g.First()).ToList();
        var boxHeight = new Dictionary<string, double>();
        foreach (var end in ends)
        {
            var box = Boxes[end.Box];
            double y = boxHeight.TryGetValue(end.Box, out var used) ? used : box.Y + 34;
            var pins = cables.SelectMany(c => new[] { c.From, c.To }).Where(e => e.Box == end.Box && e.Connector == end.Connector)
                .SelectMany(e => e.Pins).Distinct().ToList();
            double height = HeaderHeight + PinHeight * pins.Count + 6;
            blocks[end.Box + " " + end.Connector] = (box.X + 10, y, box.Width - 20, height);
            body.Append(Rect(box.X + 10, y, box.Width - 20, height, "#ffffff", "#555555", kind: "block"));
            body.Append(Text(box.X + 18, y + 16, $"{end.Connector}  {end.Title}", 13, bold: true));
            for (int i = 0; i < pins.Count; i++)
            {
                string signal = box.Board.Length == 0 ? "" : SignalOn(pinMap, box.Board, end.Connector, pins[i]);
                body.Append(Text(box.X + 22, y + HeaderHeight + 13 + PinHeight * i, $"{pins[i]}", 12, mono: true));
                if (signal.Length > 0) body.Append(Text(box.X + 60, y + HeaderHeight + 13 + PinHeight * i, signal, 12, colour: "#555555"));
            }

            boxHeight[end.Box] = y + height + 10;
        }

        foreach (var (name, box) in Boxes)
        {
            double height = (boxHeight.TryGetValue(name, out var used) ? used : box.Y + 40) - box.Y;
            svg.Append(Rect(box.X, box.Y, box.Width, height, box.Board.Length > 0 ? "#eaf2f8" : "#f4f6f6", "#1b2631", 2, kind: "box"));
            svg.Append(Text(box.X + 10, box.Y + 22, name, 17, bold: true));
        }

        int index = 0;
        var plates = new List<(double X, double Y, double W, double H)>();
        var rects = blocks.Values.Select(b => (b.X, b.Y, b.Width, b.Height))
            .Concat(Boxes.Select(kv => (kv.Value.X, kv.Value.Y, kv.Value.Width, (boxHeight.TryGetValue(kv.Key, out var used) ? used : kv.Value.Y + 40) - kv.Value.Y)))
            .ToList();
        foreach (var cable in cables)
        {
            var a = blocks[cable.From.Box + " " + cable.From.Connector];
            var b = blocks[cable.To.Box + " " + cable.To.Connector];
            bool aLeftOfB = a.X + a.Width / 2 < b.X + b.Width / 2;
            double ax = aLeftOfB ? a.X + a.Width : a.X, bx = aLeftOfB ? b.X : b.X + b.Width;
            double ay = a.Y + a.Height / 2, by = b.Y + b.Height / 2;
            string colour = colours[index++ % colours.Length];
            double bend = Math.Max(60, Math.Abs(bx - ax) / 3);
            double c1 = aLeftOfB ? ax + bend : ax - bend, c2 = aLeftOfB ? bx - bend : bx + bend;
            lines.Append(CultureInfo.InvariantCulture, $"<path d=\"M {F(ax)} {F(ay)} C {F(c1)} {F(ay)}, {F(c2)} {F(by)}, {F(bx)} {F(by)}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"3\"/>\n");
            lines.Append(Dot(ax, ay, colour)).Append(Dot(bx, by, colour));
            // A pin-for-pin cable's tag is its name; a crossing one's lists pin -> pin.
            bool straight = cable.From.Pins.SequenceEqual(cable.To.Pins);
            string pairs = string.Join("  ", cable.From.Pins.Select((p, i) => p == cable.To.Pins[i] ? p : $"{p}\u2192{cable.To.Pins[i]}"));
            string tag = straight ? cable.Name : $"{cable.Name}: {pairs}";
            double tagWidth = TagWidth(tag);

            // The tag on the cable where its plate touches no box, no connector block and no other tag: from the
            // middle of the curve outwards (a tag on a box's border reads as part of the box).
            (double X, double Y)? spot = null;
            foreach (double t in Enumerable.Range(0, 23).Select(i => 0.5 + (i % 2 == 0 ? 1 : -1) * 0.02 * ((i + 1) / 2)))
            {
                double u = 1 - t;
                double px = u * u * u * ax + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * bx;
                double py = u * u * u * ay + 3 * u * u * t * ay + 3 * u * t * t * by + t * t * t * by;
                var plate = (px - tagWidth / 2, py - 10, tagWidth, 18.0);
                if (rects.Any(r => Meets(plate, r)) || plates.Any(p => Meets(plate, p))) continue;
                spot = (px, py);
                plates.Add(plate);
                break;
            }

            if (spot == null) throw new InvalidOperationException($"wiring.svg: no free place on cable {cable.Name} for its tag '{tag}': move the boxes apart");
            labels.Append(Label(spot.Value.X, spot.Value.Y, tag, colour));
        }

        double bottom = Boxes.Keys.Max(name => boxHeight.TryGetValue(name, out var used) ? used : Boxes[name].Y + 40);
        double legendTop = bottom + 30;
        legend.Append(Text(20, legendTop, "Cables", 14, bold: true));
        int row = 0;
        foreach (var cable in cables)
        {
            double lx = 20 + 840 * (row % 2), ly = legendTop + 20 + 17 * (row / 2);
            legend.Append(Text(lx, ly, $"{cable.Name}  {cable.From.Box} {cable.From.Connector} \u2194 {cable.To.Box} {cable.To.Connector}: {cable.Kind}", 11, colour: colours[row % colours.Length]));
            row++;
        }

        double pictureHeight = legendTop + 30 + 17 * ((row + 1) / 2);
        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{F(pictureHeight)}\" viewBox=\"0 0 {Width} {F(pictureHeight)}\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n");
        output.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{F(pictureHeight)}\" fill=\"#ffffff\"/>\n");
        output.Append(Text(20, 28, "ColdStandby wiring: boxes, connectors (pin: board signal from pinmap.csv) and cables W1... (pin\u2192pin where a cable crosses; a bare name: pin for pin)", 16, bold: true));
        output.Append(Text(20, 48, "Generated by schematics/Generator from pinmap.csv; cabling.kicad_sch has the same cables as nets.", 12, colour: "#555555"));
        output.Append(svg).Append(body).Append(lines).Append(labels).Append(legend).Append("</svg>\n");
        return output.ToString();
    }

    /// <summary>The pin map signal leaving the board on connector pin "J6.1" (or on the whole connector, "J3").</summary>
    private static string SignalOn(PinMap pinMap, string board, string connector, string pin)
    {
        var rows = pinMap.Board(board).Where(r => r.Connectors.Contains(connector + "." + pin) || r.Connectors.Contains(connector)).ToList();
        // A UART's Tx and Rx on one socket read as the link's name.
        return rows.Count == 0 ? "" : string.Join(", ", rows.Select(r => r.IsUart ? r.Signal[..^2] : r.Signal).Distinct());
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Rect(double x, double y, double width, double height, string fill, string stroke, double strokeWidth = 1, string kind = "") =>
        $"<rect{(kind.Length > 0 ? $" class=\"{kind}\"" : "")} x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(width)}\" height=\"{F(height)}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\"/>\n";

    /// <summary>A tag's plate width: 12 px bold DejaVu Sans is at most about 8 px a character, and 5 px either side.</summary>
    private static double TagWidth(string text) => 8.0 * text.Length + 10;

    /// <summary>Whether two rectangles (x, y, width, height) meet, with a 4 px margin.</summary>
    private static bool Meets((double X, double Y, double W, double H) a, (double X, double Y, double W, double H) b) =>
        a.X - 4 < b.X + b.W && b.X - 4 < a.X + a.W && a.Y - 4 < b.Y + b.H && b.Y - 4 < a.Y + a.H;

    /// <summary>A cable's name and pins on a white plate, so it reads over lines.</summary>
    private static string Label(double x, double y, string text, string colour)
    {
        double width = TagWidth(text);
        return Rect(x - width / 2, y - 10, width, 18, "#ffffff", colour, kind: "tag") + Text(x - width / 2 + 5, y + 4, text, 12, bold: true, colour: colour);
    }

    private static string Dot(double x, double y, string colour) => $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"4\" fill=\"{colour}\"/>\n";

    private static string Text(double x, double y, string text, int size, bool bold = false, bool mono = false, string colour = "#1b2631") =>
        $"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{size}\"{(bold ? " font-weight=\"bold\"" : "")}{(mono ? " font-family=\"DejaVu Sans Mono, monospace\"" : "")} fill=\"{colour}\">{WebUtility.HtmlEncode(text)}</text>\n";
}
