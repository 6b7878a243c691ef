using ColdStandby.Protocol;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// A capture's channels resolved to the boards' pins: which channel is which pin (by its scope
/// and name, the <c>--board</c> for names without a scope, and the <c>--map</c> renames, by name,
/// scope-qualified name or channel number), each line's waveform in asserted terms (1 = asserted)
/// once read, and the channels that carry nothing checked. Resolved from the header alone, so
/// the one pass over the values reads only these channels.
/// </summary>
public sealed class CaptureSignals
{
    private CaptureSignals(CaptureHeader header, LevelMeaning levels, string? board, List<MappedChannel> mapped, List<(CaptureChannel, string)> unused)
    {
        Header = header;
        Levels = levels;
        Board = board;
        Mapped = mapped;
        Unused = unused;
    }

    /// <summary>Gets what the file declares.</summary>
    public CaptureHeader Header { get; }

    /// <summary>Gets the time the capture covers (after reading).</summary>
    public CaptureSpan Span { get; internal set; }

    /// <summary>Gets what the levels were taken to mean (never <see cref="LevelMeaning.Auto"/>).</summary>
    public LevelMeaning Levels { get; }

    /// <summary>Gets the board the capture is of, or null for all.</summary>
    public string? Board { get; }

    /// <summary>Gets every channel that is a pin, in the file's order.</summary>
    public IReadOnlyList<MappedChannel> Mapped { get; }

    /// <summary>Gets the channels that are no pin, or not on the board checked, with the reason.</summary>
    public IReadOnlyList<(CaptureChannel Channel, string Why)> Unused { get; }

    /// <summary>Gets the capture's start.</summary>
    public long StartPs => Span.StartPs;

    /// <summary>Gets the capture's end.</summary>
    public long EndPs => Span.EndPs;

    /// <summary>
    /// Gets a line in asserted terms, or null when it was not captured. When both ends of a wire
    /// were captured (the DM's GrantA and SMU A's StorageGranted), the driving end.
    /// </summary>
    public Waveform? Line(SignalRole role, Side side) =>
        Ends(role, side).Where(m => m.Waveform != null).OrderBy(m => m.Pin.Kind == "out" ? 0 : 1).FirstOrDefault()?.Waveform;

    /// <summary>Gets every captured end of a line or link.</summary>
    public IEnumerable<MappedChannel> Ends(SignalRole role, Side side) => Mapped.Where(m => m.Pin.Role == role && m.Pin.Side == side);

    /// <summary>Gets the UART channels that carry ColdStandby frames.</summary>
    public IEnumerable<MappedChannel> Links => Mapped.Where(m => m.Pin.IsUart && m.Pin.Role != SignalRole.Debug);

