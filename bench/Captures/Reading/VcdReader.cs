using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Reads a Value Change Dump as logic-analyzer tools write it, in one pass over the bytes: our own
/// bench traces (one timestamp a line, a <c>$dumpvars</c> block, scopes per board) and sigrok-cli /
/// PulseView exports (values on the timestamp's line, one <c>libsigrok</c> scope, sigrok-cli 0.7's
/// <c>META samplerate</c> line and doubled <c>$enddefinitions</c> after a VCD-to-VCD conversion,
/// the sample rate in the <c>$comment</c>), with any timescale a tool writes (<c>1 us</c>,
/// <c>10 ns</c>, <c>250 ns</c>, <c>1.5 ns</c>) down to 1 ps. Only the channels asked for are
/// looked at: a vector, a real or an <c>x</c> elsewhere in the file is skipped. A value the
/// checker cannot use on a channel it needs, a timestamp going backwards, an undeclared identifier
/// or a file cut off is refused naming the line.
/// </summary>
public sealed class VcdReader : CaptureReader
{
    private const int BlockSize = 1 << 20;
    private const int Undeclared = -2;
    private const int Unused = -1;

    private readonly Stream _stream;
    private readonly string _source;
    private readonly CaptureHeader _header;
    private readonly Dictionary<string, List<int>> _channelsById = new(StringComparer.Ordinal);
    private byte[] _buffer = new byte[BlockSize];
    private int _pos;
    private int _end;
    private bool _eof;
    private long _linesBefore;
    private int _countedUpTo;
    private long _countedLines;

    // The body: per identifier the slot of its channel state, or Unused / Undeclared.
    private readonly int[] _oneCharIds = new int[256];
    private readonly Dictionary<string, int> _longIds = new(StringComparer.Ordinal);
    private ChannelState[] _states = Array.Empty<ChannelState>();
    private long _time;
    private long _lastStamp = long.MinValue;
    private long _firstStamp = -1;
    private long _maxUnits;
    private long _unitPs;
    private bool _skippingDump;
    private string? _skippingCommand;
    private long _skippingCommandLine;
    private string? _vectorValue;

    /// <summary>Opens a VCD stream and reads its header; throws <see cref="CaptureFormatException"/> naming the line.</summary>
    public VcdReader(Stream stream, string source)
    {
        _stream = stream;
        _source = source;
        _header = ReadHeader();
    }

    /// <inheritdoc/>
    public override CaptureHeader Header => _header;

    /// <summary>Opens VCD text (tests, and tools that hold a capture in memory).</summary>
    public static VcdReader FromText(string text, string source) => new(new MemoryStream(Encoding.UTF8.GetBytes(text)), source);

    /// <inheritdoc/>
    public override void Dispose() => _stream.Dispose();

    /// <inheritdoc/>
    public override CaptureSpan Read(IReadOnlyList<ChannelSink?> sinks)
    {
        Prepare(sinks);
        while (true)
        {
            int last = _buffer.AsSpan(_pos, _end - _pos).LastIndexOf((byte)'\n');
            if (last >= 0)
            {
                Body(_pos, _pos + last + 1);
                _pos += last + 1;
            }

            if (_eof)
            {
                break;
            }

            Refill();
        }

        if (_pos < _end)
        {
            // A capture cut off while it was written (a full disk, a copy stopped) ends in the middle
            // of a line; a reader that took the rest as the end would judge a shorter run.
            string stump = Encoding.UTF8.GetString(_buffer, _pos, Math.Min(_end - _pos, 60)).Trim();
            throw Error(_pos, $"the file ends in the middle of this line ('{Shorten(stump)}'): it looks cut off");
        }

        if (_skippingCommand != null)
        {
            throw new CaptureFormatException(_source, _skippingCommandLine, $"{_skippingCommand} is never closed by $end: the file looks cut off");
        }

        if (_vectorValue != null)
        {
            throw Error(_end, "a vector value without its identifier: the file looks cut off");
        }

        long start = Math.Max(_firstStamp, 0);
        long end = Math.Max(_lastStamp, start);
        for (int slot = 0; slot < _states.Length; slot++)
        {
            ref var state = ref _states[slot];
            if (state.PendingTime == long.MinValue)
            {
                var channel = _header.Channels[state.Channel];
                throw new CaptureFormatException(_source, channel.Line, $"channel '{channel.FullName}' (identifier '{channel.Id}') never has a value");
            }

            Commit(ref state, start);
            state.Sink.End(end);
        }

        return new CaptureSpan(start, end);
    }

