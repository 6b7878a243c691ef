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

    private static readonly Dictionary<string, (double X, double Y, double Width, string Board)> Boxes = new()
    {
        ["Server A"] = (20, 60, 230, ""),
        ["SMU A"] = (340, 60, 300, "smu"),
        ["SMU B"] = (860, 60, 300, "smu"),
        ["Server B"] = (1250, 60, 230, ""),
        ["Alarm panel"] = (20, 640, 230, ""),
        ["DM"] = (600, 640, 300, "dm"),
        ["Enclosures A"] = (1030, 640, 230, ""),
        ["Enclosures B"] = (1030, 760, 230, ""),
        ["Management PC"] = (1250, 880, 230, ""),
        ["Disk controller"] = (1030, 880, 230, ""),
        ["Cabinet supply"] = (340, 880, 230, ""),
    };

    public static string Draw(PinMap pinMap)
    {
        var cables = Cabling.Cables();
        var blocks = new Dictionary<string, (double X, double Y, double Width, double Height)>();
        var svg = new StringBuilder();
        var body = new StringBuilder();
        var lines = new StringBuilder();
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
            body.Append(Rect(box.X + 10, y, box.Width - 20, height, "#ffffff", "#555555"));
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
            svg.Append(Rect(box.X, box.Y, box.Width, height, box.Board.Length > 0 ? "#eaf2f8" : "#f4f6f6", "#1b2631", 2));
            svg.Append(Text(box.X + 10, box.Y + 22, name, 17, bold: true));
        }

        int index = 0;
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
            string pairs = string.Join("  ", cable.From.Pins.Select((p, i) => p == cable.To.Pins[i] ? p : $"{p}\u2192{cable.To.Pins[i]}"));
            double mx = (ax + bx) / 2, my = (ay + by) / 2;
            lines.Append(Text(mx - 70, my - 6, $"{cable.Name}: {pairs}", 12, bold: true, colour: colour, halo: true));
            lines.Append(Text(mx - 70, my + 9, cable.Kind, 10, colour: colour, halo: true));
        }

        var output = new StringBuilder();
        output.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1500\" height=\"1020\" viewBox=\"0 0 1500 1020\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n");
        output.Append("<rect width=\"1500\" height=\"1020\" fill=\"#ffffff\"/>\n");
        output.Append(Text(20, 30, "ColdStandby wiring: boxes, connectors (pin: board signal from pinmap.csv) and cables W1... (pin\u2192pin where a cable crosses)", 16, bold: true));
        output.Append(Text(20, 48, "Generated by schematics/Generator from pinmap.csv; cabling.kicad_sch has the same cables as nets.", 12, colour: "#555555"));
        output.Append(svg).Append(body).Append(lines).Append("</svg>\n");
        return output.ToString();
    }

    /// <summary>The pin map signal leaving the board on connector pin "J6.1" (or on the whole connector, "J3").</summary>
    private static string SignalOn(PinMap pinMap, string board, string connector, string pin)
    {
        var rows = pinMap.Board(board).Where(r => r.Connector == connector + "." + pin || r.Connector == connector).ToList();
        return rows.Count == 0 ? "" : string.Join(", ", rows.Select(r => r.Signal));
    }

    private static string F(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Rect(double x, double y, double width, double height, string fill, string stroke, double strokeWidth = 1) =>
        $"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(width)}\" height=\"{F(height)}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\"/>\n";

    private static string Dot(double x, double y, string colour) => $"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"4\" fill=\"{colour}\"/>\n";

    private static string Text(double x, double y, string text, int size, bool bold = false, bool mono = false, string colour = "#1b2631", bool halo = false) =>
        $"<text x=\"{F(x)}\" y=\"{F(y)}\" font-size=\"{size}\"{(bold ? " font-weight=\"bold\"" : "")}{(mono ? " font-family=\"DejaVu Sans Mono, monospace\"" : "")}" +
        $"{(halo ? " stroke=\"#ffffff\" stroke-width=\"4\" paint-order=\"stroke\"" : "")} fill=\"{colour}\">{WebUtility.HtmlEncode(text)}</text>\n";
}