    /// <summary>Resolves a capture's channels; throws <see cref="ArgumentException"/> for a map or board that does not fit it.</summary>
    public static CaptureSignals Resolve(CaptureHeader header, CaptureOptions options)
    {
        var pins = PinCatalogue.Boards;
        var levels = options.Levels != LevelMeaning.Auto ? options.Levels : header.WrittenByBench ? LevelMeaning.Asserted : LevelMeaning.Pin;
        string? board = options.Board;
        var mapped = new List<MappedChannel>();
        var unused = new List<(CaptureChannel, string)>();
        var renamed = new Dictionary<int, CapturePin>();
        foreach (var (channelName, target) in options.Map)
        {
            var channel = FindChannel(header, channelName, target);
            var pin = MapTarget(channelName, target, board, pins);
            if (!renamed.TryAdd(channel.Index, pin))
            {
                throw new ArgumentException($"--map {channelName}={target}: channel {channel.Describe()} is already mapped to {renamed[channel.Index].FullName}");
            }

            if (!channel.IsBit)
            {
                throw new ArgumentException($"--map {channelName}={target}: {channel.Describe()} is {(channel.Width > 1 ? $"{channel.Width} bits wide" : $"a {channel.Type}")}: " +
                    "only one-bit wires can be checked (export each bit as its own channel)");
            }
        }

        foreach (var channel in header.Channels)
        {
            if (!renamed.TryGetValue(channel.Index, out var pin))
            {
                pin = DefaultPin(channel, board, pins, out string why);
                if (pin == null)
                {
                    unused.Add((channel, why));
                    continue;
                }

                if (!channel.IsBit)
                {
                    unused.Add((channel, $"would be {pin.FullName}, but it is {(channel.Width > 1 ? $"{channel.Width} bits wide" : $"a {channel.Type}")}, not a one-bit wire"));
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
                throw new ArgumentException($"channels {twin.Channel.Describe()} and {channel.Describe()} are both {pin.FullName}: " +
                    $"give one of them another pin with --map (by its number: --map {channel.Index}=PIN)" +
                    (board == null ? ", or --board when the file holds one board" : ""));
            }

            bool invert = !pin.IsUart && levels == LevelMeaning.Pin && !pin.ActiveHigh;
            mapped.Add(new MappedChannel(channel, pin, invert));
        }

        if (mapped.Count == 0)
        {
            string hint = board == null ? "give --board for a file of one board, or --map CHANNEL=PIN" : "--map CHANNEL=PIN";
            throw new ArgumentException($"no channel of {header.Source} is a pin of the boards ({string.Join("; ", unused.Take(3).Select(u => $"{u.Item1.FullName}: {u.Item2}"))}" +
                $"{(unused.Count > 3 ? "; …" : "")}): {hint}");
        }

        return new CaptureSignals(header, levels, board, mapped, unused);
    }

    /// <summary>A <c>--map</c> channel: its number, its scope-qualified name (innermost scope or the whole path), or its name when only one channel has it.</summary>
    private static CaptureChannel FindChannel(CaptureHeader header, string name, string target)
    {
        var channels = header.Channels;
        if (name.All(char.IsAsciiDigit))
        {
            return int.TryParse(name, out int index) && index < channels.Count
                ? channels[index]
                : throw new ArgumentException($"--map {name}={target}: the capture has channels 0 to {channels.Count - 1}");
        }

        var matches = channels.Where(c => (c.ScopePath.Length > 0 && c.ScopePath + "." + c.Name == name) || c.FullName == name).ToList();
        if (matches.Count == 0)
        {
            matches = channels.Where(c => c.Name == name).ToList();
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        if (matches.Count > 1)
        {
            // A sigrok VCD-to-VCD conversion flattens the boards' scopes: the same name then appears once per board.
            throw new ArgumentException($"--map {name}={target}: {matches.Count} channels are called '{name}' ({string.Join(", ", matches.Select(c => $"channel {c.Index}"))}): " +
                $"name one by its number, e.g. --map {matches[0].Index}={target}");
        }

        throw new ArgumentException($"--map {name}={target}: the capture has no channel '{name}' " +
            $"(it has {string.Join(", ", channels.Take(40).Select(c => $"{c.Index}={c.FullName}"))}{(channels.Count > 40 ? ", …" : "")})");
    }

    private static CapturePin MapTarget(string channelName, string target, string? board, PinCatalogue pins)
    {
        int dot = target.IndexOf('.');
        string? instance = dot > 0 ? target[..dot] : board;
        string name = dot > 0 ? target[(dot + 1)..] : target;
        if (instance == null)
        {
            var boards = PinCatalogue.Instances.Where(i => pins.Find(i, name) != null).ToList();
            throw new ArgumentException(boards.Count > 0
                ? $"--map {channelName}={target}: which board? write {string.Join(" or ", boards.Select(b => $"{b}.{name}"))}, or give --board"
                : $"--map {channelName}={target}: no board has a pin '{name}'; write BOARD.PIN, e.g. smu_a.power_button");
        }

        if (!PinCatalogue.Instances.Contains(instance))
        {
            throw new ArgumentException($"--map {channelName}={target}: '{instance}' is no board; the boards are {string.Join(", ", PinCatalogue.Instances)}");
        }

        return pins.Find(instance, name)
            ?? throw new ArgumentException($"--map {channelName}={target}: {instance} has no pin '{name}'; it has {string.Join(", ", pins.NamesOn(instance))}");
    }

    private static CapturePin? DefaultPin(CaptureChannel channel, string? board, PinCatalogue pins, out string why)
    {
        // Our traces: a scope per board. sigrok: one "libsigrok" scope, so the board comes from --board,
        // or from a channel renamed "smu_a.power_button" in the tool.
        string? instance = PinCatalogue.Instances.Contains(channel.Scope) ? channel.Scope : board;
        string name = channel.Name;
        int dot = name.IndexOf('.');
        if (dot > 0 && PinCatalogue.Instances.Contains(name[..dot]))
        {
            instance = name[..dot];
            name = name[(dot + 1)..];
        }

        if (instance == null)
        {
            var boards = PinCatalogue.Instances.Where(i => pins.Find(i, name) != null).ToList();
            why = boards.Count > 0
                ? $"no board: give --board, or --map {channel.Index}={boards[0]}.{name}"
                : "no board, and no board has a pin of that name: --map it to one";
            return null;
        }

        var pin = pins.Find(instance, name);
        why = pin == null ? $"no pin of {instance} is called '{name}': --map it to one" : "";
        return pin;
    }
}

/// <summary>A capture channel that is a pin, and (once read) what it carried.</summary>
public sealed class MappedChannel
{
    internal MappedChannel(CaptureChannel channel, CapturePin pin, bool inverted)
    {
        Channel = channel;
        Pin = pin;
        Inverted = inverted;
    }

    /// <summary>Gets the channel as the file declares it.</summary>
    public CaptureChannel Channel { get; }

    /// <summary>Gets the pin it is.</summary>
    public CapturePin Pin { get; }

    /// <summary>Gets whether its levels are inverted to read as asserted (an active-low pin probed at the pin).</summary>
    public bool Inverted { get; }

    /// <summary>Gets a line's levels in asserted terms; null for a UART, which is decoded as it is read and not kept.</summary>
    public Waveform? Waveform { get; internal set; }

    /// <summary>Gets what the channel did, as on the wire.</summary>
    public ChannelActivity Activity { get; internal set; }

    /// <summary>Gets how it is named in the report: the channel, and the pin when they differ.</summary>
    public string Label => Channel.FullName == Pin.FullName || Channel.Name == Pin.Vcd || Channel.Name == Pin.FullName ? Pin.FullName : $"{Channel.FullName} ({Pin.FullName})";

    /// <summary>Gets the side the line or link belongs to.</summary>
    public Side Side => Pin.Side;
}
