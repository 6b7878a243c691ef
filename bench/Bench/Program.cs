using ColdStandby.Bench;

// The bench: dotnet run --project bench/Bench -- demo | run NAME | list | campaign --count N --seed S | check CAPTURE.vcd
return BenchCli.Run(args, Console.Out, Console.Error);
