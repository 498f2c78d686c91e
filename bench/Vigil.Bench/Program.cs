using Vigil.Bench;

return await BenchCommand.RunAsync(args);
