using ColdStandby.Benchmarks;

// Figures for the notes and READMEs; not a test. Each benchmark prints what it measured.
//   dotnet run -c Release --project bench/Benchmarks -- [protocol|demo|campaign|captures|nanoclr|explore|all]
var benchmarks = new Dictionary<string, Action>(StringComparer.OrdinalIgnoreCase)
{
    ["protocol"] = ProtocolBenchmark.Run,
    ["demo"] = BenchFigures.Demo,
    ["campaign"] = BenchFigures.Campaign,
    ["captures"] = CaptureBenchmark.Run,
    ["nanoclr"] = NanoClrFigures.Run,
    ["explore"] = ExploreFigures.Run,
};

string which = args.Length > 0 ? args[0] : "all";
if (which == "all")
{
    foreach (var run in benchmarks.Values)
    {
        run();
    }

    return 0;
}

if (!benchmarks.TryGetValue(which, out var chosen))
{
    Console.Error.WriteLine($"unknown benchmark '{which}'; known: all, {string.Join(", ", benchmarks.Keys)}");
    return 2;
}

chosen();
return 0;
