using Routing.Simulator;

return await SimulatorCommand.RunAsync(args);
