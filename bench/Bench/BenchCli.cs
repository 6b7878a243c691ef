using System.CommandLine;
using ColdStandby.Bench.Commands;
using ColdStandby.Bench.Simulation;

namespace ColdStandby.Bench;

/// <summary>
/// The bench's command line. Exit codes: 0 as expected; 1 a run differed from its expected
/// outcome, a safety property was violated, or a checked capture does not meet the specification;
/// 2 a usage error (unknown scenario, bad option, an output folder that cannot be written, a
/// capture that cannot be read).
/// </summary>
public static class BenchCli
{
    /// <summary>Exit code: everything as expected.</summary>
    public const int Ok = 0;

    /// <summary>Exit code: a run differed from its expected outcome, or a safety property was violated.</summary>
    public const int Differs = 1;

    /// <summary>Exit code: the command line or the output folder is wrong.</summary>
    public const int UsageError = 2;

    /// <summary>Parses and runs a command line; <paramref name="scenarios"/> replaces the catalogue (tests).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, IReadOnlyList<Scenario>? scenarios = null)
    {
        scenarios ??= ScenarioCatalogue.All;
        var root = new RootCommand("ColdStandby bench: the two-server cold-standby system (two SMUs, the DM, two servers) simulated in virtual time, running the real firmware.");

        var outOption = new Option<string>("--out") { Description = "Output folder for the timeline, traces and event logs", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var demo = new Command("demo", "A scripted day: A serves, its OS hangs, the failover runs, B serves, A is repaired, a planned switchover moves the service back; prints the timeline and writes a VCD, WaveDrom JSON, an SVG timing diagram and the event logs.");
        demo.Options.Add(outOption);
        demo.SetAction(parse => DemoCommand.Run(parse.GetValue(outOption)!, output, error));
        root.Subcommands.Add(demo);

        var name = new Argument<string?>("name") { Description = "The scenario's name (see 'list')", Arity = ArgumentArity.ZeroOrOne };
        var timeline = new Option<bool>("--timeline") { Description = "Also print the run's timeline" };
        var pathFile = new Option<string?>("--path") { Description = "Replay a path file written by 'explore' instead of a named scenario" };
        var run = new Command("run", "Runs a named scenario and judges it against its expected outcome (exit 1 when it differs), or replays an explorer's path file (exit 1 when it runs into a violation).");
        run.Arguments.Add(name);
        run.Options.Add(timeline);
        run.Options.Add(pathFile);
        run.SetAction(parse =>
        {
            string? scenario = parse.GetValue(name);
            string? replay = parse.GetValue(pathFile);
            if ((scenario == null) == (replay == null))
            {
                error.WriteLine("error: run wants a scenario's NAME or --path FILE (one of them)");
                return UsageError;
            }

            return replay != null ? ExploreCommand.Replay(replay, output, error) : ScenarioCommand.Run(scenario!, parse.GetValue(timeline), scenarios, output, error);
        });
        root.Subcommands.Add(run);

        var list = new Command("list", "Lists the named scenarios and what each covers.");
        list.SetAction(_ => ScenarioCommand.List(scenarios, output));
        root.Subcommands.Add(list);

        var count = new Option<int>("--count") { Description = "How many randomized runs", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "The first run's seed (run i uses seed + i)", DefaultValueFactory = _ => 1 };
        var minutes = new Option<double>("--minutes") { Description = "Simulated minutes per run", DefaultValueFactory = _ => 10 };
        var threads = new Option<int>("--threads") { Description = "Runs in parallel (0: one per core)", DefaultValueFactory = _ => 0 };
        var faults = new Option<string?>("--faults") { Description = "Only these fault classes, comma separated (os-hang,smu-reset,mains-site,…; default: every class)" };
        var campaign = new Command("campaign", "Randomized runs drawing from every fault a site can see (server faults, board resets of any length, hangs and power losses, cable cuts and flaps, mains outages, board swaps, operators, replays, floods); prints failovers, refused switches, alarms, latency per phase, each fault class's outcome and every safety violation with the seed that reproduces it (exit 1 on any violation).");
        campaign.Options.Add(count);
        campaign.Options.Add(seed);
        campaign.Options.Add(minutes);
        campaign.Options.Add(threads);
        campaign.Options.Add(faults);
        var runTimeline = new Option<bool>("--timeline") { Description = "Run only the run of --seed and print everything that happened in it" };
        campaign.Options.Add(runTimeline);
        campaign.SetAction(parse => CampaignCommand.Run(parse.GetValue(count), parse.GetValue(seed), parse.GetValue(minutes), parse.GetValue(threads), parse.GetValue(faults), parse.GetValue(runTimeline), output, error));
        root.Subcommands.Add(campaign);

        var from = new Option<string>("--from") { Description = "The start state: a-serves (A serves, B Standby), cold (everything powers up), or a scenario's name (its end)", DefaultValueFactory = _ => "a-serves" };
        var exploreFaults = new Option<int>("--faults") { Description = "The most faults on one path", DefaultValueFactory = _ => 2 };
        var depth = new Option<int>("--depth") { Description = "How many decision points after the start or the previous fault the next fault may come at", DefaultValueFactory = _ => 8 };
        var budget = new Option<double>("--minutes") { Description = "Wall-clock budget in minutes (0: none); the report says whether the bounded space was exhausted", DefaultValueFactory = _ => 0 };
        var only = new Option<string?>("--only") { Description = "Only these faults, comma separated: names (os-hang:A), classes (os-hang), families (replay, smu-reset); default: every fault" };
        var settle = new Option<long>("--settle") { Description = "Seconds the system runs after the last fault has ended (a board back, a supply back) before liveness is judged (0: the SMUs' no-service limit and a minute)", DefaultValueFactory = _ => 0 };
        var keepGoing = new Option<bool>("--keep-going") { Description = "Go on after a violation and count every violating path (the first, with the fewest faults, is printed)" };
        var writePath = new Option<string>("--write-path") { Description = "Where a violation's path is written", DefaultValueFactory = _ => "explore-violation.path" };
        var exploreThreads = new Option<int>("--threads") { Description = "Threads running paths (the states, paths and violations are those of one thread)", DefaultValueFactory = _ => 1 };
        var explore = new Command("explore", "Explores every interleaving of faults up to a bound on the real firmware: at each decision point (something observable happened, and 1 ms before it when a firmware deadline caused it) every fault of a fixed list is a branch; states seen before are explored once; safety is checked at every step and liveness at each path's end. Prints states, transitions, paths, depth, states/s and memory; a violation's shortest path as a timeline and a file 'run --path' replays (exit 1).");
        foreach (var option in new Option[] { from, exploreFaults, depth, budget, only, settle, keepGoing, writePath, exploreThreads })
        {
            explore.Options.Add(option);
        }

        explore.SetAction(parse => ExploreCommand.Run(parse.GetValue(from)!, parse.GetValue(exploreFaults), parse.GetValue(depth), parse.GetValue(budget),
            parse.GetValue(only), parse.GetValue(settle), parse.GetValue(keepGoing), parse.GetValue(writePath)!, output, error, parse.GetValue(exploreThreads)));
        root.Subcommands.Add(explore);

        var capture = new Argument<string>("capture") { Description = "The capture: a VCD (the bench's, sigrok-cli's, PulseView's export) or a sigrok session (.sr, PulseView's own)" };
        var board = new Option<string>("--board") { Description = "The board the capture was taken on: smu-a, smu-b, dm or all (names without a scope are this board's pins)", DefaultValueFactory = _ => "all" };
        var map = new Option<string[]>("--map") { Description = "CHANNEL=PIN renames (D3=smu_a.power_button), or a file of them, one a line", AllowMultipleArgumentsPerToken = true };
        var spec = new Option<string[]>("--spec") { Description = "NAME=VALUE for boards configured otherwise (HeartbeatPeriodMs=100, SettleMs=2000, …)", AllowMultipleArgumentsPerToken = true };
        var levels = new Option<string>("--levels") { Description = "What a 1 means: pin (the level on the pin), asserted (the bench's traces), or auto (asserted for a bench trace)", DefaultValueFactory = _ => "auto" };
        var report = new Option<string?>("--report") { Description = "Also write the report with every decoded frame to this file" };
        var dump = new Option<string?>("--dump") { Description = "Write every decoded byte and frame, with their times and fields, to this file: JSON Lines when it ends in .jsonl, else text" };
        var checkThreads = new Option<int>("--threads") { Description = "2: parse on one thread and decode the lines on another (the default with more than one core); 1: everything on one thread (the same report)", DefaultValueFactory = _ => Environment.ProcessorCount > 1 ? 2 : 1 };
        var check = new Command("check", "Checks a logic-analyzer capture against the specification: the grant and power-button safety rules, UART bit timing, heartbeats, kicks, presses, frames, sequence numbers and the switch handshake (exit 1 when it does not meet it, 2 when it cannot be read).");
        check.Arguments.Add(capture);
        check.Options.Add(board);
        check.Options.Add(map);
        check.Options.Add(spec);
        check.Options.Add(levels);
        check.Options.Add(report);
        check.Options.Add(dump);
        check.Options.Add(checkThreads);
        check.SetAction(parse => CheckCommand.Run(parse.GetValue(capture)!, parse.GetValue(board)!, parse.GetValue(map) ?? [], parse.GetValue(spec) ?? [],
            parse.GetValue(levels)!, parse.GetValue(report), parse.GetValue(dump), output, error, parse.GetValue(checkThreads)));
        root.Subcommands.Add(check);

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                error.WriteLine($"error: {problem.Message}");
            }

            error.WriteLine("usage: demo [--out DIR] | run NAME [--timeline] | run --path FILE | list | explore [--from a-serves|cold|NAME] [--faults N] [--depth D] [--minutes M] [--only F,G] | campaign [--count N] [--seed S] [--minutes M] [--threads T] [--faults A,B] [--timeline]" +
                " | check CAPTURE.vcd|CAPTURE.sr [--board smu-a|smu-b|dm|all] [--map CHANNEL=PIN ...] [--report FILE] [--dump FILE] [--threads 1|2]  (--help for more)");
            return UsageError;
        }

        return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }
}
