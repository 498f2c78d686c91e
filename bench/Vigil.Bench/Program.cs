using Vigil.Bench;

return BenchCommand.Run(args);
