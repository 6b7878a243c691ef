using System.Globalization;

namespace ColdStandby.Bench.Captures;

/// <summary>
/// Reads a Value Change Dump as logic-analyzer tools write it: our own bench traces (one
/// timestamp per line, a <c>$dumpvars</c> block, scopes per board) and sigrok-cli/PulseView
/// exports (values on the timestamp's line, no <c>$dumpvars</c>, one <c>libsigrok</c> scope, any
/// timescale from 1 s to 1 ps, and sigrok-cli 0.7's <c>META</c> line and doubled
/// <c>$enddefinitions</c> after a VCD-to-VCD conversion). Only one-bit channels with levels 0
/// and 1: anything else, a timestamp going backwards, or a file cut off, is refused naming the line.
/// </summary>
public static class VcdReader
{
    /// <summary>Reads a file; throws <see cref="CaptureFormatException"/> when it cannot.</summary>
    public static VcdCapture Read(string path)
    {
        string source = Path.GetFileName(path);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CaptureFormatException(source, 0, $"cannot open it: {e.Message}");
        }

        using (file)
        {
            // A capture cut off while it was written (a full disk, a copy stopped) ends in the
            // middle of a line; a reader that took the rest as the end would judge a shorter run.
            bool cut = false;
            if (file.Length > 0)
            {
                file.Seek(-1, SeekOrigin.End);
                cut = file.ReadByte() != '\n';
                file.Seek(0, SeekOrigin.Begin);
            }

            using var text = new StreamReader(file);
            return Read(text, source, cut);
        }
    }

    /// <summary>Reads VCD text; <paramref name="cutOff"/> says the text ended in the middle of a line.</summary>
    public static VcdCapture Read(TextReader text, string source, bool cutOff = false) => new Parser(source).Run(text, cutOff);

    private sealed class Parser
    {
        private readonly string _source;
        private readonly List<(string Scope, string Name, string Id, int Line)> _declared = new();
        private readonly Dictionary<string, Changes> _byId = new(StringComparer.Ordinal);
        private readonly Stack<string> _scopes = new();
        private string _version = "";
        private string _comment = "";
        private string _timescale = "";
        private long _unitPs;
        private bool _definitionsDone;
        private string? _command;
        private int _commandLine;
        private readonly List<string> _commandWords = new();
        private bool _skippingDump;
        private long _time;
        private long _firstTime = -1;
        private long _lastTime;
        private int _line;
        private string? _pendingVectorValue;

        public Parser(string source) => _source = source;

        public VcdCapture Run(TextReader text, bool cutOff)
        {
            // One line of lookahead: a cut-off last line is named as such, not by what its stump looks like.
            string? line = text.ReadLine();
            while (line != null)
            {
                string? next = text.ReadLine();
                _line++;
                if (next == null && cutOff)
                {
                    throw Error($"the file ends in the middle of this line ('{Shorten(line)}'): it looks cut off");
                }

                ReadLine(line);
                line = next;
            }

            if (_command != null)
            {
                throw new CaptureFormatException(_source, _commandLine, $"{_command} is never closed by $end: the file looks cut off");
            }

            if (_pendingVectorValue != null)
            {
                throw Error("a vector value without its identifier: the file looks cut off");
            }

            if (!_definitionsDone)
            {
                throw new CaptureFormatException(_source, _line, "the file ends before $enddefinitions: no values (cut off, or not a VCD file)");
            }

            if (_declared.Count == 0)
            {
                throw new CaptureFormatException(_source, _line, "no channel is declared ($var)");
            }

            long start = Math.Max(_firstTime, 0);
            long end = Math.Max(_lastTime, start);
            var channels = new List<VcdChannel>();
            var waveforms = new Dictionary<string, Waveform>(StringComparer.Ordinal);
            foreach (var (scope, name, id, declaredAt) in _declared)
            {
                if (!waveforms.TryGetValue(id, out var waveform))
                {
                    var changes = _byId[id];
                    if (changes.Times.Count == 0)
                    {
                        throw new CaptureFormatException(_source, declaredAt, $"channel '{name}' (identifier '{id}') never has a value");
                    }

                    waveform = changes.ToWaveform(start, end);
                    waveforms[id] = waveform;
                }

                channels.Add(new VcdChannel(scope, name, id, declaredAt, waveform));
            }

            return new VcdCapture(_source, _version, _comment, _timescale, _unitPs, channels, start, end);
        }

        private void ReadLine(string line)
        {
            var rest = line.AsSpan();
            if (!_definitionsDone && _command == null && _declared.Count == 0 && rest.TrimStart().StartsWith("META ", StringComparison.Ordinal))
            {
                // sigrok-cli 0.7 converting VCD to VCD passes the input's metadata through as this line.
                return;
            }

            while (true)
            {
                rest = rest.TrimStart();
                if (rest.IsEmpty)
                {
                    return;
                }

                int end = rest.IndexOfAny(' ', '\t');
                var token = end < 0 ? rest : rest[..end];
                rest = end < 0 ? ReadOnlySpan<char>.Empty : rest[end..];
                Token(token);
            }
        }

        private void Token(ReadOnlySpan<char> token)
        {
            if (_command != null)
            {
                if (token.SequenceEqual("$end"))
                {
                    EndCommand();
                }
                else
                {
                    _commandWords.Add(token.ToString());
                }

                return;
            }

            if (_pendingVectorValue != null)
            {
                // "b1 id": the identifier follows the value.
                ApplyVector(token);
                return;
            }

            if (token[0] == '$')
            {
                Keyword(token.ToString());
                return;
            }

            if (!_definitionsDone)
            {
                throw Error($"'{Shorten(token.ToString())}' outside a $… $end block in the header");
            }

            switch (token[0])
            {
                case '#':
                    Timestamp(token);
                    return;
                case '0':
                case '1':
                    if (token.Length == 1)
                    {
                        throw Error($"value '{token[0]}' without an identifier (the file looks cut off)");
                    }

                    Change(token[1..], token[0] == '1');
                    return;
                case 'x':
                case 'X':
                case 'z':
                case 'Z':
                    if (_skippingDump)
                    {
                        return;
                    }

                    throw Error($"value '{token[0]}' for {Describe(token[1..])}: a logic-analyzer capture has only levels 0 and 1");
                case 'b':
                case 'B':
                    _pendingVectorValue = token[1..].ToString();
                    return;
                case 'r':
                case 'R':
                    throw Error("a real-valued change: only one-bit channels can be checked");
                default:
                    throw Error($"'{Shorten(token.ToString())}' is neither a timestamp nor a value change");
            }
        }

        private void Keyword(string keyword)
        {
            if (!_definitionsDone)
            {
                if (keyword is "$upscope")
                {
                    if (_scopes.Count == 0)
                    {
                        throw Error("$upscope without a $scope");
                    }

                    _scopes.Pop();
                }

                StartCommand(keyword);
                return;
            }

            switch (keyword)
            {
                case "$dumpvars":
                case "$dumpall":
                case "$dumpon":
                    _skippingDump = false;
                    return;
                case "$dumpoff":
                    // Values inside $dumpoff are all x: "unknown from here", not a level the line had.
                    _skippingDump = true;
                    return;
                case "$end":
                    _skippingDump = false;
                    return;
                case "$comment":
                    StartCommand(keyword);
                    return;
                case "$enddefinitions":
                    // sigrok-cli 0.7 writes it twice after converting a VCD; a second one changes nothing.
                    StartCommand(keyword);
                    return;
                default:
                    throw Error($"'{keyword}' after $enddefinitions: not a VCD value-change command");
            }
        }

        private void StartCommand(string keyword)
        {
            _command = keyword;
            _commandLine = _line;
            _commandWords.Clear();
        }

        private void EndCommand()
        {
            string command = _command!;
            _command = null;
            if (_definitionsDone)
            {
                return;
            }

            string words = string.Join(' ', _commandWords);
            switch (command)
            {
                case "$version":
                    _version = words;
                    break;
                case "$comment":
                    _comment = _comment.Length == 0 ? words : _comment + "\n" + words;
                    break;
                case "$timescale":
                    Timescale(words);
                    break;
                case "$scope":
                    _scopes.Push(_commandWords.Count >= 2 ? _commandWords[1] : "");
                    break;
                case "$var":
                    Var();
                    break;
                case "$enddefinitions":
                    if (_unitPs == 0)
                    {
                        throw new CaptureFormatException(_source, _commandLine, "no $timescale before $enddefinitions: the times cannot be read");
                    }

                    _definitionsDone = true;
                    break;
            }
        }

        private void Timescale(string words)
        {
            string compact = words.Replace(" ", "", StringComparison.Ordinal);
            int digits = 0;
            while (digits < compact.Length && char.IsAsciiDigit(compact[digits]))
            {
                digits++;
            }

            long unit = compact[digits..] switch
            {
                "s" => 1_000_000_000_000,
                "ms" => 1_000_000_000,
                "us" => 1_000_000,
                "ns" => 1_000,
                "ps" => 1,
                "fs" => throw new CaptureFormatException(_source, _commandLine, $"timescale '{words}': finer than the 1 ps this checker resolves"),
                _ => 0,
            };
            if (digits == 0 || unit == 0 || !long.TryParse(compact[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out long multiplier) || multiplier is not (1 or 10 or 100))
            {
                throw new CaptureFormatException(_source, _commandLine, $"timescale '{words}': expected 1, 10 or 100 and one of s, ms, us, ns, ps");
            }

            _timescale = words;
            _unitPs = multiplier * unit;
        }

        private void Var()
        {
            // $var type width identifier reference [bit select] $end
            if (_commandWords.Count < 4)
            {
                throw new CaptureFormatException(_source, _commandLine, "$var needs a type, a width, an identifier and a name");
            }

            string type = _commandWords[0];
            string name = string.Join("", _commandWords.Skip(3));
            if (type is "real" or "realtime" or "string")
            {
                throw new CaptureFormatException(_source, _commandLine, $"'{name}' is a {type}: only one-bit wires can be checked");
            }

            if (_commandWords[1] != "1")
            {
                throw new CaptureFormatException(_source, _commandLine, $"'{name}' is {_commandWords[1]} bits wide: only one-bit wires can be checked (export each bit as its own channel)");
            }

            string id = _commandWords[2];
            _byId.TryAdd(id, new Changes());
            _declared.Add((_scopes.Count > 0 ? _scopes.Peek() : "", name, id, _commandLine));
        }

        private void Timestamp(ReadOnlySpan<char> token)
        {
            if (!long.TryParse(token[1..], NumberStyles.None, CultureInfo.InvariantCulture, out long units) || units > long.MaxValue / _unitPs)
            {
                throw Error($"timestamp '{Shorten(token.ToString())}' is not a whole number of time units");
            }

            long time = units * _unitPs;
            if (_firstTime >= 0 && time < _lastTime)
            {
                throw Error($"timestamp #{units} goes back in time (the one before was #{_lastTime / _unitPs})");
            }

            if (_firstTime < 0)
            {
                _firstTime = time;
            }

            _time = time;
            _lastTime = time;
        }

        private void Change(ReadOnlySpan<char> id, bool level)
        {
            if (_skippingDump)
            {
                return;
            }

            if (!_byId.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out var changes))
            {
                throw Error($"a value for identifier '{id}', which no $var declares");
            }

            changes.Add(_time, level);
        }

        private void ApplyVector(ReadOnlySpan<char> id)
        {
            string value = _pendingVectorValue!;
            _pendingVectorValue = null;
            if (value is not ("0" or "1"))
            {
                throw Error($"vector value 'b{value}' for {Describe(id)}: only one-bit channels with levels 0 and 1 can be checked");
            }

            Change(id, value == "1");
        }

        private string Describe(ReadOnlySpan<char> id)
        {
            string key = id.ToString();
            var declared = _declared.FirstOrDefault(d => d.Id == key);
            return declared.Name != null ? $"'{declared.Name}'" : $"identifier '{key}'";
        }

        private CaptureFormatException Error(string problem) => new(_source, _line, problem);

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }

    /// <summary>One identifier's value changes as read, before they are merged into a waveform.</summary>
    private sealed class Changes
    {
        public List<long> Times { get; } = new();

        public List<bool> Levels { get; } = new();

        public void Add(long time, bool level)
        {
            // Two values at one time: the last one is the level from then on.
            if (Times.Count > 0 && Times[^1] == time)
            {
                Levels[^1] = level;
                return;
            }

            Times.Add(time);
            Levels.Add(level);
        }

        public Waveform ToWaveform(long start, long end)
        {
            // The first value given stands for the level before it too (a file that dumps late).
            bool initial = Levels[0];
            int i = 0;
            while (i < Times.Count && Times[i] <= start)
            {
                initial = Levels[i++];
            }

            var edges = new List<long>();
            bool level = initial;
            for (; i < Times.Count; i++)
            {
                if (Levels[i] != level)
                {
                    edges.Add(Times[i]);
                    level = Levels[i];
                }
            }

            return new Waveform(initial, edges.ToArray(), start, end);
        }
    }
}
