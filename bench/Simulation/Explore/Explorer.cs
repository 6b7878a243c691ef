using System.Diagnostics;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>What to explore.</summary>
public sealed class ExploreOptions
{
    /// <summary>Gets or sets the start state (<see cref="ExploreStart"/>).</summary>
    public string From { get; set; } = "a-serves";

    /// <summary>Gets or sets the most faults on one path.</summary>
    public int Faults { get; set; } = 2;

    /// <summary>Gets or sets how many decision points after the start state or the previous fault the next fault may come at.</summary>
    public int Depth { get; set; } = 8;

    /// <summary>Gets or sets the faults branched over (null: <see cref="ExploreFault.All"/>).</summary>
    public IReadOnlyList<ExploreFault>? Only { get; set; }

    /// <summary>Gets or sets how long the system runs after the last fault has ended (<see cref="ExploreFault.LastsMs"/>) before liveness is judged (0: the SMUs' no-service limit and a minute).</summary>
    public long SettleMs { get; set; }

    /// <summary>Gets or sets the wall-clock budget (0: none).</summary>
    public TimeSpan Budget { get; set; }

    /// <summary>Gets or sets the planted bug (tests).</summary>
    public PlantedBug Bug { get; set; }

    /// <summary>Gets or sets whether to go on after a violation (not branching from a violating path) and count them all.</summary>
    public bool KeepGoing { get; set; }

    /// <summary>Gets or sets a callback told of each finished level (fault count), for progress.</summary>
    public Action<string>? Progress { get; set; }
}

/// <summary>A violation the explorer found: the path to it, what was violated, and the run's events for its timeline.</summary>
public sealed record ExploreViolation(ExplorePath Path, string What, IReadOnlyList<SystemEvent> Events);

/// <summary>What an exploration did.</summary>
public sealed record ExploreReport(
    ExploreOptions Options,
    long States,
    long Transitions,
    long Paths,
    long Merged,
    int DepthReached,
    int FaultsReached,
    bool Exhausted,
    long PathsLeft,
    TimeSpan Elapsed,
    long PeakMemoryBytes,
    long SimulatedMs,
    ExploreViolation? Violation)
{
    /// <summary>Gets how many paths ran into a violation (more than one only with <see cref="ExploreOptions.KeepGoing"/>).</summary>
    public long Violations { get; init; }

    /// <summary>Gets the violating paths by what they violated ("property 5", "liveness").</summary>
    public IReadOnlyDictionary<string, int> ViolationKinds { get; init; } = new Dictionary<string, int>();

    /// <summary>Gets how many fingerprints were taken.</summary>
    public long Fingerprints { get; init; }

    /// <summary>Gets the time spent taking them.</summary>
    public TimeSpan FingerprintTime { get; init; }

    /// <summary>Gets the states explored per wall-clock second.</summary>
    public double StatesPerSecond => States / Math.Max(Elapsed.TotalSeconds, 1e-9);

    /// <summary>Gets the processor time the process spent (every thread: the JIT's and the GC's too), which a loaded machine does not stretch as it does the wall time.</summary>
    public TimeSpan CpuTime { get; init; }
}

/// <summary>
/// Stateless exhaustive exploration of the real firmware by re-execution: the world is
/// deterministic and its firmware objects cannot be cloned, so a path (a start state and a list of
/// faults, each at a decision point) is run again from the start every time it is extended.
/// <para>
/// Decision points are the milliseconds after which something observable happened: a frame
/// delivered on a link, a line changed, a log record or a bench event (a server's change, a board's
/// reboot). They are thinned to the first moment of each kind after the start state or the last
/// fault (a heartbeat's second delivery is the same kind as its first), and the first
/// <see cref="ExploreOptions.Depth"/> such moments are where the next fault may come. At each,
/// every applicable fault of the fixed list is a branch, up to <see cref="ExploreOptions.Faults"/>
/// faults per path. Levels go by fault count (all paths of one fault before any of two), so the
/// first violation found has the fewest faults.
/// </para>
/// <para>
/// A state is the <see cref="WorldFingerprint"/> at a decision point. A run that reaches a state
/// already explored with no more faults spent and no later decision point stops there: the rest of
/// its run, its branches and its end are those of the run that got there first.
/// </para>
/// <para>
/// The safety monitor checks DESIGN.md §2 at every step of every run (its liveness rules too: no
/// silent outage, no long time without service and without an alarm); at the end of a run,
/// <see cref="ExploreOptions.SettleMs"/> after its last fault, a side must serve or an SMU must
/// show an alarm, and the logs must still hold their kept records (<see cref="SafetyMonitor.Finish"/>).
/// </para>
/// </summary>
public sealed class Explorer
{
    private readonly ExploreOptions _options;
    private readonly IReadOnlyList<ExploreFault> _faults;
    private readonly Dictionary<UInt128, List<(int Faults, int Moment)>> _visited = new();
    private long _horizonMs;
    private long _transitions;
    private long _paths;
    private long _merged;
    private long _simulatedMs;
    private int _depthReached;
    private long _violations;
    private readonly SortedDictionary<string, int> _kinds = new();
    private long _prints;
    private readonly Stopwatch _printing = new();

