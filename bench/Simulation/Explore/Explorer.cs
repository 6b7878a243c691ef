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

    /// <summary>Gets or sets how many threads run paths (1: the calling thread alone). The states, transitions, paths and violations are the same with any number.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Gets or sets whether a decision point that a firmware deadline caused (a press's end, the peer-silent limit, a boot checkpoint's deadline, the DM's hold-off) is also branched at 1 ms before the deadline.</summary>
    public bool BeforeDeadlines { get; set; } = true;

    /// <summary>Gets or sets how many paths of the last level (<see cref="Faults"/> faults) run at most, as if the budget ran out after them (0: no limit; tests).</summary>
    public long LastLevelLimit { get; set; }

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

    /// <summary>Gets how many paths were run again: with several threads a path can stop at a state that a path before it, still running, took first and then left at an earlier merge of its own.</summary>
    public long PathsRunAgain { get; init; }

    /// <summary>Gets how many paths ran on past a merge that a path before it, still running, made a merge only later (with several threads; work wasted, the result the same).</summary>
    public long PathsCutShort { get; init; }

    /// <summary>Gets the states explored by the levels below the last (all of them when those were exhausted).</summary>
    public long LowerStates { get; init; }

    /// <summary>Gets the paths run in the levels below the last.</summary>
    public long LowerPaths { get; init; }

    /// <summary>Gets the wall time the levels below the last took.</summary>
    public TimeSpan LowerElapsed { get; init; }

    /// <summary>Gets how far the last level got (null: it did not start: the budget or a violation stopped a level below, or the bound is 0 faults).</summary>
    public ExploreLastLevel? LastLevel { get; init; }

    /// <summary>Gets the processor time the process spent (every thread: the JIT's and the GC's too), which a loaded machine does not stretch as it does the wall time.</summary>
    public TimeSpan CpuTime { get; init; }
}

