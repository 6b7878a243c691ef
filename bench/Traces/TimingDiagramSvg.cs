using System.Globalization;
using System.Xml.Linq;

namespace ColdStandby.Bench.Traces;

/// <summary>
/// Draws a <see cref="TimingDiagram"/> as a standalone SVG picture: lane names on the left, the
/// real time of each tick above its column, long gaps marked with a break and their length,
/// digital lines as waveforms, UART frames and log events as labelled boxes, and red arrows from
/// cause to effect with their labels. Built with <see cref="XDocument"/>, so it is always
/// well-formed XML.
/// </summary>
public static class TimingDiagramSvg
{
    private const double LabelWidth = 150;
    private const double TickWidth = 92;
    private const double LaneHeight = 24;
    private const double LaneGap = 12;
    private const double GroupHeader = 18;
    private const double Top = 92;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    /// <summary>Builds the SVG document.</summary>
    public static XDocument Render(TimingDiagram diagram)
    {
        int ticks = diagram.TicksNs.Count;
        var laneTop = new Dictionary<string, double>();
        var body = new List<XElement>();
        double y = Top;
        string group = "\0";
        bool shade = false;
        foreach (var lane in diagram.Lanes)
        {
            if (lane.Group != group)
            {
                group = lane.Group;
                shade = !shade;
                double bandHeight = GroupHeader + (diagram.Lanes.Count(l => l.Group == group) * (LaneHeight + LaneGap));
                body.Add(Rect(4, y - 2, LabelWidth + (ticks * TickWidth) + 8, bandHeight, shade ? "#f3f6fa" : "#fbfbf7", "none"));
                body.Add(Text(10, y + 12, group, 12, "start", "#223", bold: true));
                y += GroupHeader;
            }

            laneTop[lane.Id] = y;
            body.Add(Text(LabelWidth - 8, y + (LaneHeight / 2) + 4, lane.Name, 11, "end", "#333"));
            body.AddRange(lane.Kind switch
            {
                LaneKind.Bit => BitLane(lane, y, ticks),
                _ => BoxLane(lane, y, ticks),
            });
            y += LaneHeight + LaneGap;
        }

        double height = y + 40;
        double width = LabelWidth + (ticks * TickWidth) + 20;
        var header = new List<XElement>
        {
            Rect(0, 0, width, height, "white", "none"),
            Text(12, 24, diagram.Title, 17, "start", "#111", bold: true),
            Text(12, 44, diagram.Subtitle, 11, "start", "#555"),
        };

        for (int i = 0; i < ticks; i++)
        {
            double x = X(i);
            header.Add(Line(x, Top - 14, x, y - LaneGap, "#d8dce2", 0.8, dashed: true));
            header.Add(Text(x + 3, Top - 18, TimingDiagram.TimeLabel(diagram.TicksNs[i]), 10, "start", "#234"));
            if (diagram.GapBefore(i) is { } gap)
            {
                header.Add(Text(x, Top - 34, gap, 10, "middle", "#a05a00", italic: true));
                header.Add(Line(x - 4, Top - 30, x + 2, Top - 22, "#a05a00", 1.2));
                header.Add(Line(x - 1, Top - 30, x + 5, Top - 22, "#a05a00", 1.2));
            }
        }

        header.Add(Text(LabelWidth - 8, Top - 18, "time (mm:ss.ms)", 10, "end", "#234", italic: true));

        var arrows = new List<XElement>();
        foreach (var arrow in diagram.Arrows)
        {
            arrows.AddRange(Arrow(diagram, arrow, laneTop));
        }

        var footer = Text(12, height - 14,
            "Columns are moments at which something shown changed (not to scale; the time is above each); red arrows run from cause to effect.",
            10, "start", "#666", italic: true);

        var defs = new XElement(Svg + "defs",
            new XElement(Svg + "marker",
                new XAttribute("id", "arrowhead"),
                new XAttribute("viewBox", "0 0 10 10"),
                new XAttribute("refX", "9"),
                new XAttribute("refY", "5"),
                new XAttribute("markerWidth", "7"),
                new XAttribute("markerHeight", "7"),
                new XAttribute("orient", "auto-start-reverse"),
                new XElement(Svg + "path", new XAttribute("d", "M 0 0 L 10 5 L 0 10 z"), new XAttribute("fill", "#c0262d"))));

        var root = new XElement(Svg + "svg",
            new XAttribute("width", F(width)),
            new XAttribute("height", F(height)),
            new XAttribute("viewBox", $"0 0 {F(width)} {F(height)}"),
            new XAttribute("font-family", "DejaVu Sans, Verdana, sans-serif"),
            new XElement(Svg + "title", diagram.Title),
            defs,
            header,
            body,
            arrows,
            footer);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    /// <summary>Writes the SVG to a file.</summary>
    public static void Write(string path, TimingDiagram diagram)
    {
        Render(diagram).Save(path);
    }

    private static double X(int tick) => LabelWidth + (tick * TickWidth);

    private static IEnumerable<XElement> BitLane(DiagramLane lane, double top, int ticks)
    {
        double high = top + 3;
        double low = top + LaneHeight - 3;
        var points = new List<string>();
        var fills = new List<XElement>();
        for (int i = 0; i < ticks; i++)
        {
            double level = lane.Levels[i] ? high : low;
            double x0 = X(i);
            double x1 = X(i + 1);
            bool changed = i > 0 && lane.Levels[i] != lane.Levels[i - 1];
            points.Add(changed ? $"{F(x0 + 3)},{F(level)}" : $"{F(x0)},{F(level)}");
            points.Add($"{F(x1)},{F(level)}");
            if (lane.Levels[i])
            {
                fills.Add(Rect(changed ? x0 + 3 : x0, high, x1 - x0 - (changed ? 3 : 0), low - high, "#dcebfa", "none"));
            }
        }

        foreach (var fill in fills)
        {
            yield return fill;
        }

        yield return new XElement(Svg + "polyline",
            new XAttribute("points", string.Join(' ', points)),
            new XAttribute("fill", "none"),
            new XAttribute("stroke", "#1d4f91"),
            new XAttribute("stroke-width", "1.6"));
    }

    private static IEnumerable<XElement> BoxLane(DiagramLane lane, double top, int ticks)
    {
        double mid = top + (LaneHeight / 2);
        double high = top + 3;
        double low = top + LaneHeight - 3;
        if (lane.Kind == LaneKind.Frames)
        {
            yield return Line(X(0), high, X(ticks), high, "#9aa7b4", 1);
        }
        else
        {
            yield return Line(X(0), mid, X(ticks), mid, "#c9d0d8", 1, dashed: true);
        }

        for (int i = 0; i < ticks; i++)
        {
            if (lane.Labels[i] is not { } label)
            {
                continue;
            }

            double x0 = X(i) + 3;
            double x1 = X(i + 1) - 3;
            string fill = lane.Kind == LaneKind.Frames ? "#fff2bf" : "#d9f2dc";
            string stroke = lane.Kind == LaneKind.Frames ? "#8a6d00" : "#2e7d32";
            yield return new XElement(Svg + "polygon",
                new XAttribute("points", $"{F(x0)},{F(mid)} {F(x0 + 5)},{F(high)} {F(x1 - 5)},{F(high)} {F(x1)},{F(mid)} {F(x1 - 5)},{F(low)} {F(x0 + 5)},{F(low)}"),
                new XAttribute("fill", fill),
                new XAttribute("stroke", stroke),
                new XAttribute("stroke-width", "1"));
            double size = label.Length <= 12 ? 10 : Math.Max(7, 10 * 12.0 / label.Length);
            yield return Text((x0 + x1) / 2, mid + 3.5, label, size, "middle", "#222");
        }
    }

    private static IEnumerable<XElement> Arrow(TimingDiagram diagram, DiagramArrow arrow, Dictionary<string, double> laneTop)
    {
        var from = diagram.Lane(arrow.FromLane);
        var to = diagram.Lane(arrow.ToLane);
        double fromTop = laneTop[from.Id];
        double toTop = laneTop[to.Id];
        bool down = toTop >= fromTop;
        (double x1, double y1) = Anchor(from, arrow.FromTick, fromTop, down);
        (double x2, double y2) = Anchor(to, arrow.ToTick, toTop, !down);

        // A gentle bow, so arrows between the same two lanes do not lie on each other.
        double bend = Math.Clamp(Math.Abs(x2 - x1) / 6, 6, 30);
        double cx = ((x1 + x2) / 2) + (x1 == x2 ? 10 : 0);
        double cy = ((y1 + y2) / 2) - bend;
        yield return new XElement(Svg + "path",
            new XAttribute("d", $"M {F(x1)} {F(y1)} Q {F(cx)} {F(cy)} {F(x2)} {F(y2)}"),
            new XAttribute("fill", "none"),
            new XAttribute("stroke", "#c0262d"),
            new XAttribute("stroke-width", "1.3"),
            new XAttribute("marker-end", "url(#arrowhead)"));

        // The label sits beside the arrow's middle, on the side away from where it comes from.
        double lx = (x1 + (2 * cx) + x2) / 4;
        double ly = (y1 + (2 * cy) + y2) / 4;
        yield return new XElement(Svg + "text",
            new XAttribute("x", F(lx + 5)),
            new XAttribute("y", F(ly + 3)),
            new XAttribute("font-size", "9.5"),
            new XAttribute("font-style", "italic"),
            new XAttribute("fill", "#a01d23"),
            new XAttribute("stroke", "white"),
            new XAttribute("stroke-width", "3"),
            new XAttribute("paint-order", "stroke"),
            arrow.Label);
    }

    /// <summary>Where an arrow meets a lane: a line's edge at the change, or a box's lower or upper rim near its start.</summary>
    private static (double X, double Y) Anchor(DiagramLane lane, int tick, double top, bool bottom)
    {
        double mid = top + (LaneHeight / 2);
        if (lane.Kind == LaneKind.Bit)
        {
            return (X(tick) + 2, mid);
        }

        return (X(tick) + (TickWidth / 3), bottom ? top + LaneHeight - 3 : top + 3);
    }

    private static XElement Rect(double x, double y, double w, double h, string fill, string stroke) =>
        new(Svg + "rect",
            new XAttribute("x", F(x)),
            new XAttribute("y", F(y)),
            new XAttribute("width", F(w)),
            new XAttribute("height", F(h)),
            new XAttribute("fill", fill),
            new XAttribute("stroke", stroke));

    private static XElement Line(double x1, double y1, double x2, double y2, string stroke, double width, bool dashed = false)
    {
        var line = new XElement(Svg + "line",
            new XAttribute("x1", F(x1)),
            new XAttribute("y1", F(y1)),
            new XAttribute("x2", F(x2)),
            new XAttribute("y2", F(y2)),
            new XAttribute("stroke", stroke),
            new XAttribute("stroke-width", F(width)));
        if (dashed)
        {
            line.Add(new XAttribute("stroke-dasharray", "3 3"));
        }

        return line;
    }

    private static XElement Text(double x, double y, string text, double size, string anchor, string fill, bool bold = false, bool italic = false)
    {
        var element = new XElement(Svg + "text",
            new XAttribute("x", F(x)),
            new XAttribute("y", F(y)),
            new XAttribute("font-size", F(size)),
            new XAttribute("text-anchor", anchor),
            new XAttribute("fill", fill),
            text);
        if (bold)
        {
            element.Add(new XAttribute("font-weight", "bold"));
        }

        if (italic)
        {
            element.Add(new XAttribute("font-style", "italic"));
        }

        return element;
    }

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
