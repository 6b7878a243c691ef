namespace ColdStandby.Schematics;

/// <summary>
/// KiCad's symbol libraries (<c>.kicad_sym</c> files from the kicad-symbols package), from which a schematic
/// embeds the symbols it uses, flattened the way KiCad embeds them (a derived symbol carries its parent's
/// drawing and pins under its own name).
/// </summary>
public sealed class KicadLibrary(string folder)
{
    public const string DefaultFolder = "/usr/share/kicad/symbols";

    private readonly Dictionary<string, SList> _files = [];
    private readonly Dictionary<string, SList> _defined = [];

    public string Folder { get; } = folder;

    /// <summary>
    /// Adds a symbol drawn in code (<c>(symbol "Lib:Name" ...)</c>, already in embedded form), for a part whose
    /// library symbol does not fit: KiCad's 74xGxx symbols hide their VCC pin, which KiCad then joins to a
    /// global net named VCC instead of the board's +3V3.
    /// </summary>
    public void Define(SList symbol) => _defined[symbol.Atom(1)] = symbol;

    /// <summary>The symbol <paramref name="libId"/> ("Device:R") as a <c>lib_symbols</c> entry.</summary>
    public SList Embedded(string libId)
    {
        if (_defined.TryGetValue(libId, out var own)) return own;
        var (library, name) = Split(libId);
        var symbol = Find(library, name);
        var extends = symbol.Child("extends");
        SList body;
        if (extends == null)
        {
            body = symbol;
        }
        else
        {
            // Parent's flags, drawing and pins; the child's own properties override.
            var parent = Find(library, extends.Atom(1));
            var childProperties = symbol.Children("property").ToDictionary(p => p.Atom(1));
            body = new SList(new List<SNode>(parent.Items.Where(item => item is not SList list || list.Head != "property")));
            var merged = parent.Children("property").Select(p => childProperties.TryGetValue(p.Atom(1), out var own) ? own : p).ToList();
            merged.AddRange(childProperties.Values.Where(p => parent.Children("property").All(q => q.Atom(1) != p.Atom(1))));
            int insertAt = body.Items.FindIndex(item => item is SList list && list.Head == "symbol");
            if (insertAt < 0) insertAt = body.Items.Count;
            body.Items.InsertRange(insertAt, merged);
        }

        string parentName = body.Atom(1);
        var copy = new SList(new List<SNode> { new SAtom("symbol", false), new SAtom(libId, true) });
        foreach (var item in body.Items.Skip(2))
        {
            if (item is SList sub && sub.Head == "symbol")
            {
                var renamed = new SList(new List<SNode>(sub.Items));
                renamed.Items[1] = new SAtom(name + sub.Atom(1)[parentName.Length..], true);
                copy.Items.Add(renamed);
            }
            else
            {
                copy.Items.Add(item);
            }
        }

        return copy;
    }

    private SList Find(string library, string name)
    {
        if (!_files.TryGetValue(library, out var file))
        {
            var path = Path.Combine(Folder, library + ".kicad_sym");
            if (!File.Exists(path)) throw new FileNotFoundException($"KiCad symbol library {path} not found (apt-get install kicad-symbols)");
            _files[library] = file = SExpr.Load(path);
        }

        return file.Children("symbol").FirstOrDefault(s => s.Atom(1) == name)
            ?? throw new KeyNotFoundException($"symbol {name} not in {library}");
    }

    private static (string Library, string Name) Split(string libId)
    {
        int colon = libId.IndexOf(':');
        if (colon < 0) throw new ArgumentException($"'{libId}' is not Library:Name");
        return (libId[..colon], libId[(colon + 1)..]);
    }
}