/// <summary>
/// How far the last level (the most faults) got. Its paths are generated as it runs, from the paths
/// of the level before it (its parents) a few at a time, so its size is known once every parent has
/// been run again; until then it is estimated from the parents run so far (the order spreads them
/// over the level, see bench/README.md).
/// </summary>
public sealed record ExploreLastLevel(
    int Faults,
    long Parents,
    long ParentsExpanded,
    long PathsKnown,
    long PathsRun,
    long States,
    long Violations,
    TimeSpan Elapsed,
    int FirstFaults,
    int FirstFaultsExpanded,
    int FirstFaultsRun)
{
    /// <summary>Gets whether every path of the level ran.</summary>
    public bool Finished => ParentsExpanded == Parents && PathsRun == PathsKnown;

    /// <summary>Gets the level's size: exact when every parent has been run again, else the paths known scaled by the parents left.</summary>
    public long EstimatedPaths => ParentsExpanded == Parents || ParentsExpanded == 0 ? PathsKnown : (long)Math.Round(PathsKnown * (double)Parents / ParentsExpanded);

    /// <summary>Gets the share of the level's paths that ran.</summary>
    public double Fraction => EstimatedPaths == 0 ? 1 : PathsRun / (double)EstimatedPaths;

    /// <summary>Gets how long the rest of the level would take at the speed it ran at.</summary>
    public TimeSpan ProjectedLeft => PathsRun == 0 ? TimeSpan.Zero : Elapsed * ((EstimatedPaths - PathsRun) / (double)PathsRun);
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
/// <see cref="ExploreOptions.Depth"/> such moments are where the next fault may come. A moment that
/// a firmware deadline caused (the board's next-due time fell due then) is also branched at 1 ms
/// before it (<see cref="ExploreOptions.BeforeDeadlines"/>): a fault in the deadline's last
/// millisecond is another interleaving than one after it. At each, every applicable fault of the
/// fixed list is a branch, up to <see cref="ExploreOptions.Faults"/> faults per path. Levels go by
/// fault count (all paths of one fault before any of two), so the first violation found has the
/// fewest faults. The levels below the last run as the bound one fault less runs them; the last is
/// not held but generated as it runs, from its parents run again (<see cref="RunLastLevel"/>), in an
/// order that spreads over it (<see cref="Spread"/>), so a budget that cuts it leaves a cross-section.
/// </para>
/// <para>
/// A state is the <see cref="WorldFingerprint"/> at a decision point. A run that reaches a state
/// already explored with no more faults spent and no later decision point stops there: the rest of
/// its run, its branches and its end are those of the run that got there first.
/// </para>
/// <para>
/// With several threads the paths of a level run at once and are committed in their order: each
/// path's decisions (stop here, branch here) are taken again as it is committed, against the states
/// of the paths before it, which are then final; a path that ran past a state an earlier one took
/// meanwhile is cut there, one that stopped at a state an earlier one then gave up is run again. So
/// the states, branches, paths and violations are those of one thread, only the work differs.
/// </para>
/// <para>
/// The safety monitor checks DESIGN.md §2 at every step of every run (its liveness rules too: no
/// silent outage, no long time without service and without an alarm); at the end of a run,
/// <see cref="ExploreOptions.SettleMs"/> after its last fault has ended, a side must serve or an SMU
/// must show an alarm, and the logs must still hold their kept records (<see cref="SafetyMonitor.Finish"/>).
/// </para>
/// </summary>
public sealed class Explorer
{
    private readonly ExploreOptions _options;
    private readonly IReadOnlyList<ExploreFault> _faults;

    /// <summary>Every state met at a decision point, with the fault counts and moments it was met at and by which path; guarded by itself.</summary>
    private readonly Dictionary<UInt128, List<Seen>> _visited = new();
    private readonly SortedDictionary<string, int> _kinds = new();
    private long _horizonMs;
    private long _transitions;
    private long _paths;
    private long _merged;
    private int _depthReached;
    private long _violations;

    // The work done (every run, also those run again), counted from every thread.
    private long _simulatedMs;
    private long _prints;
    private long _printTicks;
    private long _runAgain;
    private long _cutShort;

    /// <summary>Initializes a new instance of the <see cref="Explorer"/> class.</summary>
    public Explorer(ExploreOptions options)
    {
        if (options.Faults < 0 || options.Depth < 1 || options.Threads < 1)
        {
            throw new ArgumentException(options.Faults < 0 ? "--faults must be 0 or more" : options.Depth < 1 ? "--depth must be 1 or more" : "--threads must be 1 or more");
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

        // The levels below the last run as a run bounded at one fault less would: the level before the
        // last does not branch here, its branches are generated level by level afterwards.
        int lower = Math.Max(_options.Faults - 1, 0);
        for (int faults = 0; faults <= lower && level.Count > 0 && (violation == null || _options.KeepGoing); faults++)
        {
            var next = faults < lower ? new List<ExplorePath>() : null;
            var work = level.Select((path, i) => new Work(path, Owner(faults, i), next != null, -1)).ToList();
            var (found, run) = RunLevel(work, next, clock, rerun: false);
            violation ??= found;
            if (run < level.Count && (found == null || _options.KeepGoing))
            {
                // The budget ran out (a violation stops a level only without --keep-going).
                exhausted = false;
                left = level.Count - run;
            }

            faultsReached = faults;
            _options.Progress?.Invoke($"{Faults(faults)}: {run:N0} paths run, {_visited.Count:N0} states, " +
                $"{(next != null ? $"{next.Count:N0} paths of {faults + 1} next" : "the last level below the bound")}, {clock.Elapsed.TotalSeconds:0.0} s");
            if (!exhausted)
            {
                left += next?.Count ?? 0;
                break;
            }

            if (next != null)
            {
                level = next;
            }
        }

        var lowerFigures = (States: (long)_visited.Count, Paths: _paths, Elapsed: clock.Elapsed);
        ExploreLastLevel? last = null;
        if (_options.Faults > 0 && exhausted && level.Count > 0 && (violation == null || _options.KeepGoing))
        {
            last = RunLastLevel(level, clock, ref violation);
            faultsReached = last.PathsRun > 0 ? _options.Faults : faultsReached;
            if (!last.Finished && (last.Violations == 0 || _options.KeepGoing) && (violation == null || _options.KeepGoing))
            {
                exhausted = false;
                left = last.EstimatedPaths - last.PathsRun;
            }
        }

        clock.Stop();
        return new ExploreReport(_options, _visited.Count, _transitions, _paths, _merged, _depthReached, faultsReached,
            exhausted && (violation == null || _options.KeepGoing), left, clock.Elapsed, Process.GetCurrentProcess().PeakWorkingSet64, _simulatedMs, violation)
        {
            Fingerprints = _prints,
            Violations = _violations,
            ViolationKinds = _kinds,
            FingerprintTime = TimeSpan.FromSeconds(_printTicks / (double)Stopwatch.Frequency),
            CpuTime = Process.GetCurrentProcess().TotalProcessorTime - cpu,
            PathsRunAgain = _runAgain,
            PathsCutShort = _cutShort,
            LowerStates = lowerFigures.States,
            LowerPaths = lowerFigures.Paths,
            LowerElapsed = lowerFigures.Elapsed,
            LastLevel = last,
        };
    }

    private static string Faults(int count) => $"{count} fault{(count == 1 ? "" : "s")}";

    /// <summary>How many paths of the level before the last are run again at a time to generate the last level's paths (about 40 paths of the last level each in the big runs; not tied to the threads, so a cut falls at the same place with any number).</summary>
    private const int ParentsAtATime = 8;

    /// <summary>
    /// Runs the last level (<see cref="ExploreOptions.Faults"/> faults) without holding it: its paths are
    /// generated from the level before it (<paramref name="parents"/>, already run and committed, each
    /// recorded in the states under <see cref="Owner"/>(faults − 1, its index)), a few parents at a time,
    /// in the order <see cref="Spread"/> gives them. Each parent is run again, branching: its decision
    /// points are those of its first run (the states it took are looked up, not taken again), the
    /// instants before deadlines are decided now; its branches are that level's paths, run at once.
    /// </summary>
    private ExploreLastLevel RunLastLevel(List<ExplorePath> parents, Stopwatch clock, ref ExploreViolation? violation)
    {
        int faults = _options.Faults;
        var start = clock.Elapsed;
        long statesBefore = _visited.Count;
        long violationsBefore = _violations;
        long known = 0;
        long ran = 0;
        int expanded = 0;
        long sequence = 0;
        var firstFaults = new HashSet<(long, string)>(parents.Where(p => p.Steps.Count > 0).Select(p => (p.Steps[0].AtMs, p.Steps[0].Fault.Name)));
        var firstFaultsExpanded = new HashSet<(long, string)>();
        var firstFaultsRun = new HashSet<(long, string)>();
        var order = Spread(parents);
        var reported = clock.Elapsed;
        for (int at = 0; at < order.Count; at += ParentsAtATime)
        {
            var batch = order.Skip(at).Take(ParentsAtATime).Select(i => new Work(parents[i], Owner(faults, sequence++), true, Owner(faults - 1, i))).ToList();
            var paths = new List<ExplorePath>();
            var (_, rerun) = RunLevel(batch, paths, clock, rerun: true);
            expanded += rerun;
            known += paths.Count;
            foreach (var parent in batch.Take(rerun).Where(w => w.Path.Steps.Count > 0))
            {
                firstFaultsExpanded.Add((parent.Path.Steps[0].AtMs, parent.Path.Steps[0].Fault.Name));
            }

            if (rerun < batch.Count)
            {
                break;
            }

            long limit = _options.LastLevelLimit > 0 ? Math.Min(paths.Count, _options.LastLevelLimit - ran) : paths.Count;
            var work = paths.Take((int)limit).Select(path => new Work(path, Owner(faults, sequence++), false, -1)).ToList();
            var (found, run) = RunLevel(work, null, clock, rerun: false);
            ran += run;
            foreach (var path in paths.Take(run))
            {
                firstFaultsRun.Add((path.Steps[0].AtMs, path.Steps[0].Fault.Name));
            }

            violation ??= found;
            if (run < paths.Count || (found != null && !_options.KeepGoing))
            {
                break;
            }

            if (_options.Progress != null && clock.Elapsed - reported > TimeSpan.FromMinutes(1))
            {
                reported = clock.Elapsed;
                var now = Figures();
                _options.Progress($"{Faults(faults)}: {ran:N0} of about {now.EstimatedPaths:N0} paths run ({now.Fraction:P1}), from {expanded:N0} of {parents.Count:N0} paths of {faults - 1}; " +
                    $"{_visited.Count:N0} states, {now.Violations:N0} violations, {clock.Elapsed.TotalSeconds:0.0} s; about {now.ProjectedLeft.TotalMinutes:N0} min left");
            }
        }

        var figures = Figures();
        _options.Progress?.Invoke($"{Faults(faults)}: {ran:N0} of {(figures.ParentsExpanded == figures.Parents ? "" : "about ")}{figures.EstimatedPaths:N0} paths run, {_visited.Count:N0} states, {clock.Elapsed.TotalSeconds:0.0} s");
        return figures;

        ExploreLastLevel Figures() => new(faults, parents.Count, expanded, known, ran, _visited.Count - statesBefore, _violations - violationsBefore,
            clock.Elapsed - start, firstFaults.Count, firstFaultsExpanded.Count, firstFaultsRun.Count);
    }

    /// <summary>
    /// Orders a level's paths so that any first part of the order spreads over the whole level: grouped
    /// by their first fault (its time and kind), each group ordered so by its second fault and so on,
    /// and the groups merged in proportion to their sizes (the k-th of a group of n at k / n: the first
    /// of every group first, in the level's order), so that wherever the budget cuts the order every
    /// first fault has had some of its paths run, each about the same share of them.
    /// Returns the paths' indices.
    /// </summary>
    private static List<int> Spread(List<ExplorePath> paths)
    {
        List<int> Order(List<int> indices, int step)
        {
            if (indices.Count <= 1 || paths[indices[0]].Steps.Count <= step)
            {
                return indices;
            }

            var groups = indices.GroupBy(i => (paths[i].Steps[step].AtMs, paths[i].Steps[step].Fault.Name)).Select(g => Order(g.ToList(), step + 1)).ToList();
            return groups.SelectMany((group, g) => group.Select((index, k) => (Key: k / (double)group.Count, Group: g, Index: index)))
                .OrderBy(e => e.Key).ThenBy(e => e.Group).Select(e => e.Index).ToList();
        }

        return Order(Enumerable.Range(0, paths.Count).ToList(), 0);
    }

    /// <summary>
    /// Runs paths (on <see cref="ExploreOptions.Threads"/> threads) and commits them in their order;
    /// returns the first violation (null: none) and how many were committed (fewer than all when the
    /// budget ran out or a violation stopped it). <paramref name="rerun"/>: the paths ran and were
    /// counted before, and are run again only for their branches.
    /// </summary>
    private (ExploreViolation? Violation, int Committed) RunLevel(List<Work> level, List<ExplorePath>? next, Stopwatch clock, bool rerun)
    {
        bool OutOfTime() => _options.Budget > TimeSpan.Zero && clock.Elapsed > _options.Budget;
        ExploreViolation? first = null;
        if (_options.Threads == 1 || level.Count == 1)
        {
            for (int i = 0; i < level.Count; i++)
            {
                if (OutOfTime())
                {
                    return (null, i);
                }

                if (Commit(RunPath(level[i]), next, rerun) is { } found)
                {
                    first ??= found;
                    if (!_options.KeepGoing)
                    {
                        return (first, i + 1);
                    }
                }
            }

            return (first, level.Count);
        }

        // Workers take the paths in order and leave their runs; this thread commits them in order.
        var runs = new PathRun?[level.Count];
        int taken = 0;
        int exited = 0;
        bool stop = false;
        Exception? failed = null;
        var gate = new object();
        void Work()
        {
            try
            {
                while (!Volatile.Read(ref stop) && !OutOfTime())
                {
                    int i = Interlocked.Increment(ref taken) - 1;
                    if (i >= level.Count)
                    {
                        break;
                    }

                    var run = RunPath(level[i]);
                    lock (gate)
                    {
                        runs[i] = run;
                        Monitor.PulseAll(gate);
                    }
                }
            }
            catch (Exception e)
            {
                failed ??= e;
                Volatile.Write(ref stop, true);
            }
            finally
            {
                lock (gate)
                {
                    exited++;
                    Monitor.PulseAll(gate);
                }
            }
        }

        var workers = Enumerable.Range(0, _options.Threads).Select(n => new Thread(Work) { IsBackground = true, Name = $"explore {n}" }).ToList();
        workers.ForEach(w => w.Start());
        int committed = 0;
        try
        {
            for (; committed < level.Count; committed++)
            {
                PathRun? run;
                lock (gate)
                {
                    while ((run = runs[committed]) == null && !(exited == workers.Count && committed >= Math.Min(Volatile.Read(ref taken), level.Count)) && failed == null)
                    {
                        Monitor.Wait(gate);
                    }

                    runs[committed] = null;
                }

                if (failed != null)
                {
                    throw new InvalidOperationException($"an exploring thread failed: {failed.Message}", failed);
                }

                if (run == null)
                {
                    // The budget ran out before this path was taken.
                    break;
                }

                if (Commit(run, next, rerun) is { } found)
                {
                    first ??= found;
                    if (!_options.KeepGoing)
                    {
                        committed++;
                        break;
                    }
                }
            }
        }
        finally
        {
            Volatile.Write(ref stop, true);
            workers.ForEach(w => w.Join());
        }

        if (committed < level.Count)
        {
            // What the paths after the last committed one saw is no state explored.
            Forget(level[committed].Owner);
        }

        return (first, committed);
    }

    /// <summary>Orders the paths of every level: those of fewer faults first, then by their place in their level (the last level: its parents, run again, each before its own branches).</summary>
    private static long Owner(int faults, long index) => ((long)faults << 40) + index;

    /// <summary>
    /// Runs one path from its start state, deciding at each decision point against the states seen
    /// so far (by it and the paths before it) whether it stops there, and noting what branches there.
    /// A path run again for its branches (<see cref="Work.Recorded"/>) takes its first run's decisions
    /// at its decision points: it stops where that run stopped.
    /// </summary>
    private PathRun RunPath(Work work)
    {
        var (path, owner, branch, recorded) = work;
        var run = new PathRun(work);
        int faults = path.Steps.Count;
        int moment = 0;
        long lastInstant = path.Steps.Count == 0 ? long.MinValue : path.Steps[^1].AtMs;
        MomentWatch? watch = null;
        Instant? before = null;
        var (system, violation) = Execute(path, system =>
        {
            watch ??= new MomentWatch(system);
            if (recorded >= 0 && moment >= _options.Depth)
            {
                // Run again for its branches: it has no more decision point, and its end was judged when it first ran.
                run.Enough = true;
                return true;
            }

            if (moment >= _options.Depth || !watch.NewKind())
            {
                return false;
            }

            if (before != null && before.AtMs == system.NowMs - 1 && before.AtMs > lastInstant)
            {
                // The moment a deadline caused: branch in the deadline's last millisecond too.
                before.Moment = moment;
                before.Accepted = Check(before.Print, faults, moment, owner);
                run.Instants.Add(before);
            }

            before = null;
            var instant = new Instant(Print(system), system.NowMs, false, branch ? Applicable(system) : null) { Moment = moment, Recorded = recorded >= 0 };
            instant.Accepted = recorded >= 0 ? Took(path, instant.Print, faults, moment, recorded) : Check(instant.Print, faults, moment, owner);
            run.Instants.Add(instant);
            lastInstant = system.NowMs;
            if (!instant.Accepted)
            {
                run.Merged = true;
                return true;
            }

            moment++;
            return false;
        }, () => run.Merged || run.Enough, branch && _options.BeforeDeadlines ? system => moment < _options.Depth ? NextDeadline(system) : long.MaxValue : null,
        system => before = new Instant(Print(system), system.NowMs, true, Applicable(system)));
        Interlocked.Add(ref _simulatedMs, system.NowMs);
        run.Violation = run.Merged ? null : violation;
        return run;
    }

    /// <summary>
    /// Takes a run's decisions again, in order, against the states of the paths before it (final now)
    /// and its own earlier ones, as one thread would have; cuts it where it should have stopped, runs
    /// it again when it stopped where it should not have; then counts it (unless it is
    /// <paramref name="rerun"/> for its branches) and adds its branches. Returns its violation, or null.
    /// </summary>
    private ExploreViolation? Commit(PathRun run, List<ExplorePath>? next, bool rerun)
    {
        while (!Decide(run))
        {
            Interlocked.Increment(ref _runAgain);
            run = RunPath(run.Work);
        }

        if (!rerun)
        {
            _paths++;
            if (run.Merged)
            {
                _merged++;
            }
        }

        foreach (var instant in run.Instants)
        {
            if (!instant.Accepted)
            {
                continue;
            }

            if (!instant.Before)
            {
                _depthReached = Math.Max(_depthReached, instant.Moment + 1);
            }

            if (next != null && instant.Applicable != null)
            {
                foreach (var fault in instant.Applicable)
                {
                    _transitions++;
                    next.Add(run.Work.Path.With(instant.AtMs, fault));
                }
            }
        }

        if (rerun)
        {
            // Counted when it first ran.
            return null;
        }

        if (run.Violation is { } found)
        {
            _violations++;
            string kind = found.What[..found.What.IndexOfAny(new[] { ' ', ':' }, found.What.StartsWith("property", StringComparison.Ordinal) ? 9 : 0)];
            _kinds[kind] = _kinds.GetValueOrDefault(kind) + 1;
        }

        return run.Violation;
    }

    /// <summary>Decides the run's instants again (see <see cref="Commit"/>); false when it must run again. A recorded instant (a path run again) keeps its first run's decision.</summary>
    private bool Decide(PathRun run)
    {
        int faults = run.Work.Path.Steps.Count;
        long owner = run.Work.Owner;
        lock (_visited)
        {
            foreach (var instant in run.Instants)
            {
                Forget(instant.Print, owner);
            }

            for (int k = 0; k < run.Instants.Count; k++)
            {
                var instant = run.Instants[k];
                if (instant.Recorded)
                {
                    continue;
                }

                bool accepted = Check(instant.Print, faults, instant.Moment, owner);
                bool wasAccepted = instant.Accepted;
                instant.Accepted = accepted;
                if (instant.Before || accepted == wasAccepted)
                {
                    continue;
                }

                if (accepted)
                {
                    // It stopped at a state that a path before it gave up: its own states are not explored.
                    foreach (var taken in run.Instants)
                    {
                        Forget(taken.Print, owner);
                    }

                    return false;
                }

                // A path before it took this state while it ran on: it stops here.
                Interlocked.Increment(ref _cutShort);
                run.Instants.RemoveRange(k + 1, run.Instants.Count - k - 1);
                run.Merged = true;
                run.Violation = null;
                break;
            }
        }

        return true;
    }

    /// <summary>Whether the path's first run (<paramref name="owner"/>) took this state at this moment; a state nobody took means the run went another way the second time, an error.</summary>
    private bool Took(ExplorePath path, UInt128 print, int faults, int moment, long owner)
    {
        lock (_visited)
        {
            if (!_visited.TryGetValue(print, out var seen))
            {
                throw new InvalidOperationException($"the path ({path}) reached a state at its decision point {moment} that no path took: it ran differently the second time");
            }

            return seen.Contains(new Seen(faults, moment, owner));
        }
    }

    /// <summary>Records a state at a decision point; false when it was explored already (by this path or one before it) with no more faults spent at no later moment.</summary>
    private bool Check(UInt128 print, int faults, int moment, long owner)
    {
        lock (_visited)
        {
            if (!_visited.TryGetValue(print, out var seen))
            {
                _visited[print] = new List<Seen> { new(faults, moment, owner) };
                return true;
            }

            foreach (var s in seen)
            {
                if (s.Owner <= owner && s.Faults <= faults && s.Moment <= moment)
                {
                    return false;
                }
            }

            seen.Add(new Seen(faults, moment, owner));
            return true;
        }
    }

    /// <summary>Forgets what a path recorded of a state.</summary>
    private void Forget(UInt128 print, long owner)
    {
        lock (_visited)
        {
            if (_visited.TryGetValue(print, out var seen) && seen.RemoveAll(s => s.Owner == owner) > 0 && seen.Count == 0)
            {
                _visited.Remove(print);
            }
        }
    }

    /// <summary>Forgets what the paths from <paramref name="owner"/> on recorded (they were not committed).</summary>
    private void Forget(long owner)
    {
        lock (_visited)
        {
            foreach (var print in _visited.Keys.ToList())
            {
                var seen = _visited[print];
                if (seen.RemoveAll(s => s.Owner >= owner) > 0 && seen.Count == 0)
                {
                    _visited.Remove(print);
                }
            }
        }
    }

    private UInt128 Print(StandbySystem system)
    {
        long start = Stopwatch.GetTimestamp();
        var print = WorldFingerprint.Of(system, _horizonMs);
        Interlocked.Add(ref _printTicks, Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref _prints);
        return print;
    }

    private List<ExploreFault> Applicable(StandbySystem system) => _faults.Where(f => f.Applies(system)).ToList();

    /// <summary>The earliest time a board's running firmware has something to do on time alone.</summary>
    private static long NextDeadline(StandbySystem system) =>
        Math.Min(system.Dm.FirmwareDueMs, Math.Min(system.SmuA.FirmwareDueMs, system.SmuB.FirmwareDueMs));

    /// <summary>
    /// Replays a path: its start state, its faults at their times, then <see cref="ExplorePath.SettleMs"/>
    /// more; returns the system as it ended and the violation it ran into (null: none).
    /// </summary>
    public static (StandbySystem System, ExploreViolation? Violation) Replay(ExplorePath path) => Execute(path, null, () => false, null, null);

    /// <summary>
    /// Runs a path; after the last fault <paramref name="atMoment"/> is asked between steps whether to
    /// stop (a merge), and, while <paramref name="deadline"/> names a firmware deadline, the run pauses
    /// 1 ms before it for <paramref name="atPause"/> (a pause changes nothing: the world is only stepped
    /// when a part has something to do).
    /// </summary>
    private static (StandbySystem System, ExploreViolation? Violation) Execute(ExplorePath path, Func<StandbySystem, bool>? atMoment, Func<bool> merged,
        Func<StandbySystem, long>? deadline, Action<StandbySystem>? atPause)
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
        long target = end;

        // Between steps: a merge, or a deadline that came before the pause aimed at (a step set it).
        Func<bool>? stop = atMoment == null && deadline == null ? null : () =>
            (atMoment != null && atMoment(system)) || (deadline != null && deadline(system) - 1 is long pause && pause > system.NowMs && pause < target);
        long pausedAt = long.MinValue;
        while (!system.Stopped && !merged() && system.NowMs < end)
        {
            long due = deadline?.Invoke(system) ?? long.MaxValue;
            if (due > end)
            {
                target = end;
                system.RunUntil(end, stop);
            }
            else if (due - 1 > system.NowMs)
            {
                target = due - 1;
                system.RunUntil(target, stop);
                if (!system.Stopped && !merged() && system.NowMs == target)
                {
                    pausedAt = target;
                    atPause!(system);
                }
            }
            else
            {
                if (due - 1 == system.NowMs && pausedAt != system.NowMs)
                {
                    // Already stepped through the millisecond before the deadline (another board's
                    // deadline fell in it): that is the pause, as if aimed at.
                    pausedAt = system.NowMs;
                    atPause!(system);
                }

                // Through the deadline's millisecond.
                target = Math.Max(due, system.NowMs + 1);
                system.RunUntil(target, stop);
            }
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
                $"liveness: {SimTime.Duration(path.SettleMs)} after the last fault ended nobody serves and no SMU shows an alarm (A: {system.SmuA.State} {system.SmuA.Mode}, server {system.ServerA.State}; B: {system.SmuB.State} {system.SmuB.Mode}, server {system.ServerB.State})",
                system.Events.ToList()));
        }

        return (system, null);
    }

    private static bool Alarmed(StandbySystem system) =>
        new[] { system.SmuA, system.SmuB }.Any(s => s.Firmware is { } f && f.Alarms != AlarmFlags.None);

    /// <summary>A path to run: its place in the order (<see cref="Owner"/>), whether its decision points are branched, and, for a path run again for its branches, the place its first run had (-1: none).</summary>
    private readonly record struct Work(ExplorePath Path, long Owner, bool Branch, long Recorded);

    /// <summary>A state as a path recorded it: the fault count and moment it was met at, and the path (<see cref="Owner"/>).</summary>
    private readonly record struct Seen(int Faults, int Moment, long Owner);

    /// <summary>A decision point of a run: its state, when, whether it is the instant before a deadline, the faults that apply there (null: the path branches no more), and whether the state was new.</summary>
    private sealed class Instant(UInt128 print, long atMs, bool before, List<ExploreFault>? applicable)
    {
        public UInt128 Print { get; } = print;

        public long AtMs { get; } = atMs;

        public bool Before { get; } = before;

        public List<ExploreFault>? Applicable { get; } = applicable;

        public int Moment { get; set; }

        public bool Accepted { get; set; }

        /// <summary>Gets or sets whether the decision is the one the path's first run took (a path run again for its branches).</summary>
        public bool Recorded { get; set; }
    }

    /// <summary>One run of a path: its decision points in order, whether it stopped at a state already explored, and its violation.</summary>
    private sealed class PathRun(Work work)
    {
        public Work Work { get; } = work;

        public List<Instant> Instants { get; } = new();

        public bool Merged { get; set; }

        /// <summary>Gets or sets whether a path run again for its branches stopped after its last decision point.</summary>
        public bool Enough { get; set; }

        public ExploreViolation? Violation { get; set; }
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
