namespace ColdStandby.Schematics.Tests;

/// <summary>
/// The sheets read cleanly when opened in eeschema: no text outside the frame or on the title block, no
/// text on another text, on a pin, on a part's body or on a wire (issue 16: U7's value on its pin 18,
/// JP1's ground on its pin 2, the cabling sheet's edges).
/// </summary>
public class LayoutTests
{
    public static TheoryData<string> Sheets() => new() { "smu", "dm", "cabling" };

    private static SheetLayout Load(string name) => SheetLayout.Load(Path.Combine(Repository.SchematicsFolder, name + ".kicad_sch"));

    [Theory]
    [MemberData(nameof(Sheets))]
    public void Every_text_is_inside_the_frame_and_off_the_title_block(string name)
    {
        var layout = Load(name);
        None(layout.Texts.Where(t => !t.Box.Inside(layout.Drawable) || t.Box.Overlaps(layout.TitleBlock))
            .Select(t => $"{t.Owner} '{Short(t.Text)}' at {t.Box}"));
    }

    [Theory]
    [MemberData(nameof(Sheets))]
    public void No_text_lies_on_another_text(string name)
    {
        var texts = Load(name).Texts;
        var clashes = new List<string>();
        for (int i = 0; i < texts.Count; i++)
            for (int j = i + 1; j < texts.Count; j++)
                if (texts[i].Box.Overlaps(texts[j].Box))
                    clashes.Add($"{texts[i].Owner} '{Short(texts[i].Text)}' {texts[i].Box} on {texts[j].Owner} '{Short(texts[j].Text)}' {texts[j].Box}");
        None(clashes);
    }

    [Theory]
    [MemberData(nameof(Sheets))]
    public void No_text_lies_on_a_pin_or_on_another_parts_body(string name)
    {
        var layout = Load(name);
        var clashes = new List<string>();
        foreach (var text in layout.Texts)
        {
            foreach (var (owner, a, b) in layout.Pins)
                if (text.Box.Crosses(a, b)) clashes.Add($"{text.Owner} '{Short(text.Text)}' on a pin of {owner} at {a}");
            foreach (var (owner, body) in layout.Bodies)
                if (owner != text.Owner && text.Box.Overlaps(body)) clashes.Add($"{text.Owner} '{Short(text.Text)}' on the body of {owner} {body}");
        }

        None(clashes.Distinct());
    }

    [Theory]
    [MemberData(nameof(Sheets))]
    public void No_text_lies_on_a_wire(string name)
    {
        var layout = Load(name);
        var clashes = new List<string>();
        foreach (var text in layout.Texts)
            foreach (var (a, b) in layout.Wires)
                if (text.Box.Crosses(a, b)) clashes.Add($"{text.Owner} '{Short(text.Text)}' {text.Box} on the wire {a}-{b}");
        None(clashes);
    }

    /// <summary>Fails listing every problem (xunit's collection message stops after a few).</summary>
    private static void None(IEnumerable<string> problems)
    {
        var list = problems.ToList();
        Assert.True(list.Count == 0, $"{list.Count} problem(s):\n" + string.Join("\n", list));
    }

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text.Replace('\n', ' ');
}
