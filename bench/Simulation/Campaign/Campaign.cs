using System.Diagnostics;
using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// Randomized runs: each run is the whole system for a stretch of simulated time (10 minutes by
/// default) with faults, link noise, board resets and cable cuts at random times, and an operator
/// who repairs a Failed side after a while. Run <c>i</c> of a campaign with seed <c>S</c> uses seed
/// <c>S + i</c> for every choice, so <c>campaign --count 1 --seed S+i</c> reproduces it exactly. Runs
/// are independent and spread over every core.
/// </summary>
public static class Campaign
{
    /// <summary>Runs <paramref name="count"/> runs from <paramref name="seed"/> and sums them up.</summary>
    public static CampaignReport Run(int count, int seed, long runMs = 600_000, int threads = 0)
    {
        var runs = new RunResult[count];
        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount };
        Parallel.For(0, count, parallel, i => runs[i] = RunOne(unchecked(seed + i), runMs));
        clock.Stop();
        return new CampaignReport(runs, clock.Elapsed, parallel.MaxDegreeOfParallelism, runMs);
    }

    /// <summary>Runs one randomized run from its seed.</summary>
    public static RunResult RunOne(int seed, long runMs, bool record = false)
    {
        var random = new Random(seed);
        var options = new SystemOptions { Seed = seed, Record = record };
        var system = new StandbySystem(options);
        var plan = new List<string>();

        if (random.NextDouble() < 0.3)
        {
            double scale = 0.5 + (random.NextDouble() * 2.5);
            var noise = new LinkNoise(LinkNoise.Moderate.FlipPerByte * scale, LinkNoise.Moderate.DropPerByte * scale, LinkNoise.Moderate.DuplicatePerByte * scale);
            plan.Add($"noise x{scale:0.0}");
            system.At(0, "noise", () => system.SetNoise(noise));
        }

        int faults = 1 + random.Next(3);
        for (int f = 0; f < faults; f++)
        {
            long at = 20_000 + (long)(random.NextDouble() * (runMs - 60_000));
            var (type, side, stage, duration) = Draw(random);
            plan.Add($"{type}@{at / 1000}s");
            system.At(at, type.ToString(), () =>
            {
                // A server fault strikes the side that serves (or would), else the chosen one.
                Side target = side;
                if (type is FaultType.OsHang or FaultType.RaidFault or FaultType.LanFault or FaultType.PsuFailure or FaultType.AppCrash or FaultType.SlowShutdown)
                {
                    target = system.SmuA.Mode == Mode.Active ? Side.A : system.SmuB.Mode == Mode.Active ? Side.B : side;
                }

                system.Inject(new Fault(type, target, stage, duration));
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
        return RunResult.Of(seed, system, string.Join(", ", plan));
    }

    private static (FaultType Type, Side Side, int Stage, long DurationMs) Draw(Random random)
    {
        Side side = random.Next(2) == 0 ? Side.A : Side.B;
        int roll = random.Next(100);
        return roll switch
        {
            < 20 => (FaultType.OsHang, side, 0, 0),
            < 28 => (FaultType.RaidFault, side, 0, 0),
            < 36 => (FaultType.LanFault, side, 0, 0),
            < 44 => (FaultType.PsuFailure, side, 0, 0),
            < 52 => (FaultType.AppCrash, side, 0, 0),
            < 60 => (FaultType.BootHang, side, random.Next(3), 0),
            < 64 => (FaultType.SlowShutdown, side, 0, 0),
            < 78 => (FaultType.SmuReset, side, 0, 200 + random.Next(2300)),
            < 90 => (FaultType.DmReset, Side.None, 0, 200 + random.Next(2300)),
            _ => (FaultType.PeerCableCut, Side.None, 0, 1000 + random.Next(59_000)),
        };
    }
}

/// <summary>What one randomized run did.</summary>
public sealed record RunResult(
    int Seed,
    string Plan,
    long SimulatedMs,
    long Steps,
    int Failovers,
    int Abandoned,
    int Alarms,
    SafetyViolation? Violation,
    IReadOnlyList<FailoverLatency> Latencies)
{
    /// <summary>Sums up a finished run.</summary>
    public static RunResult Of(int seed, StandbySystem system, string plan) => new(
        seed,
        plan,
        system.NowMs,
        system.Steps,
        system.Events.Count(e => e.Is(EventCode.SwitchAccepted)),
        system.Events.Count(e => e.Is(EventCode.SwitchAbandoned)),
        system.Events.Count(e => e.Is(EventCode.AlarmRaised)),
        system.Monitor.Violation,
        FailoverLatency.Measure(system));
}
