namespace ColdStandby.Schematics.Tests;

/// <summary>The bills of materials (schematics/smu-bom.csv, dm-bom.csv) list every part of their board's sheet, orderably.</summary>
public class BomTests
{
    private static string CsvPath(string board) => Path.Combine(Repository.SchematicsFolder, board + "-bom.csv");

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void The_bom_file_is_what_the_schematic_gives(string board)
    {
        var expected = Bom.Csv(Bom.Of(Repository.Board(board)));
        Assert.True(expected == File.ReadAllText(CsvPath(board)), $"{board}-bom.csv is stale: run dotnet run --project schematics/Generator");
    }

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void Every_part_on_the_sheet_is_on_exactly_one_line_with_its_value_footprint_and_part_number(string board)
    {
        var sheet = Repository.Board(board);
        var lines = Bom.Parse(File.ReadAllText(CsvPath(board)));
        var parts = sheet.Symbols.Where(s => !sheet.Library[s.LibId].IsPower).ToList();
        var listed = lines.SelectMany(l => l.References).ToList();

        Assert.Empty(listed.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key + " listed twice"));
        Assert.Empty(parts.Where(p => p.OnBoard && !listed.Contains(p.Reference)).Select(p => p.Reference + " missing"));
        Assert.Empty(listed.Where(r => parts.All(p => p.Reference != r)).Select(r => r + " is not on the sheet"));
        foreach (var line in lines)
        {
            Assert.False(string.IsNullOrWhiteSpace(line.Manufacturer) || string.IsNullOrWhiteSpace(line.Mpn), $"{string.Join(" ", line.References)}: no part number");
            Assert.False(string.IsNullOrWhiteSpace(line.Footprint), $"{string.Join(" ", line.References)}: no footprint");
            foreach (var reference in line.References)
            {
                var part = sheet.Symbol(reference);
                string value = part.Property("Part").Length > 0 ? part.Property("Part") : part.Value;
                Assert.True(value == line.Value && part.Property("Footprint") == line.Footprint && part.Property("MPN") == line.Mpn,
                    $"{reference} is {value} {part.Property("Footprint")} {part.Property("MPN")}, its BOM line says {line.Value} {line.Footprint} {line.Mpn}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(WiringContract.Boards), MemberType = typeof(WiringContract))]
    public void One_part_number_is_one_line(string board)
    {
        var lines = Bom.Parse(File.ReadAllText(CsvPath(board)));
        Assert.Empty(lines.GroupBy(l => l.Mpn).Where(g => g.Count() > 1).Select(g => g.Key + " on several lines"));
    }

    [Fact]
    public void The_csv_quotes_what_needs_quoting_and_reads_back()
    {
        var lines = new[]
        {
            new BomLine(["J4", "J5"], "2-way 5.08", "TerminalBlock_Phoenix:TerminalBlock_Phoenix_MKDS-1,5-2-5.08_1x02_P5.08mm_Horizontal", "Phoenix Contact", "1715721"),
            new BomLine(["R1"], "say \"10k\"", "Resistor_SMD:R_0603_1608Metric", "Yageo", "RC0603FR-0710KL"),
        };
        var csv = Bom.Csv(lines);
        Assert.Contains("\"TerminalBlock_Phoenix:TerminalBlock_Phoenix_MKDS-1,5-2-5.08_1x02_P5.08mm_Horizontal\"", csv);
        var back = Bom.Parse(csv);
        Assert.Equal(lines.Select(l => (string.Join(" ", l.References), l.Value, l.Footprint, l.Mpn, l.Quantity)),
            back.Select(l => (string.Join(" ", l.References), l.Value, l.Footprint, l.Mpn, l.Quantity)));
        Assert.Throws<FormatException>(() => Bom.Parse(Bom.Header + "\nR1,10k,fp,Yageo,X,2\n"));
    }
}