    private void Prepare(IReadOnlyList<ChannelSink?> sinks)
    {
        Array.Fill(_oneCharIds, Undeclared);
        var states = new List<ChannelState>();
        foreach (var (id, channels) in _channelsById)
        {
            var wanted = channels.Where(c => c < sinks.Count && sinks[c] != null).ToList();
            int slot = Unused;
            if (wanted.Count > 0)
            {
                slot = states.Count;
                var sink = wanted.Count == 1 ? sinks[wanted[0]]! : new FanOutSink(wanted.Select(c => sinks[c]!).ToArray());
                states.Add(new ChannelState { Sink = sink, Channel = wanted[0], PendingTime = long.MinValue });
            }

            if (id.Length == 1 && id[0] < 128)
            {
                _oneCharIds[id[0]] = slot;
            }
            else
            {
                _longIds[id] = slot;
            }
        }

        _states = states.ToArray();
    }

    // ---- the body: the hot loop ------------------------------------------------------------

    /// <summary>Parses complete lines in [<paramref name="p"/>, <paramref name="to"/>); the last byte is a line end.</summary>
    private void Body(int p, int to)
    {
        byte[] buffer = _buffer;
        while (p < to)
        {
            byte c = buffer[p];
            if (c <= (byte)' ')
            {
                p++;
                continue;
            }

            if (_skippingCommand == null && _vectorValue == null)
            {
                if (c == (byte)'#')
                {
                    int q = p + 1;
                    long units = 0;
                    uint digit;
                    while ((digit = (uint)(buffer[q] - '0')) <= 9)
                    {
                        units = (units * 10) + digit;
                        q++;
                    }

                    if (q == p + 1 || q - p > 19 || buffer[q] > (byte)' ' || units > _maxUnits)
                    {
                        throw Error(p, $"timestamp '{Shorten(Token(p))}' is not a whole number of time units");
                    }

                    long time = units * _unitPs;
                    if (time < _lastStamp)
                    {
                        throw Error(p, $"timestamp #{units} goes back in time (the one before was #{_lastStamp / _unitPs})");
                    }

                    if (_firstStamp < 0)
                    {
                        _firstStamp = time;
                    }

                    _lastStamp = time;
                    _time = time;
                    p = q;
                    continue;
                }

                if ((uint)(c - '0') <= 1)
                {
                    byte first = buffer[p + 1];
                    if (first > (byte)' ' && buffer[p + 2] <= (byte)' ')
                    {
                        int slot = _oneCharIds[first];
                        if (slot >= 0)
                        {
                            if (!_skippingDump)
                            {
                                Change(slot, c == (byte)'1');
                            }
                        }
                        else if (slot == Undeclared)
                        {
                            throw Error(p, $"a value for identifier '{(char)first}', which no $var declares");
                        }

                        p += 2;
                        continue;
                    }
                }
            }

            p = SlowToken(p);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Change(int slot, bool level)
    {
        // Two values at one time: the last one is the level from then on, so a change is committed
        // only when the channel's next value comes at a later time (or at the end).
        ref var state = ref _states[slot];
        if (state.PendingTime != _time)
        {
            Commit(ref state, Math.Max(_firstStamp, 0));
            state.PendingTime = _time;
        }

        state.PendingLevel = level;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Commit(ref ChannelState state, long startPs)
    {
        if (state.Begun)
        {
            if (state.PendingLevel != state.Level)
            {
                state.Level = state.PendingLevel;
                state.Sink.Edge(state.PendingTime, state.Level);
            }
        }
        else if (state.PendingTime != long.MinValue)
        {
            // The first value given stands for the level before it too (a file that dumps late).
            state.Begun = true;
            state.Level = state.PendingLevel;
            state.Sink.Begin(startPs, state.Level);
        }
    }

    /// <summary>Everything but a timestamp and a one-character scalar change; returns where the token ends.</summary>
    private int SlowToken(int p)
    {
        int next = TokenEnd(p);
        string token = Encoding.UTF8.GetString(_buffer, p, next - p);
        if (_skippingCommand != null)
        {
            if (token == "$end")
            {
                _skippingCommand = null;
            }

            return next;
        }

        if (_vectorValue != null)
        {
            // "b1 id": the identifier follows the value.
            string value = _vectorValue;
            _vectorValue = null;
            int slot = Slot(token, p);
            if (slot >= 0 && !_skippingDump)
            {
                string bits = value.TrimStart('0');
                if (value.Length == 0 || bits.Length > 1 || (bits.Length == 1 && bits[0] != '1'))
                {
                    throw Error(p, $"vector value 'b{value}' for {Describe(token)}: only one-bit channels with levels 0 and 1 can be checked");
                }

                Change(slot, bits == "1");
            }

            return next;
        }

        switch (token[0])
        {
            case '$':
                Keyword(token, p);
                return next;
            case '#':
                throw Error(p, $"timestamp '{Shorten(token)}' is not a whole number of time units");
            case '0':
            case '1':
            {
                if (token.Length == 1)
                {
                    throw Error(p, $"value '{token[0]}' without an identifier (the file looks cut off)");
                }

                int slot = Slot(token[1..], p);
                if (slot >= 0 && !_skippingDump)
                {
                    Change(slot, token[0] == '1');
                }

                return next;
            }

            case 'x' or 'X' or 'z' or 'Z' or 'u' or 'U' or 'w' or 'W' or 'l' or 'L' or 'h' or 'H' or '-':
            {
                int slot = token.Length > 1 ? Slot(token[1..], p) : Unused;
                if (slot >= 0 && !_skippingDump)
                {
                    throw Error(p, $"value '{token[0]}' for {Describe(token[1..])}: a logic-analyzer capture has only levels 0 and 1");
                }

                return next;
            }

            case 'b' or 'B':
                _vectorValue = token[1..];
                return next;
            case 'r' or 'R' or 's' or 'S':
            {
                // A real or string value; its identifier follows. Skipped unless a checked channel's.
                int idAt = SkipBlanks(next);
                int idEnd = TokenEnd(idAt);
                string id = Encoding.UTF8.GetString(_buffer, idAt, idEnd - idAt);
                if (id.Length == 0)
                {
                    throw Error(p, $"a value '{Shorten(token)}' without an identifier");
                }

                if (Slot(id, idAt) >= 0)
                {
                    throw Error(p, $"a {(token[0] is 'r' or 'R' ? "real" : "string")} value for {Describe(id)}: only one-bit channels with levels 0 and 1 can be checked");
                }

                return idEnd;
            }

            default:
                throw Error(p, $"'{Shorten(token)}' is neither a timestamp nor a value change");
        }
    }

    private void Keyword(string keyword, int p)
    {
        switch (keyword)
        {
            case "$dumpvars":
            case "$dumpall":
            case "$dumpon":
            case "$end":
                _skippingDump = false;
                return;
            case "$dumpoff":
                // Values inside $dumpoff are all x: "unknown from here", not a level the line had.
                _skippingDump = true;
                return;
            case "$comment":
            case "$enddefinitions":
                // sigrok-cli 0.7 writes $enddefinitions twice after converting a VCD; a second one changes nothing.
                _skippingCommand = keyword;
                _skippingCommandLine = LineAt(p);
                return;
            default:
                throw Error(p, $"'{keyword}' after $enddefinitions: not a VCD value-change command");
        }
    }

    private int Slot(string id, int p)
    {
        int slot = id.Length == 1 && id[0] < 128 ? _oneCharIds[id[0]] : _longIds.GetValueOrDefault(id, Undeclared);
        if (slot == Undeclared)
        {
            throw Error(p, $"a value for identifier '{id}', which no $var declares");
        }

        return slot;
    }

    private string Describe(string id) =>
        _channelsById.TryGetValue(id, out var channels) ? $"'{_header.Channels[channels[0]].Name}'" : $"identifier '{id}'";

    /// <summary>The token at <paramref name="p"/>: up to the next blank or line end.</summary>
    private string Token(int p) => Encoding.UTF8.GetString(_buffer, p, TokenEnd(p) - p);

    private int TokenEnd(int p)
    {
        int q = p;
        while (q < _end && _buffer[q] > (byte)' ')
        {
            q++;
        }

        return q;
    }

    private int SkipBlanks(int p)
    {
        while (p < _end && _buffer[p] is (byte)' ' or (byte)'\t' or (byte)'\r')
        {
            p++;
        }

        return p;
    }

    // ---- buffering and lines ---------------------------------------------------------------

    /// <summary>Moves what is not yet parsed to the buffer's start and reads more after it (a longer buffer for a line longer than it).</summary>
    private void Refill()
    {
        if (_pos > 0)
        {
            _linesBefore = LineAt(_pos) - 1;
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _end - _pos);
            _end -= _pos;
            _pos = 0;
            _countedUpTo = 0;
            _countedLines = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int got = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (got == 0)
        {
            _eof = true;
        }

        _end += got;
    }

    /// <summary>The line number of the byte at <paramref name="p"/> in the buffer.</summary>
    private long LineAt(int p)
    {
        if (p < _countedUpTo)
        {
            _countedUpTo = 0;
            _countedLines = 0;
        }

        _countedLines += _buffer.AsSpan(_countedUpTo, p - _countedUpTo).Count((byte)'\n');
        _countedUpTo = p;
        return _linesBefore + _countedLines + 1;
    }

    private CaptureFormatException Error(int p, string problem) => new(_source, LineAt(p), problem);

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    // ---- the header ------------------------------------------------------------------------

    private CaptureHeader ReadHeader()
    {
        string version = "";
        string comment = "";
        string timescale = "";
        long unitPs = 0;
        double? metaRate = null;
        var channels = new List<CaptureChannel>();
        var scopes = new List<string>();
        string? command = null;
        long commandLine = 0;
        var words = new List<string>();
        bool any = false;

        while (true)
        {
            if (_pos >= _end || _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)'\n') < 0)
            {
                if (!_eof)
                {
                    Refill();
                    continue;
                }

                if (_pos >= _end)
                {
                    break;
                }
            }

            int lineEnd = _buffer.AsSpan(_pos, _end - _pos).IndexOf((byte)'\n');
            int stop = lineEnd < 0 ? _end : _pos + lineEnd;
            string line = Encoding.UTF8.GetString(_buffer, _pos, stop - _pos);
            int lineStart = _pos;
            if (lineEnd < 0)
            {
                throw Error(lineStart, $"the file ends in the middle of this line ('{Shorten(line.Trim())}'): it looks cut off");
            }

            if (!any && command == null && line.TrimStart().StartsWith("META ", StringComparison.Ordinal))
            {
                // sigrok-cli 0.7 converting VCD to VCD passes the input's metadata through as this line.
                var match = Regex.Match(line, @"samplerate:\s*(\d+)");
                if (match.Success)
                {
                    metaRate = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                }

                _pos = stop + 1;
                continue;
            }

            int at = 0;
            while (at < line.Length)
            {
                while (at < line.Length && char.IsWhiteSpace(line[at]))
                {
                    at++;
                }

                if (at >= line.Length)
                {
                    break;
                }

                int tokenEnd = at;
                while (tokenEnd < line.Length && !char.IsWhiteSpace(line[tokenEnd]))
                {
                    tokenEnd++;
                }

                string token = line[at..tokenEnd];
                int tokenAt = lineStart + Encoding.UTF8.GetByteCount(line.AsSpan(0, at));
                at = tokenEnd;
                any = true;
                if (command != null)
                {
                    if (token != "$end")
                    {
                        words.Add(token);
                        continue;
                    }

                    switch (command)
                    {
                        case "$version":
                            version = string.Join(' ', words);
                            break;
                        case "$comment":
                            comment = comment.Length == 0 ? string.Join(' ', words) : comment + "\n" + string.Join(' ', words);
                            break;
                        case "$timescale":
                            (timescale, unitPs) = Timescale(words, commandLine);
                            break;
                        case "$scope":
                            scopes.Add(words.Count >= 2 ? words[1] : "");
                            break;
                        case "$upscope":
                            if (scopes.Count == 0)
                            {
                                throw new CaptureFormatException(_source, commandLine, "$upscope without a $scope");
                            }

                            scopes.RemoveAt(scopes.Count - 1);
                            break;
                        case "$var":
                            channels.Add(Var(words, commandLine, channels.Count, string.Join('.', scopes)));
                            break;
                        case "$enddefinitions":
                            if (unitPs == 0)
                            {
                                throw new CaptureFormatException(_source, commandLine, "no $timescale before $enddefinitions: the times cannot be read");
                            }

                            if (channels.Count == 0)
                            {
                                throw new CaptureFormatException(_source, commandLine, "no channel is declared ($var)");
                            }

                            // The body begins right after this $end, on this line or the next.
                            _pos = lineStart + Encoding.UTF8.GetByteCount(line.AsSpan(0, at));
                            return Finish(version, comment, timescale, unitPs, metaRate, channels);
                    }

                    command = null;
                    continue;
                }

                if (token.StartsWith('$'))
                {
                    command = token;
                    commandLine = LineAt(tokenAt);
                    words.Clear();
                    continue;
                }

                throw Error(tokenAt, $"'{Shorten(token)}' outside a $… $end block in the header");
            }

            _pos = stop + 1;
        }

        if (command != null)
        {
            throw new CaptureFormatException(_source, commandLine, $"{command} is never closed by $end: the file looks cut off");
        }

        throw Error(_end, "the file ends before $enddefinitions: no values (cut off, or not a VCD file)");
    }

    private CaptureHeader Finish(string version, string comment, string timescale, long unitPs, double? metaRate, List<CaptureChannel> channels)
    {
        _unitPs = unitPs;
        _maxUnits = long.MaxValue / unitPs;
        foreach (var channel in channels)
        {
            if (!_channelsById.TryGetValue(channel.Id, out var list))
            {
                _channelsById[channel.Id] = list = new List<int>();
            }

            list.Add(channel.Index);
        }

        // sigrok writes the real sample rate twice: "META samplerate: 166666" after a VCD-to-VCD
        // conversion, and "Acquisition with 8/8 channels at 166.666 kHz" in its comment. The
        // timescale is only a resolution it chose (10 ns for a 166.666 kHz capture).
        SampleRate? rate = null;
        if (metaRate is { } meta)
        {
            rate = new SampleRate(meta, "sigrok's META line");
        }
        else if (Regex.Match(comment, @"\bat ([0-9.]+ ?[kMG]?Hz)\b") is { Success: true } match && SampleRate.Parse(match.Groups[1].Value) is { } hz)
        {
            rate = new SampleRate(hz, "the $comment");
        }

        return new CaptureHeader(_source, "VCD", version, comment, timescale, unitPs, rate, channels);
    }

    private (string Text, long UnitPs) Timescale(List<string> words, long line)
    {
        string text = string.Join(' ', words);
        var match = Regex.Match(text.Replace(" ", "", StringComparison.Ordinal), @"^([0-9]+(?:\.[0-9]+)?)(s|ms|us|µs|ns|ps|fs)$");
        if (!match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal multiplier) || multiplier <= 0)
        {
            throw new CaptureFormatException(_source, line, $"timescale '{text}': expected a number and one of s, ms, us, ns, ps, fs (e.g. 1 us, 250 ns)");
        }

        decimal ps = multiplier * match.Groups[2].Value switch
        {
            "s" => 1_000_000_000_000m,
            "ms" => 1_000_000_000m,
            "us" or "µs" => 1_000_000m,
            "ns" => 1_000m,
            "ps" => 1m,
            _ => 0.001m,
        };
        if (ps < 1 || ps != decimal.Truncate(ps))
        {
            throw new CaptureFormatException(_source, line, $"timescale '{text}': {(ps < 1 ? "finer than the 1 ps this checker resolves" : "not a whole number of picoseconds")}");
        }

        if (ps > 1_000_000_000_000_000m)
        {
            throw new CaptureFormatException(_source, line, $"timescale '{text}': coarser than any logic analyzer samples");
        }

        return (text, (long)ps);
    }

    private CaptureChannel Var(List<string> words, long line, int index, string scopePath)
    {
        // $var type width identifier reference [bit select] $end
        if (words.Count < 4)
        {
            throw new CaptureFormatException(_source, line, "$var needs a type, a width, an identifier and a name");
        }

        if (!int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out int width) || width < 1)
        {
            throw new CaptureFormatException(_source, line, $"$var {words[3]}: width '{words[1]}' is not a number of bits");
        }

        return new CaptureChannel(index, scopePath, string.Join("", words.Skip(3)), words[2], width, words[0], (int)Math.Min(line, int.MaxValue));
    }

    /// <summary>One channel the caller wants: its sink and the change not yet committed.</summary>
    private struct ChannelState
    {
        public ChannelSink Sink;
        public int Channel;
        public long PendingTime;
        public bool PendingLevel;
        public bool Level;
        public bool Begun;
    }
}
