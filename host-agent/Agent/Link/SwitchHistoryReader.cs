using ColdStandby.HostAgent.Journal;
using ColdStandby.Protocol;
using Microsoft.Extensions.Logging;

namespace ColdStandby.HostAgent.Link;

/// <summary>
/// Reads the tail of the SMU's log on the link thread, at every session open and whenever the
/// SMU's mode, epoch or phase changes, and keeps what <see cref="SwitchHistory"/> finds there (the
/// last switch and its steps, since when this mode) for <c>status</c> and the metrics. It reads
/// back from the newest record in chunks until the last switch's beginning is in (at most
/// <see cref="MostRecords"/>); the kept ring's older records come in one last read. A read the SMU
/// refuses (an operator's <c>coldstandby log</c> under way) or that times out is tried again a
/// second later.
/// </summary>
internal sealed class SwitchHistoryReader : ILoopPart
{
    /// <summary>The most records read back for one look (a switch's records are far fewer).</summary>
    public const int MostRecords = 1024;

    private const ushort Chunk = 32;
    private const ushort KeptChunk = 64;
    private const long RetryMs = 1000;

    private readonly LinkLoop _loop;
    private readonly SmuWatcher _watcher;
    private readonly ILogger _log;
    private readonly List<LogRecord> _records = new();
    private (Mode, uint, SequencePhase)? _seenState;
    private int _readForOpens;
    private bool _wanted;
    private bool _reading;
    private long _nowMs;
    private long _retryAtMs;
    private uint _first;
    private uint _next;
    private uint _windowFrom;
    private volatile SwitchHistoryFacts? _latest;

    public SwitchHistoryReader(LinkLoop loop, SmuWatcher watcher, ILogger log)
    {
        _loop = loop;
        _watcher = watcher;
        _log = log;
        watcher.StatusSeen += status =>
        {
            var state = (status.Mode, status.Epoch, status.Phase);
            if (_seenState != state)
            {
                _seenState = state;
                _wanted = true;
            }
        };
    }

    /// <summary>Gets what the SMU's log said at the last read, or null before the first.</summary>
    public SwitchHistoryFacts? Latest => _latest;

    /// <summary>Gets how many reads ended (for tests: a read after a change has come back).</summary>
    public int Reads { get; private set; }

    public IHostLinkDevice? Device => null;

    public long NextDueMs => _reading || !_loop.Session.IsOpen ? long.MaxValue
        : _wanted || _loop.Session.Opens != _readForOpens ? _retryAtMs : long.MaxValue;

    public void Step(long nowMs)
    {
        _nowMs = nowMs;
        if (!_loop.Session.IsOpen || _reading || nowMs < _retryAtMs)
        {
            return;
        }

        if (_loop.Session.Opens != _readForOpens)
        {
            _readForOpens = _loop.Session.Opens;
            _wanted = true;
        }

        if (!_wanted)
        {
            return;
        }

        _wanted = false;
        _reading = true;
        _records.Clear();
        // The first question is only where the log ends.
        Ask(0, 1, request =>
        {
            _first = request.LogEnd!.FirstSequence;
            _next = request.LogEnd.NextSequence;
            _windowFrom = _next;
            Back();
        });
    }

    /// <summary>Reads the chunk before the oldest read so far, or ends the look.</summary>
    private void Back()
    {
        uint windowEnd = _windowFrom;
        if (windowEnd == 0 || _records.Count >= MostRecords || SwitchHistory.Enough(_records, _loop.Side))
        {
            Done();
            return;
        }

        if (windowEnd <= _first)
        {
            // Older than the ring: only the kept records are left, with gaps between their numbers.
            _windowFrom = 0;
            Ask(0, KeptChunk, request => Take(request, windowEnd));
            return;
        }

        _windowFrom = windowEnd - Math.Min(Chunk, windowEnd - _first);
        Ask(_windowFrom, Chunk, request => Take(request, windowEnd));
    }

    private void Take(LinkRequest request, uint windowEnd)
    {
        _records.InsertRange(0, request.Records.Where(r => r.Sequence >= _windowFrom && r.Sequence < windowEnd).OrderBy(r => r.Sequence));
        Back();
    }

    private void Ask(uint from, ushort count, Action<LinkRequest> then)
    {
        _loop.Session.ReadLog(from, count).Completed = request =>
        {
            if (request.State == LinkRequestState.Done && request.LogEnd is not null)
            {
                then(request);
                return;
            }

            // Refused (a read-out for the operator under way) or no answer: the whole look again, a little later.
            _reading = false;
            _wanted = true;
            _retryAtMs = _nowMs + RetryMs;
        };
    }

    private void Done()
    {
        var status = _watcher.Latest;
        bool booting = status is { Phase: SequencePhase.Booting };
        var facts = SwitchHistory.Read(_records, _loop.Side, booting, _first, _next);
        var was = _latest;
        _latest = facts;
        _reading = false;
        Reads++;
        if (facts.LastSwitch is { } last && (was?.LastSwitch is not { } before || before.Epoch != last.Epoch || before.Done != last.Done))
        {
            _log.Log(LogLevel.Information, AgentEvents.LastSwitch,
                "last switch from the SMU's log: {From} to {To}, epoch {Epoch}, began {Started}; {Steps}{Total}",
                last.From, last.To, last.Epoch, last.StartedUtc?.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "at an unknown date (the SMU's clock was not set)",
                string.Join(", ", last.Steps.Select(Text)), last.TotalSeconds is { } total ? $"; {total:0.000} s to services ready" : "; still booting");
        }
    }

    /// <summary>A step as the journal and <c>status</c> write it: "B ReleasingStorage 0.011 s".</summary>
    public static string Text(SwitchStep step) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{step.Side} {step.Phase} {(step.Seconds is { } s ? $"{s:0.000} s" : "under way")}");
}
