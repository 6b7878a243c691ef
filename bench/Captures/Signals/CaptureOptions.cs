namespace ColdStandby.Bench.Captures;

/// <summary>How to read a capture: which board it is of, which channel is which pin, and what its levels mean.</summary>
public sealed class CaptureOptions
{
    private int _threads = Environment.ProcessorCount > 1 ? 2 : 1;

    /// <summary>Gets or sets the board the capture was taken on: <c>smu_a</c>, <c>smu_b</c>, <c>dm</c>, or null for all three.</summary>
    /// <remarks>
    /// Names without a scope (sigrok drops scopes) are taken as this board's pins; in a file with
    /// a scope per board, only this board's channels are checked.
    /// </remarks>
    public string? Board { get; set; }

    /// <summary>
    /// Gets the channel renames: a channel (its name <c>D3</c>, its scope-qualified name
    /// <c>smu_a.peer_tx</c>, or its number from 0 in the file's order, <c>8</c>) to a pin
    /// (<c>smu_a.power_button</c>, or a bare name on <see cref="Board"/>).
    /// </summary>
    public List<(string Channel, string Pin)> Map { get; } = new();

    /// <summary>Gets or sets what a channel's level means.</summary>
    public LevelMeaning Levels { get; set; } = LevelMeaning.Auto;

    /// <summary>Gets or sets whether every decoded byte is kept (for <c>--dump</c>; 16 bytes of memory each), not only counted.</summary>
    public bool KeepBytes { get; set; }

    /// <summary>
    /// Gets or sets whether every good frame is kept (for <c>--report</c> and <c>--dump</c>), not only
    /// those a check reads one by one: a long capture's log read-out is half a million frames an hour.
    /// </summary>
    public bool KeepFrames { get; set; }

    /// <summary>
    /// Gets or sets the threads a check runs on: 2 (the default on a machine with more than one
    /// core) parses the file on the calling thread and decodes the lines on a second one (a sigrok
    /// session also inflates on a third); 1 does everything on the calling thread. The report is the same.
    /// </summary>
    public int Threads
    {
        get => _threads;
        set => _threads = value is 1 or 2 ? value : throw new ArgumentException($"--threads {value}: 1 (read and decode on one thread) or 2 (decode on a second thread)");
    }

    /// <summary>Gets or sets the events a batch to the decoding thread holds (tests put edges on its borders).</summary>
    internal int Batch { get; set; } = DecodeThread.DefaultBatch;

    /// <summary>Gets or sets the specification the capture is checked against.</summary>
    public CaptureSpec Spec { get; set; } = CaptureSpec.Defaults();

    /// <summary>Parses a board name as the command line writes it: <c>smu-a</c>, <c>smu-b</c>, <c>dm</c> or <c>all</c>.</summary>
    public static string? ParseBoard(string text) => text.ToLowerInvariant() switch
    {
        "smu-a" or "smu_a" => "smu_a",
        "smu-b" or "smu_b" => "smu_b",
        "dm" => "dm",
        "all" => null,
        _ => throw new ArgumentException($"unknown board '{text}': smu-a, smu-b, dm or all"),
    };

    /// <summary>
    /// Adds a <c>CHANNEL=PIN</c> pair, or every pair of a map file (one pair a line, <c>#</c> comments)
    /// when <paramref name="entry"/> has no <c>=</c>. Throws <see cref="ArgumentException"/> naming the problem.
    /// </summary>
    public void AddMap(string entry)
    {
        if (entry.Contains('='))
        {
            Map.Add(Pair(entry, "--map"));
            return;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(entry);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"--map {entry}: neither CHANNEL=PIN nor a readable map file ({e.Message})");
        }

        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                Map.Add(Pair(line, $"{Path.GetFileName(entry)} line {i + 1}"));
            }
        }
    }

    private static (string, string) Pair(string text, string where)
    {
        int at = text.IndexOf('=');
        string channel = text[..Math.Max(at, 0)].Trim();
        string pin = text[(at + 1)..].Trim();
        if (at <= 0 || channel.Length == 0 || pin.Length == 0)
        {
            throw new ArgumentException($"{where}: '{text}' is not CHANNEL=PIN (e.g. D3=smu_a.power_button)");
        }

        return (channel, pin);
    }
}

/// <summary>What a channel's level means.</summary>
public enum LevelMeaning
{
    /// <summary>Asserted levels for a file our bench wrote, pin levels for anything else.</summary>
    Auto,

    /// <summary>The level on the pin, as a probe sees it: the pin map's <c>active</c> column says which level is asserted.</summary>
    Pin,

    /// <summary>1 means asserted, whatever the pin's active level (our bench's traces).</summary>
    Asserted,
}
