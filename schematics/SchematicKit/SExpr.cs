using System.Globalization;
using System.Text;

namespace ColdStandby.Schematics;

/// <summary>A node of a KiCad S-expression file: an atom (symbol, number or quoted string) or a list.</summary>
public abstract class SNode
{
}

/// <summary>An atom; <see cref="Quoted"/> tells a string from a bare symbol or number.</summary>
public sealed class SAtom(string value, bool quoted) : SNode
{
    public string Value { get; } = value;
    public bool Quoted { get; } = quoted;
    public override string ToString() => Value;
}

/// <summary>A parenthesised list; the first item is its head, e.g. <c>symbol</c>, <c>wire</c>, <c>pin</c>.</summary>
public sealed class SList(List<SNode> items) : SNode
{
    public List<SNode> Items { get; } = items;

    public SList(params object[] items) : this(items.Select(ToNode).ToList())
    {
    }

    public string Head => Items.Count > 0 && Items[0] is SAtom atom ? atom.Value : "";

    public IEnumerable<SList> Children(string head) => Items.OfType<SList>().Where(list => list.Head == head);

    public SList? Child(string head) => Children(head).FirstOrDefault();

    /// <summary>The atom at <paramref name="index"/> (0 is the head).</summary>
    public string Atom(int index) => index < Items.Count && Items[index] is SAtom atom ? atom.Value : "";

    public double Number(int index) => double.Parse(Atom(index), CultureInfo.InvariantCulture);

    /// <summary>Whether a bare atom such as <c>hide</c> or <c>power</c> stands among the items.</summary>
    public bool HasFlag(string flag) => Items.Skip(1).OfType<SAtom>().Any(atom => !atom.Quoted && atom.Value == flag);

    public SList Add(params object[] items)
    {
        foreach (var item in items) Items.Add(ToNode(item));
        return this;
    }

    private static SNode ToNode(object item) => item switch
    {
        SNode node => node,
        Sym sym => new SAtom(sym.Name, quoted: false),
        string text => new SAtom(text, quoted: true),
        double number => new SAtom(SExpr.FormatNumber(number), quoted: false),
        int number => new SAtom(number.ToString(CultureInfo.InvariantCulture), quoted: false),
        _ => throw new ArgumentException($"cannot put a {item.GetType().Name} in an S-expression"),
    };
}

/// <summary>A bare symbol atom for <see cref="SList"/>'s constructor: <c>new SList(new Sym("at"), 1.0, 2.0)</c>.</summary>
public readonly record struct Sym(string Name);

/// <summary>Reads and writes KiCad's S-expression files.</summary>
public static class SExpr
{
    public static SList Parse(string text)
    {
        int position = 0;
        SkipSpace(text, ref position);
        var node = ParseNode(text, ref position);
        SkipSpace(text, ref position);
        if (position != text.Length) throw new FormatException($"text after the top-level list at {position}");
        return node as SList ?? throw new FormatException("the file is not a list");
    }

    public static SList Load(string path) => Parse(File.ReadAllText(path));

    private static SNode ParseNode(string text, ref int position)
    {
        if (position >= text.Length) throw new FormatException("unexpected end of file");
        char c = text[position];
        if (c == '(')
        {
            position++;
            var items = new List<SNode>();
            while (true)
            {
                SkipSpace(text, ref position);
                if (position >= text.Length) throw new FormatException("unclosed list");
                if (text[position] == ')')
                {
                    position++;
                    return new SList(items);
                }

                items.Add(ParseNode(text, ref position));
            }
        }

        if (c == '"')
        {
            var value = new StringBuilder();
            position++;
            while (true)
            {
                if (position >= text.Length) throw new FormatException("unclosed string");
                char s = text[position++];
                if (s == '"') return new SAtom(value.ToString(), quoted: true);
                if (s == '\\' && position < text.Length)
                {
                    char escaped = text[position++];
                    value.Append(escaped switch { 'n' => '\n', 't' => '\t', _ => escaped });
                }
                else
                {
                    value.Append(s);
                }
            }
        }

        if (c == ')') throw new FormatException($"unexpected ) at {position}");
        int start = position;
        while (position < text.Length && !char.IsWhiteSpace(text[position]) && text[position] != '(' && text[position] != ')')
            position++;
        return new SAtom(text[start..position], quoted: false);
    }

    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position])) position++;
    }

    public static string FormatNumber(double value)
    {
        var rounded = Math.Round(value, 4);
        if (rounded == 0) rounded = 0; // no "-0"
        return rounded.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary>Writes a list the way KiCad does: short lists on one line, long ones broken before sub-lists.</summary>
    public static string Write(SList list)
    {
        var output = new StringBuilder();
        Write(list, output, 0);
        output.Append('\n');
        return output.ToString();
    }

    private static void Write(SList list, StringBuilder output, int depth)
    {
        string flat = Flat(list);
        if (flat.Length + depth * 2 <= 100 || !list.Items.Skip(1).Any(item => item is SList))
        {
            output.Append(flat);
            return;
        }

        output.Append('(');
        bool first = true;
        foreach (var item in list.Items)
        {
            if (item is SList child && !first)
            {
                output.Append('\n').Append(' ', (depth + 1) * 2);
                Write(child, output, depth + 1);
            }
            else
            {
                if (!first) output.Append(' ');
                output.Append(item is SAtom atom ? AtomText(atom) : Flat((SList)item));
            }

            first = false;
        }

        output.Append('\n').Append(' ', depth * 2).Append(')');
    }

    private static string Flat(SList list) =>
        "(" + string.Join(" ", list.Items.Select(item => item is SAtom atom ? AtomText(atom) : Flat((SList)item))) + ")";

    private static string AtomText(SAtom atom) =>
        atom.Quoted ? "\"" + atom.Value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"" : atom.Value;
}
