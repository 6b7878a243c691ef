using ColdStandby.Protocol;

namespace ColdStandby.Bench.Simulation;

/// <summary>
/// The states the explorer starts from: <c>cold</c> (both sides and the DM power up together, no
/// server on), <c>a-serves</c> (from cold until A serves and B is Standby: the prefix the catalogue's
/// scenarios start with), or any catalogue scenario by name (its whole script, with its options).
/// <c>cold</c> and <c>a-serves</c> use the campaign's SMU configuration (boot deadlines that fit the
/// bench's servers, a 5-minute no-service alarm), so that liveness is judged within minutes, and
/// SMU cells that reach the low-battery threshold in 2 minutes and the supervisor's reset 30 s later.
/// </summary>
public static class ExploreStart
{
    /// <summary>Gets the built-in start states.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { "a-serves", "cold" };

    /// <summary>Throws <see cref="ArgumentException"/> naming the known start states when <paramref name="from"/> is none.</summary>
    public static void Check(string from)
    {
        if (!Names.Contains(from) && ScenarioCatalogue.Find(from) == null)
        {
            throw new ArgumentException($"no start state '{from}': use {string.Join(", ", Names)} or a scenario's name (see 'list')");
        }
    }

    /// <summary>Gets the options the start state's system is built with.</summary>
    public static SystemOptions Options(string from, PlantedBug bug)
    {
        Check(from);
        var options = new SystemOptions();
        if (ScenarioCatalogue.Find(from) is { } scenario && !Names.Contains(from))
        {
            scenario.Configure?.Invoke(options);
        }
        else
        {
            options.Smu = Campaign.SmuConfig();

            // A cell of minutes, as the scenarios' (a real one lasts hours): a long supply loss runs it flat.
            options.CellLastsMs = ExploreFault.CellLastsMs;
            options.CellLowToResetMs = ExploreFault.CellLowToResetMs;
        }

        bug.Plant(options);
        return options;
    }

    /// <summary>Builds the system and brings it to the start state (stopped when a safety property failed on the way; the reason, when the script could not be followed, in <paramref name="failure"/>).</summary>
    public static StandbySystem Build(string from, PlantedBug bug, out string? failure)
    {
        var system = new StandbySystem(Options(from, bug));
        failure = null;

        // What each SMU sends its peer is kept from the first frame, for the replay faults.
        system.SmuA.Wiring.Peer.Out.KeepFrames();
        system.SmuB.Wiring.Peer.Out.KeepFrames();
        if (from == "a-serves")
        {
            failure = ScenarioCatalogue.AServes().Wait(1).Until("B is Standby", s => s.SmuB.Mode == Mode.Standby, 60_000).Run(system);
        }
        else if (from != "cold")
        {
            failure = ScenarioCatalogue.Find(from)!.Script.Run(system);
        }

        return system;
    }
}