    /// <summary>Initializes a new instance of the <see cref="Explorer"/> class.</summary>
    public Explorer(ExploreOptions options)
    {
        if (options.Faults < 0 || options.Depth < 1)
        {
            throw new ArgumentException(options.Faults < 0 ? "--faults must be 0 or more" : "--depth must be 1 or more");
        }

        ExploreStart.Check(options.From);
        _options = options;
        _faults = options.Only ?? ExploreFault.All;
    }

    /// <summary>Explores the bounded space, or as much of it as the budget allows; stops at the first violation.</summary>
    public ExploreReport Run()
    {
        var clock = Stopwatch.StartNew();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        long settle = _options.SettleMs > 0 ? _options.SettleMs : ExploreStart.Options(_options.From, _options.Bug).Smu.NoServiceAlarmMs + 60_000;
        _horizonMs = WorldFingerprint.HorizonFor(ExploreStart.Options(_options.From, _options.Bug));
        var level = new List<ExplorePath> { new(_options.From, Array.Empty<(long, ExploreFault)>(), settle, _options.Bug) };
        ExploreViolation? violation = null;
        int faultsReached = 0;
        bool exhausted = true;
        long left = 0;
        for (int faults = 0; faults <= _options.Faults && level.Count > 0 && (violation == null || _options.KeepGoing); faults++)
        {
            var next = new List<ExplorePath>();
            for (int i = 0; i < level.Count; i++)
            {
                if (_options.Budget > TimeSpan.Zero && clock.Elapsed > _options.Budget)
                {
                    exhausted = false;
                    left = level.Count - i;
                    break;
                }

                var found = RunPath(level[i], faults < _options.Faults ? next : null);
                if (found != null)
                {
                    _violations++;
                    string kind = found.What[..found.What.IndexOfAny(new[] { ' ', ':' }, found.What.StartsWith("property", StringComparison.Ordinal) ? 9 : 0)];
                    _kinds[kind] = _kinds.GetValueOrDefault(kind) + 1;
                    violation ??= found;
                    if (!_options.KeepGoing)
                    {
                        break;
                    }
                }
            }

            faultsReached = faults;
            _options.Progress?.Invoke($"{faults} fault{(faults == 1 ? "" : "s")}: {level.Count - left:N0} paths run, {_visited.Count:N0} states, {next.Count:N0} paths of {faults + 1} next, {clock.Elapsed.TotalSeconds:0.0} s");
            if (!exhausted)
            {
                left += next.Count;
                break;
            }

            level = next;
        }

        clock.Stop();
        return new ExploreReport(_options, _visited.Count, _transitions, _paths, _merged, _depthReached, faultsReached,
            exhausted && (violation == null || _options.KeepGoing), left, clock.Elapsed, Process.GetCurrentProcess().PeakWorkingSet64, _simulatedMs, violation)
        {
            Fingerprints = _prints,
            Violations = _violations,
            ViolationKinds = _kinds,
            FingerprintTime = _printing.Elapsed,
            CpuTime = Process.GetCurrentProcess().TotalProcessorTime - cpu,
        };
    }

    /// <summary>
    /// Runs one path from its start state; adds its branches to <paramref name="children"/> (null:
    /// the path has all its faults). Returns the violation it ran into, or null.
    /// </summary>
    private ExploreViolation? RunPath(ExplorePath path, List<ExplorePath>? children)
    {
        _paths++;
        int faults = path.Steps.Count;
        int moment = 0;
        bool merged = false;
        MomentWatch? watch = null;
        var (system, violation) = Execute(path, system =>
        {
            watch ??= new MomentWatch(system);
            if (moment >= _options.Depth || !watch.NewKind())
            {
                return false;
            }

            _printing.Start();
            var print = WorldFingerprint.Of(system, _horizonMs);
            _printing.Stop();
            _prints++;
            if (!Visit(print, faults, moment))
            {
                merged = true;
                return true;
            }

            _depthReached = Math.Max(_depthReached, moment + 1);
            if (children != null)
            {
                foreach (var fault in _faults)
                {
                    if (fault.Applies(system))
                    {
                        _transitions++;
                        children.Add(path.With(system.NowMs, fault));
                    }
                }
            }

            moment++;
            return false;
        }, () => merged);
        _simulatedMs += system.NowMs;
        if (merged && violation == null)
        {
            _merged++;
        }

        return violation;
    }

