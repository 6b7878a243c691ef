using System.Globalization;

namespace ColdStandby.Schematics;

/// <summary>One row of <c>schematics/pinmap.csv</c>: one signal on one ESP32 GPIO of one board.</summary>
public sealed record PinAssignment(
    string Board,
    string Signal,
    int Gpio,
    string Kind,
    string Active,
    string Uart,
    PullResistor? Pull,
    string Reset,
    string Connector,
    string Vcd,
    string Description)
{
    public bool IsOutput => Kind == "out";
    public bool IsInput => Kind == "in";
    public bool IsUart => Kind is "tx" or "rx";

    /// <summary>Whether the signal is a latch's output read back: it keeps its state through the board's own reset.</summary>
    public bool IsHeld => Reset == "held";

    /// <summary>Every connector pin the signal leaves the board on ("J6.1"; "J3" for a whole socket); empty for "-".</summary>
    public IReadOnlyList<string> Connectors => Connector == "-" ? [] : Connector.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>An external pull resistor on a GPIO net: its reference, value and the rail it pulls to.</summary>
public sealed record PullResistor(string Reference, string Value, bool Up)
{
    /// <summary>The power net the resistor's other end sits on.</summary>
    public string Rail => Up ? "+3V3" : "GND";

    public override string ToString() => $"{Reference} {Value} {(Up ? "up" : "down")}";
}

/// <summary>The pin map: <c>schematics/pinmap.csv</c>, read strictly (a malformed row names its line).</summary>
public sealed class PinMap
{
    public const string Header = "board,signal,gpio,kind,active,uart,pull,reset,connector,vcd,description";

    public PinMap(IReadOnlyList<PinAssignment> rows) => Rows = rows;

    public IReadOnlyList<PinAssignment> Rows { get; }

    public IEnumerable<PinAssignment> Board(string board) => Rows.Where(row => row.Board == board);

    public PinAssignment Get(string board, string signal) =>
        Rows.SingleOrDefault(row => row.Board == board && row.Signal == signal)
        ?? throw new KeyNotFoundException($"pin map has no {board} signal {signal}");

    public static PinMap Load(string path) => Parse(File.ReadAllLines(path), path);

    /// <summary>The pin map as it was when this assembly was built (schematics/pinmap.csv, built in).</summary>
    public static PinMap BuiltIn { get; } = LoadBuiltIn();

    private static PinMap LoadBuiltIn()
    {
        using var stream = typeof(PinMap).Assembly.GetManifestResourceStream("pinmap.csv")
            ?? throw new InvalidOperationException("schematics/pinmap.csv is not built into ColdStandby.SchematicKit");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd().Split('\n'), "schematics/pinmap.csv (built in)");
    }

    public static PinMap Parse(IEnumerable<string> lines, string source = "pinmap.csv")
    {
        var rows = new List<PinAssignment>();
        bool headerSeen = false;
        int number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (!headerSeen)
            {
                if (line != Header) throw new FormatException($"{source}:{number}: header must be: {Header}");
                headerSeen = true;
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != 11) throw new FormatException($"{source}:{number}: {fields.Length} fields, want 11 (no commas in a description)");
            for (int i = 0; i < fields.Length; i++) fields[i] = fields[i].Trim();
            string Where(string column) => $"{source}:{number}: {column}";

            if (fields[0] is not ("smu" or "dm")) throw new FormatException($"{Where("board")} must be smu or dm, not '{fields[0]}'");
            if (!int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out int gpio) || gpio > 39)
                throw new FormatException($"{Where("gpio")} must be 0-39, not '{fields[2]}'");
            if (fields[3] is not ("out" or "in" or "tx" or "rx")) throw new FormatException($"{Where("kind")} must be out, in, tx or rx");
            bool uart = fields[3] is "tx" or "rx";
            if (uart ? fields[4] != "-" : fields[4] is not ("high" or "low")) throw new FormatException($"{Where("active")} must be high or low (- for UART pins)");
            if (uart ? !fields[5].StartsWith("COM", StringComparison.Ordinal) : fields[5] != "-") throw new FormatException($"{Where("uart")} must be COMn for UART pins, - otherwise");
            if (fields[7] is not ("deasserted" or "asserted" or "idle" or "held")) throw new FormatException($"{Where("reset")} must be deasserted, asserted, idle or held");
            if (fields[7] == "held" && fields[3] != "in") throw new FormatException($"{Where("reset")} held is for an input reading a latch back, not a {fields[3]} pin");
            rows.Add(new PinAssignment(fields[0], fields[1], gpio, fields[3], fields[4], fields[5], ParsePull(fields[6], Where("pull")),
                fields[7], fields[8], fields[9], fields[10]));
        }

        if (!headerSeen) throw new FormatException($"{source}: no header line");
        return new PinMap(rows);
    }

    private static PullResistor? ParsePull(string text, string where)
    {
        if (text == "-") return null;
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3 || !parts[0].StartsWith('R') || parts[2] is not ("up" or "down"))
            throw new FormatException($"{where} must be like 'R10 4k7 down', not '{text}'");
        return new PullResistor(parts[0], parts[1], parts[2] == "up");
    }
}
