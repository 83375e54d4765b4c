using Routing.Benchmarks;

return await BenchmarkCommand.RunAsync(args);
