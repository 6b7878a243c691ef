using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// A capture's channels resolved to the boards' pins: which channel is which pin (by its scope
/// and name, the <c>--board</c> for names without a scope, and the <c>--map</c> renames), each
/// line's waveform in asserted terms (1 = asserted), and the channels that carry nothing checked.
/// </summary>
public sealed class CaptureSignals
{
    private CaptureSignals(VcdCapture capture, LevelMeaning levels, string? board, List<MappedChannel> mapped, List<(VcdChannel, string)> unused)
    {
        Capture = capture;
        Levels = levels;
        Board = board;
        Mapped = mapped;
        Unused = unused;
    }

    /// <summary>Gets the capture.</summary>
    public VcdCapture Capture { get; }

    /// <summary>Gets what the levels were taken to mean (never <see cref="LevelMeaning.Auto"/>).</summary>
    public LevelMeaning Levels { get; }

    /// <summary>Gets the board the capture is of, or null for all.</summary>
    public string? Board { get; }

    /// <summary>Gets every channel that is a pin, in the file's order.</summary>
    public IReadOnlyList<MappedChannel> Mapped { get; }

    /// <summary>Gets the channels that are no pin, or not on the board checked, with the reason.</summary>
    public IReadOnlyList<(VcdChannel Channel, string Why)> Unused { get; }

    /// <summary>Gets the capture's start.</summary>
    public long StartPs => Capture.StartPs;

    /// <summary>Gets the capture's end.</summary>
    public long EndPs => Capture.EndPs;

    /// <summary>
    /// Gets a line in asserted terms, or null when it was not captured. When both ends of a wire
    /// were captured (the DM's GrantA and SMU A's StorageGranted), the driving end.
    /// </summary>
    public Waveform? Line(SignalRole role, Side side) =>
        Ends(role, side).OrderBy(m => m.Pin.Kind == "out" ? 0 : 1).FirstOrDefault()?.Waveform;

    /// <summary>Gets every captured end of a line or link.</summary>
    public IEnumerable<MappedChannel> Ends(SignalRole role, Side side) => Mapped.Where(m => m.Pin.Role == role && m.Pin.Side == side);

    /// <summary>Gets the UART channels that carry ColdStandby frames.</summary>
    public IEnumerable<MappedChannel> Links => Mapped.Where(m => m.Pin.IsUart && m.Pin.Role != SignalRole.Debug);

    /// <summary>Resolves a capture's channels; throws <see cref="ArgumentException"/> for a map or board that does not fit it.</summary>
    public static CaptureSignals Resolve(VcdCapture capture, CaptureOptions options)
    {
        var pins = PinCatalogue.Boards;
        var levels = options.Levels != LevelMeaning.Auto ? options.Levels : capture.WrittenByBench ? LevelMeaning.Asserted : LevelMeaning.Pin;
        string? board = options.Board;
        var mapped = new List<MappedChannel>();
        var unused = new List<(VcdChannel, string)>();
        var usedMaps = new HashSet<int>();

        foreach (var channel in capture.Channels)
        {
            int map = options.Map.FindIndex(m => m.Channel == channel.FullName || m.Channel == channel.Name);
            CapturePin? pin;
            if (map >= 0)
            {
                usedMaps.Add(map);
                pin = MapTarget(options.Map[map].Pin, board, pins);
            }
            else
            {
                pin = DefaultPin(channel, board, pins, out string why);
                if (pin == null)
                {
                    unused.Add((channel, why));
                    continue;
                }
            }

            if (board != null && pin.Instance != board)
            {
                unused.Add((channel, $"on {pin.Instance}, not the board checked ({board})"));
                continue;
            }

            var twin = mapped.FirstOrDefault(m => m.Pin == pin);
            if (twin != null)
            {
                throw new ArgumentException($"channels '{twin.Channel.FullName}' (line {twin.Channel.Line}) and '{channel.FullName}' (line {channel.Line}) are both {pin.FullName}: " +
                    "give one of them another pin with --map, or --board when the file holds one board");
            }

            bool invert = !pin.IsUart && levels == LevelMeaning.Pin && !pin.ActiveHigh;
            mapped.Add(new MappedChannel(channel, pin, invert ? channel.Waveform.Inverted() : channel.Waveform));
        }

        for (int i = 0; i < options.Map.Count; i++)
        {
            if (!usedMaps.Contains(i))
            {
                throw new ArgumentException($"--map {options.Map[i].Channel}={options.Map[i].Pin}: the capture has no channel '{options.Map[i].Channel}' " +
                    $"(it has {string.Join(", ", capture.Channels.Select(c => c.FullName).Take(40))})");
            }
        }

        if (mapped.Count == 0)
        {
            throw new ArgumentException($"no channel of {capture.Source} is a pin of the boards ({string.Join("; ", unused.Take(3).Select(u => $"{u.Item1.FullName}: {u.Item2}"))}" +
                $"{(unused.Count > 3 ? "; …" : "")}): give --board for a file of one board, or --map CHANNEL=PIN");
        }

        return new CaptureSignals(capture, levels, board, mapped, unused);
    }

    private static CapturePin MapTarget(string target, string? board, PinCatalogue pins)
    {
        int dot = target.IndexOf('.');
        string? instance = dot > 0 ? target[..dot] : board;
        string name = dot > 0 ? target[(dot + 1)..] : target;
        if (instance == null)
        {
            throw new ArgumentException($"--map …={target}: which board? write smu_a.{target}, smu_b.{target} or dm.{target}, or give --board");
        }

        if (!PinCatalogue.Instances.Contains(instance))
        {
            throw new ArgumentException($"--map …={target}: '{instance}' is no board; the boards are {string.Join(", ", PinCatalogue.Instances)}");
        }

        return pins.Find(instance, name)
            ?? throw new ArgumentException($"--map …={target}: {instance} has no pin '{name}'; it has {string.Join(", ", pins.NamesOn(instance))}");
    }

    private static CapturePin? DefaultPin(VcdChannel channel, string? board, PinCatalogue pins, out string why)
    {
        // Our traces: a scope per board. sigrok: one "libsigrok" scope, so the board comes from --board,
        // or from a channel renamed "smu_a.power_button" in the tool.
        string? instance = PinCatalogue.Instances.Contains(channel.Scope) ? channel.Scope : board;
        string name = channel.Name;
        int dot = name.IndexOf('.');
        if (instance == null && dot > 0 && PinCatalogue.Instances.Contains(name[..dot]))
        {
            instance = name[..dot];
            name = name[(dot + 1)..];
        }

        if (instance == null)
        {
            why = "no board: give --board, or --map it to a pin";
            return null;
        }

        var pin = pins.Find(instance, name);
        why = pin == null ? $"no pin of {instance} is called '{name}': --map it to one" : "";
        return pin;
    }
}

/// <summary>A capture channel that is a pin.</summary>
/// <param name="Channel">The channel as the file declares it.</param>
/// <param name="Pin">The pin it is.</param>
/// <param name="Waveform">Its levels: asserted terms for a line, the level on the wire for a UART.</param>
public sealed record MappedChannel(VcdChannel Channel, CapturePin Pin, Waveform Waveform)
{
    /// <summary>Gets how it is named in the report: the channel, and the pin when they differ.</summary>
    public string Label => Channel.FullName == Pin.FullName || Channel.Name == Pin.Vcd ? Pin.FullName : $"{Channel.FullName} ({Pin.FullName})";

    /// <summary>Gets the side the line or link belongs to.</summary>
    public Side Side => Pin.Side;
}
