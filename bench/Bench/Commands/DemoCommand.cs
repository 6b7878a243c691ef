using System.Diagnostics;
using ColdStandby.Bench.Simulation;
using ColdStandby.Bench.Traces;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Commands;

/// <summary>
/// The main command: runs the scripted day (<see cref="DemoDay"/>) with every line and UART
/// recorded, prints the timeline and the verdict, and writes the timeline, a VCD of the failover
/// window, its WaveDrom JSON and SVG timing diagram, and the three event logs.
/// </summary>
public static class DemoCommand
{
    /// <summary>Runs the demo into <paramref name="outDir"/>.</summary>
    public static int Run(string outDir, TextWriter output, TextWriter error)
    {
        string? problem = OutputFolder.Prepare(outDir);
        if (problem != null)
        {
            error.WriteLine($"error: cannot write to the output folder '{outDir}': {problem}");
            return BenchCli.UsageError;
        }

        output.WriteLine("ColdStandby bench — demo: a day of a two-server cold standby in virtual time (real SMU, DM and agent code)");
        output.WriteLine("  both sides start; A becomes Active and serves; A's OS hangs; the watchdog fires and the failover runs;");
        output.WriteLine("  B boots and serves; an operator marks A repaired; a planned switchover moves the service back to A.");
        output.WriteLine();
        var clock = Stopwatch.StartNew();
        var verdict = DemoDay.Scenario.Run(record: true);
        clock.Stop();
        var system = verdict.System;

        string timeline = FailoverTimeline.Format(system.Events);
        output.WriteLine("timeline (mm:ss.ms since power-up, who, what happened → what follows):");
        output.Write(timeline);
        output.WriteLine();
        output.Write(verdict.Report());
        var latency = FailoverLatency.Measure(system).FirstOrDefault();
        if (latency != null)
        {
            output.WriteLine($"failover, fault to B's power-on: {SimTime.Duration(latency.TotalMs)} = detection {SimTime.Duration(latency.DetectionMs)} + shutdown {SimTime.Duration(latency.ShutdownMs)}" +
                $" + release {SimTime.Duration(latency.ReleaseMs)} + handover {SimTime.Duration(latency.HandoverMs)} + grant {SimTime.Duration(latency.GrantMs)}");
        }

        output.WriteLine();
        var files = Write(outDir, system, timeline);
        output.WriteLine($"files in {Path.GetFullPath(outDir)}:");
        foreach (var (file, what) in files)
        {
            output.WriteLine($"  {file,-15} {what}");
        }

        output.WriteLine();
        output.WriteLine($"simulated {SimTime.Format(system.NowNs)} in {clock.Elapsed.TotalSeconds:0.00} s ({system.Steps:N0} part steps), " +
            $"peak memory {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
        return verdict.Passed ? BenchCli.Ok : BenchCli.Differs;
    }

    private static List<(string File, string What)> Write(string outDir, StandbySystem system, string timeline)
    {
        var files = new List<(string, string)>();
        File.WriteAllText(Path.Combine(outDir, "timeline.txt"), timeline);
        files.Add(("timeline.txt", "the timeline above"));

        var (fault, from, to) = FailoverWindow(system);
        var vcd = new VcdWriter(1, "us");
        vcd.Write(Path.Combine(outDir, "failover.vcd"), system.Recording!, from, to,
            $"ColdStandby demo: the failover window {SimTime.Format(from)} – {SimTime.Format(to)} of the run; #0 is {SimTime.Format(from)}");
        files.Add(("failover.vcd", $"every line and UART line at bit level, {SimTime.Format(from)} – {SimTime.Format(to)} " +
            $"(1 µs timescale, {vcd.UnitsFor(from, to):N0} samples; gtkwave, PulseView, sigrok-cli)"));
        vcd.Write(Path.Combine(outDir, "day.vcd"), system.Recording!, 0, system.NowNs,
            $"ColdStandby demo: the whole day {SimTime.Format(0)} – {SimTime.Format(system.NowNs)}, failover and planned switchover back");
        files.Add(("day.vcd", $"the same for the whole day, {SimTime.Format(0)} – {SimTime.Format(system.NowNs)}, switchover back included " +
            $"({vcd.UnitsFor(0, system.NowNs):N0} samples: check it with `check`; sigrok-cli wants the smaller window above)"));

        var diagram = FailoverDiagram.Build(system, Side.A, fault, to, "Failover A → B: OS hang on A, watchdog, forced off, release, switch, grant, power on");
        WaveDromWriter.Write(Path.Combine(outDir, "failover.json"), diagram);
        files.Add(("failover.json", "WaveDrom JSON of the failover (npm wavedrom-cli renders it too)"));
        TimingDiagramSvg.Write(Path.Combine(outDir, "failover.svg"), diagram);
        files.Add(("failover.svg", "timing diagram of the failover: lines, frames, log events, cause → effect"));

        foreach (var (who, file) in new[] { ("A", "smu-a.log"), ("B", "smu-b.log"), ("DM", "dm.log") })
        {
            File.WriteAllText(Path.Combine(outDir, file), FailoverTimeline.LogFile(system, who));
            files.Add((file, who == "DM" ? "the DM's event log" : $"SMU {who}'s event log"));
        }

        return files;
    }

    /// <summary>The failover window: from 1 s before the fault to 1 s after B's power-good (or the run's end).</summary>
    private static (long Fault, long From, long To) FailoverWindow(StandbySystem system)
    {
        long fault = system.Injected.FirstOrDefault(x => x.Fault.Type == FaultType.OsHang).TimeNs;
        var good = system.Recording!.Line("smu_b", PinMap.Boards["smu", "PowerGood"].Vcd)!.Changes.FirstOrDefault(c => c.TimeNs > fault && c.Value);
        long end = good.TimeNs > 0 ? good.TimeNs : system.NowNs;
        return (fault, fault - 1_000_000_000, Math.Min(end + 1_000_000_000, Math.Max(system.NowNs, fault + 1)));
    }
}
