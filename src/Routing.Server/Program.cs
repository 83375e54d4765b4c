using Routing.Server.Hosting;
using Routing.Server.Security;

// "token" and "hash-key" issue credentials; anything else runs the server.
if (SecurityCommands.Handles(args))
{
    return await SecurityCommands.RunAsync(args);
}

WebApplicationBuilder builder;
try
{
    builder = WebApplication.CreateBuilder(args);
    builder.AddRoutingServer();
}
catch (DevelopmentModeException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

var app = builder.Build();
app.MapRoutingServer();
await app.RunAsync();
return 0;
