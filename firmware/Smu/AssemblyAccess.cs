using System.Runtime.CompilerServices;

// The scenario tests drive the small parts directly as well as the whole unit.
[assembly: InternalsVisibleTo("Smu.Tests")]

// The scenario runner writes the persisted state a scenario starts from.
[assembly: InternalsVisibleTo("ColdStandby.Scenarios")]

// The bench swaps a board for one restored with another persisted state (its campaign's board-swap fault).
[assembly: InternalsVisibleTo("ColdStandby.Bench.Simulation")]
