using ColdStandby.Schematics;
using ColdStandby.Schematics.Generator;

// Writes the schematics, their BOMs and the wiring picture next to pinmap.csv:
//   dotnet run --project schematics/Generator [-- <schematics folder> [<KiCad symbol folder>]]
string folder = args.Length > 0 ? args[0] : FindSchematicsFolder();
var library = new KicadLibrary(args.Length > 1 ? args[1] : KicadLibrary.DefaultFolder);
OwnSymbols.DefineIn(library);
var pinMap = PinMap.Load(Path.Combine(folder, "pinmap.csv"));

foreach (var (board, sheet) in new[] { ("smu", SmuBoard.Draw(library, pinMap)), ("dm", DmBoard.Draw(library, pinMap)) })
{
    string text = sheet.Write();
    Write(board + ".kicad_sch", text);
    // The BOM from the schematic as written, as a reader of the file sees it.
    Write(board + "-bom.csv", Bom.Csv(Bom.Of(KicadSchematic.From(SExpr.Parse(text)))));
}

Write("cabling.kicad_sch", Cabling.Draw(library).Write());
Write("wiring.svg", WiringSvg.Draw(pinMap));
return 0;

void Write(string name, string text)
{
    var path = Path.Combine(folder, name);
    bool same = File.Exists(path) && File.ReadAllText(path) == text;
    if (!same) File.WriteAllText(path, text);
    Console.WriteLine($"{(same ? "unchanged" : "wrote")} {path}");
}

static string FindSchematicsFolder()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "pinmap.csv"))) return dir.FullName;
        if (File.Exists(Path.Combine(dir.FullName, "schematics", "pinmap.csv"))) return Path.Combine(dir.FullName, "schematics");
    }

    throw new DirectoryNotFoundException("schematics/pinmap.csv not found above the current folder; pass the folder as the first argument");
}