    /// <summary>
    /// Replays a path: its start state, its faults at their times, then <see cref="ExplorePath.SettleMs"/>
    /// more; returns the system as it ended and the violation it ran into (null: none).
    /// </summary>
    public static (StandbySystem System, ExploreViolation? Violation) Replay(ExplorePath path) => Execute(path, null, () => false);

    private static (StandbySystem System, ExploreViolation? Violation) Execute(ExplorePath path, Func<StandbySystem, bool>? atMoment, Func<bool> merged)
    {
        var system = ExploreStart.Build(path.From, path.Bug, out string? failure);
        if (failure != null && !system.Stopped)
        {
            throw new InvalidOperationException($"the start state '{path.From}' could not be reached: {failure}");
        }

        foreach (var (at, fault) in path.Steps)
        {
            if (!system.Stopped)
            {
                system.RunUntil(at);
            }

            if (!system.Stopped && !fault.Apply(system))
            {
                throw new InvalidOperationException($"{fault.Name} does not apply at {at} ms: the path was not found in this world (another planted bug, another firmware?)");
            }
        }

        long end = Math.Max(path.FaultsEndMs, system.NowMs) + path.SettleMs;
        if (!system.Stopped)
        {
            system.RunUntil(end, atMoment == null ? null : () => atMoment(system));
        }

        if (merged() && !system.Stopped)
        {
            // The rest is the run that reached this state first.
            return (system, null);
        }

        if (!system.Stopped)
        {
            system.Monitor.Finish();
        }

        if (system.Monitor.Violation is { } v)
        {
            return (system, new ExploreViolation(path, $"property {v.Property} ({v.Title}) at {SimTime.Format(v.TimeNs)}: {v.Detail}", system.Events.ToList()));
        }

        if (system.ServingSide == Side.None && !Alarmed(system))
        {
            return (system, new ExploreViolation(path,
                $"liveness: {SimTime.Duration(path.SettleMs)} after the last fault nobody serves and no SMU shows an alarm (A: {system.SmuA.State} {system.SmuA.Mode}, server {system.ServerA.State}; B: {system.SmuB.State} {system.SmuB.Mode}, server {system.ServerB.State})",
                system.Events.ToList()));
        }

        return (system, null);
    }

    private static bool Alarmed(StandbySystem system) =>
        new[] { system.SmuA, system.SmuB }.Any(s => s.Firmware is { } f && f.Alarms != AlarmFlags.None);

    /// <summary>Records a state at a decision point; false when it was explored already with no more faults spent at no later moment.</summary>
    private bool Visit(UInt128 print, int faults, int moment)
    {
        if (!_visited.TryGetValue(print, out var seen))
        {
            _visited[print] = new List<(int, int)> { (faults, moment) };
            return true;
        }

        if (seen.Any(s => s.Faults <= faults && s.Moment <= moment))
        {
            return false;
        }

        seen.Add((faults, moment));
        return true;
    }

    /// <summary>Finds the milliseconds at which something of a new kind was observed since it was made (frames, lines, log records, bench events).</summary>
    private sealed class MomentWatch
    {
        private readonly StandbySystem _system;
        private readonly int[] _lineChanges;
        private readonly long[] _frames;
        private readonly HashSet<string> _kinds = new();
        private int _events;

        internal MomentWatch(StandbySystem system)
        {
            _system = system;
            _lineChanges = system.Lines.Select(l => l.Changes).ToArray();
            _frames = system.Links.Select(l => l.FramesRead).ToArray();
            _events = system.Events.Count;
        }

        /// <summary>Whether what happened since the last call includes a kind not seen before.</summary>
        internal bool NewKind()
        {
            bool fresh = false;
            var lines = _system.Lines;
            for (int i = 0; i < lines.Length; i++)
            {
                if (lines[i].Changes != _lineChanges[i])
                {
                    _lineChanges[i] = lines[i].Changes;
                    fresh |= _kinds.Add($"line {lines[i]} {(lines[i].Value ? 1 : 0)}");
                }
            }

            var links = _system.Links;
            for (int i = 0; i < links.Length; i++)
            {
                if (links[i].FramesRead != _frames[i])
                {
                    _frames[i] = links[i].FramesRead;
                    fresh |= _kinds.Add($"frame {links[i]}");
                }
            }

            var events = _system.Events;
            for (; _events < events.Count; _events++)
            {
                var e = events[_events];
                fresh |= _kinds.Add(e.Source == EventSource.Log
                    ? $"log {e.Who} {e.Code} {e.Side}"
                    : $"{e.Source} {e.Who} {new string(e.Text.Where(c => !char.IsDigit(c)).ToArray())}");
            }

            return fresh;
        }
    }
}
