using System.Globalization;
using System.Xml.Linq;

namespace ColdStandby.Schematics.Tests;

/// <summary>
/// wiring.svg reads cleanly (issue 16: a cut-off "PWR_LE…", tags on box borders): every text inside the
/// picture and inside the box or connector block it starts in, no cable tag on a box, a block or another tag.
/// Text widths are estimated generously for DejaVu Sans (0.62 of the font size a character, bold 0.68).
/// </summary>
public class WiringSvgTests
{
    private readonly XDocument _svg = XDocument.Load(Path.Combine(Repository.SchematicsFolder, "wiring.svg"));

    private static readonly XNamespace Ns = "http://www.w3.org/2000/svg";

    private static double Number(XElement element, string attribute) =>
        double.Parse(element.Attribute(attribute)!.Value, CultureInfo.InvariantCulture);

    private List<(string Kind, Box Box)> Rects() =>
        _svg.Descendants(Ns + "rect").Where(r => r.Attribute("class") != null)
            .Select(r => (r.Attribute("class")!.Value, new Box(Number(r, "x"), Number(r, "y"), Number(r, "x") + Number(r, "width"), Number(r, "y") + Number(r, "height"))))
            .ToList();

    private List<(string Text, Box Box)> Texts() =>
        _svg.Descendants(Ns + "text").Select(t =>
        {
            double size = Number(t, "font-size"), x = Number(t, "x"), y = Number(t, "y");
            bool bold = t.Attribute("font-weight")?.Value == "bold";
            double width = t.Value.Length * size * (bold ? 0.68 : 0.62);
            return (t.Value, new Box(x, y - size * 0.8, x + width, y + size * 0.25));
        }).ToList();

    [Fact]
    public void Every_text_is_inside_the_picture()
    {
        var root = _svg.Root!;
        var picture = new Box(0, 0, Number(root, "width"), Number(root, "height"));
        Assert.Empty(Texts().Where(t => !t.Box.Inside(picture)).Select(t => $"'{t.Text}' {t.Box}"));
    }

    [Fact]
    public void Every_text_ends_inside_the_box_or_block_it_starts_in()
    {
        var rects = Rects().Where(r => r.Kind is "box" or "block").ToList();
        var problems = new List<string>();
        foreach (var (text, box) in Texts())
        {
            // The innermost rectangle holding the text's start: a connector block inside a box, else the box.
            var holder = rects.Where(r => r.Box.X0 <= box.X0 && box.X0 <= r.Box.X1 && r.Box.Y0 <= box.Y0 && box.Y0 <= r.Box.Y1)
                .OrderBy(r => (r.Box.X1 - r.Box.X0) * (r.Box.Y1 - r.Box.Y0)).FirstOrDefault();
            if (holder.Kind != null && !box.Inside(holder.Box)) problems.Add($"'{text}' {box} runs out of its {holder.Kind} {holder.Box}");
        }

        Assert.Empty(problems);
        Assert.True(rects.Count(r => r.Kind == "block") >= 20, "the connector blocks are drawn with class=\"block\"");
    }

    [Fact]
    public void No_cable_tag_lies_on_a_box_a_block_or_another_tag()
    {
        var rects = Rects();
        var tags = rects.Where(r => r.Kind == "tag").ToList();
        Assert.NotEmpty(tags);
        var problems = new List<string>();
        for (int i = 0; i < tags.Count; i++)
        {
            foreach (var other in rects.Where(r => r.Kind is "box" or "block"))
                if (tags[i].Box.Overlaps(other.Box, slack: 0)) problems.Add($"tag {tags[i].Box} on the {other.Kind} {other.Box}");
            for (int j = i + 1; j < tags.Count; j++)
                if (tags[i].Box.Overlaps(tags[j].Box, slack: 0)) problems.Add($"tag {tags[i].Box} on tag {tags[j].Box}");
        }

        Assert.Empty(problems);
    }
}
