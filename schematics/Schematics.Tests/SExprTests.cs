using ColdStandby.Schematics;

namespace ColdStandby.Schematics.Tests;

public class SExprTests
{
    [Fact]
    public void Reads_lists_atoms_and_quoted_strings_with_escapes()
    {
        var root = SExpr.Parse("(kicad_sch (version 20211123) (label \"A \\\"B\\\"\" (at 1.27 -2.54 90)) hide)");
        Assert.Equal("kicad_sch", root.Head);
        Assert.Equal("A \"B\"", root.Child("label")!.Atom(1));
        Assert.Equal(-2.54, root.Child("label")!.Child("at")!.Number(2));
        Assert.True(root.HasFlag("hide"));
    }

    [Fact]
    public void Writes_what_it_reads()
    {
        var text = "(a (b 1 2) (c \"x y\" (d 3)))";
        Assert.Equal(SExpr.Write(SExpr.Parse(text)).Trim(), SExpr.Write(SExpr.Parse(SExpr.Write(SExpr.Parse(text)))).Trim());
    }

    [Fact]
    public void Refuses_an_unclosed_list()
    {
        Assert.Throws<FormatException>(() => SExpr.Parse("(a (b 1)"));
    }

    [Theory]
    [InlineData(0, 1, 2, 1, -2)]
    [InlineData(90, 1, 2, -2, -1)]
    [InlineData(180, 1, 2, -1, 2)]
    [InlineData(270, 1, 2, 2, 1)]
    public void Places_a_library_point_as_kicad_does(int rotation, double x, double y, double sheetX, double sheetY)
    {
        // KiCad: library y points up, sheet y down; a symbol at 90 degrees is turned counter-clockwise.
        Assert.Equal(new Point(sheetX, sheetY), Placement.ToSheet(new Point(0, 0), rotation, x, y));
    }
}
