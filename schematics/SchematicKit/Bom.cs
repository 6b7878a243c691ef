using System.Text;
using System.Text.RegularExpressions;

namespace ColdStandby.Schematics;

/// <summary>One line of a bill of materials: the same orderable part, every reference it is fitted at.</summary>
public sealed record BomLine(IReadOnlyList<string> References, string Value, string Footprint, string Manufacturer, string Mpn)
{
    public int Quantity => References.Count;
}

/// <summary>
/// A board's bill of materials, read from its schematic: every symbol that is on the board and in the BOM
/// (power symbols and flags are neither), grouped by what is ordered (value or the <c>Part</c> field,
/// footprint, manufacturer, <c>MPN</c>), references in natural order (R2 before R10).
/// </summary>
public static partial class Bom
{
    public const string Header = "references,value,footprint,manufacturer,mpn,quantity";

    public static IReadOnlyList<BomLine> Of(KicadSchematic sheet) =>
        sheet.Symbols
            .Where(s => s.InBom && !sheet.Library[s.LibId].IsPower)
            .GroupBy(s => (Value: s.Property("Part").Length > 0 ? s.Property("Part") : s.Value, Footprint: s.Property("Footprint"),
                Manufacturer: s.Property("Manufacturer"), Mpn: s.Property("MPN")))
            .Select(g => new BomLine(g.Select(s => s.Reference).OrderBy(Natural.Key, StringComparer.Ordinal).ToList(), g.Key.Value, g.Key.Footprint, g.Key.Manufacturer, g.Key.Mpn))
            .OrderBy(l => Natural.Key(l.References[0]), StringComparer.Ordinal)
            .ToList();

    /// <summary>The BOM as CSV (RFC 4180 quoting: footprint names can hold commas), one line per part, header first.</summary>
    public static string Csv(IEnumerable<BomLine> lines)
    {
        var csv = new StringBuilder(Header).Append('\n');
        foreach (var line in lines)
        {
            csv.Append(Quote(string.Join(" ", line.References))).Append(',').Append(Quote(line.Value)).Append(',').Append(Quote(line.Footprint)).Append(',')
                .Append(Quote(line.Manufacturer)).Append(',').Append(Quote(line.Mpn)).Append(',').Append(line.Quantity).Append('\n');
        }

        return csv.ToString();
    }

    /// <summary>Reads a BOM CSV back (the inverse of <see cref="Csv"/>).</summary>
    public static IReadOnlyList<BomLine> Parse(string csv)
    {
        var rows = csv.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (rows.Length == 0 || rows[0] != Header) throw new FormatException("a BOM starts with: " + Header);
        var lines = new List<BomLine>();
        for (int i = 1; i < rows.Length; i++)
        {
            var fields = Fields(rows[i]);
            if (fields.Count != 6) throw new FormatException($"BOM line {i + 1}: {fields.Count} fields, want 6");
            var line = new BomLine(fields[0].Split(' '), fields[1], fields[2], fields[3], fields[4]);
            if (line.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture) != fields[5])
                throw new FormatException($"BOM line {i + 1}: quantity {fields[5]} but {line.Quantity} references");
            lines.Add(line);
        }

        return lines;
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;

    private static List<string> Fields(string row)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < row.Length; i++)
        {
            char c = row[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < row.Length && row[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else field.Append(c);
        }

        fields.Add(field.ToString());
        return fields;
    }

    private static partial class Natural
    {
        /// <summary>A sort key that orders "R2" before "R10": the letters, then the number padded.</summary>
        public static string Key(string reference)
        {
            var match = Prefix().Match(reference);
            return match.Success ? match.Groups[1].Value + match.Groups[2].Value.PadLeft(6, '0') : reference;
        }

        [GeneratedRegex(@"^([A-Za-z#]+)(\d+)$")]
        private static partial Regex Prefix();
    }
}
