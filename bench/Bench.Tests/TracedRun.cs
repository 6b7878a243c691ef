using ColdStandby.Bench.Captures;
using ColdStandby.Bench.Simulation;
using ColdStandby.Bench.Traces;

namespace ColdStandby.Bench.Tests;

/// <summary>
/// A scenario run with every line recorded, and a window of it written as VCD the way the demo
/// writes its failover trace: the capture checker's own-trace input, ready to be edited.
/// </summary>
internal sealed class TracedRun
{
    private TracedRun(ScenarioVerdict verdict, long fromNs, long toNs)
    {
        Verdict = verdict;
        FromNs = fromNs;
        ToNs = toNs;
    }

    public ScenarioVerdict Verdict { get; }

    public TraceRecording Recording => Verdict.System.Recording!;

    /// <summary>Gets the window's start: #0 of the VCD.</summary>
    public long FromNs { get; }

    /// <summary>Gets the window's end.</summary>
    public long ToNs { get; }

    /// <summary>
    /// Runs a scenario; the window runs from 1 s before its first injected fault or operator action
    /// to 30 s after its last (the run's end at most).
    /// </summary>
    public static TracedRun Of(Scenario scenario)
    {
        var verdict = scenario.Run(record: true);
        var system = verdict.System;
        var acts = system.Events.Where(e => e.Source is EventSource.Injected or EventSource.Operator).Select(e => e.TimeNs).DefaultIfEmpty(system.NowNs / 2).ToList();
        long from = Math.Max(0, acts.Min() - 1_000_000_000);
        return new TracedRun(verdict, from, Math.Min(system.NowNs, acts.Max() + 30_000_000_000));
    }

    /// <summary>The demo's day and its failover window: 1 s before the OS hang to 1 s after B's power-good.</summary>
    public static TracedRun Demo()
    {
        var verdict = DemoDay.Scenario.Run(record: true);
        var system = verdict.System;
        long fault = system.Injected.First(x => x.Fault.Type == FaultType.OsHang).TimeNs;
        long good = system.Recording!.Line("smu_b", "power_good")!.Changes.First(c => c.TimeNs > fault && c.Value).TimeNs;
        return new TracedRun(verdict, fault - 1_000_000_000, good + 3_000_000_000);
    }

    /// <summary>Writes the window (or another recording over it) to <paramref name="path"/> at 1 µs, optionally one board.</summary>
    public string Write(string path, TraceRecording? recording = null, params string[] scopes)
    {
        new VcdWriter(1, "us").Write(path, recording ?? Recording, FromNs, ToNs, "capture checker test", scopes.Length > 0 ? scopes : null);
        return path;
    }

    /// <summary>Gets a time in the window as VCD units (µs since #0).</summary>
    public long Units(long ns) => (ns - FromNs) / 1000;

    /// <summary>Checks a file with the checker's defaults plus <paramref name="configure"/>, keeping every byte and frame (the tests compare them).</summary>
    public static CaptureResult Check(string path, Action<CaptureOptions>? configure = null)
    {
        var options = new CaptureOptions { KeepBytes = true, KeepFrames = true };
        configure?.Invoke(options);
        return CaptureCheck.Run(path, options);
    }
}
