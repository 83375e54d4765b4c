using Routing.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRoutingServer();

var app = builder.Build();
app.MapRoutingServer();
app.Run();
