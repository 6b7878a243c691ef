using System.Diagnostics;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Randomized runs: each run is the whole system for a stretch of simulated time (10 minutes by
/// default) with one to four classes of fault drawn from a <see cref="FaultMix"/> (every fault a
/// site can see by default), each at a random time, and an operator who repairs a Failed side after
/// a while. Run <c>i</c> of a campaign with seed <c>S</c> uses seed <c>S + i</c> for every choice, so
/// <c>campaign --count 1 --seed S+i</c> reproduces it exactly. Runs are independent and spread over
/// every core.
/// </summary>
public static class Campaign
{
    /// <summary>
    /// The SMUs' configuration in a campaign: DESIGN.md's defaults, but boot deadlines that fit the
    /// bench's servers (they boot in about a minute) and a no-service limit inside a 10-minute run,
    /// so that the liveness check (an alarm says why nobody serves) is exercised.
    /// </summary>
    public static Smu.SmuConfig SmuConfig()
    {
        var config = new Smu.SmuConfig
        {
            BootStages = new[]
            {
                new Smu.BootStage("power-good", 5_000, Smu.BootStage.FromPowerOn),
                new Smu.BootStage("os-loaded", 120_000, Smu.BootStage.FromPowerOn),
                new Smu.BootStage("services-ready", 120_000, 1),
            },
        };
        config.NoServiceAlarmMs = 300_000;
        return config;
    }

    /// <summary>Runs <paramref name="count"/> runs from <paramref name="seed"/> and sums them up.</summary>
    public static CampaignReport Run(int count, int seed, long runMs = 600_000, int threads = 0, FaultMix? mix = null)
    {
        mix ??= FaultMix.Full;
        var runs = new RunResult[count];
        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, count, parallel, i => runs[i] = RunOne(unchecked(seed + i), runMs, mix));
        clock.Stop();
        return new CampaignReport(runs, clock.Elapsed, parallel.MaxDegreeOfParallelism, runMs);
    }

    /// <summary>Runs one randomized run from its seed.</summary>
    public static RunResult RunOne(int seed, long runMs, FaultMix? mix = null, bool record = false) => RunWhole(seed, runMs, mix, record).Result;

    /// <summary>Runs one randomized run from its seed and gives the system too (its timeline, its traces).</summary>
    public static (RunResult Result, StandbySystem System) RunWhole(int seed, long runMs, FaultMix? mix = null, bool record = false)
    {
        mix ??= FaultMix.Full;
        var random = new Random(seed);
        var options = new SystemOptions { Seed = seed, Record = record, Smu = SmuConfig() };
        var system = new StandbySystem(options);
        var plan = new List<string>();
        var drawn = new List<string>();

        int count = 1 + random.Next(4);
        for (int f = 0; f < count; f++)
        {
            var c = mix.Draw(random);
            drawn.Add(c.Name);
            if (c.Setup != null && c.Setup(system, random) is { } setup)
            {
                plan.Add(setup);
            }

            if (c.Draw == null && c.Act == null)
            {
                continue;
            }

            long at = 20_000 + (long)(random.NextDouble() * (runMs - 60_000));
            var fault = c.Draw?.Invoke(random, runMs);
            plan.Add($"{c.Name}@{at / 1000}s");
            int actSeed = random.Next();
            system.At(at, c.Name, () =>
            {
                if (c.Act != null)
                {
                    c.Act(system, new Random(actSeed));
                    return;
                }

                // A server fault strikes the side that serves (or would), else the chosen one.
                var f = fault!;
                if (f.Type is FaultType.OsHang or FaultType.RaidFault or FaultType.LanFault or FaultType.PsuFailure or FaultType.AppCrash or FaultType.SlowShutdown or FaultType.PowerGoodStuck)
                {
                    Side serving = system.SmuA.Mode == Mode.Active ? Side.A : system.SmuB.Mode == Mode.Active ? Side.B : f.Side;
                    f = f with { Side = serving };
                }

                system.Inject(f);
            });
        }

        // An operator looks every 90 s and repairs a side that has been Failed (hardware and SMU).
        bool repairs = random.NextDouble() < 0.6;
        for (long at = 90_000; repairs && at < runMs; at += 90_000)
        {
            system.At(at, "operator round", () =>
            {
                foreach (var side in new[] { Side.A, Side.B })
                {
                    if (system.Smu(side).Mode == Mode.Failed)
                    {
                        system.Server(side).Repair();
                        system.PressRepairButton(side);
                    }
                }
            });
        }

        system.RunUntil(runMs);
        system.Monitor.Finish();
        return (RunResult.Of(seed, system, string.Join(", ", plan), drawn.Distinct().ToArray()), system);
    }
}

/// <summary>What one randomized run did.</summary>
public sealed record RunResult(
    int Seed,
    string Plan,
    IReadOnlyList<string> Classes,
    long SimulatedMs,
    long Steps,
    int Failovers,
    int Abandoned,
    int Alarms,
    bool EndedServing,
    bool EndedAlarmed,
    int Outages,
    SafetyViolation? Violation,
    IReadOnlyList<FailoverLatency> Latencies)
{
    /// <summary>Sums up a finished run.</summary>
    public static RunResult Of(int seed, StandbySystem system, string plan, IReadOnlyList<string> classes) => new(
        seed,
        plan,
        classes,
        system.NowMs,
        system.Steps,
        system.Events.Count(e => e.Is(EventCode.SwitchAccepted)),
        system.Events.Count(e => e.Is(EventCode.SwitchAbandoned)),
        system.Events.Count(e => e.Is(EventCode.AlarmRaised)),
        system.ServingSide != Side.None,
        new[] { system.SmuA, system.SmuB }.Any(s => s.Firmware?.Alarms is { } a && a != AlarmFlags.None),
        system.Monitor.Outages,
        system.Monitor.Violation,
        FailoverLatency.Measure(system));
}
