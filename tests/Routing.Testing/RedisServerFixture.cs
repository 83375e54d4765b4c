using StackExchange.Redis;
using Xunit;

namespace Routing.Testing;

/// <summary>One real redis-server per test class; tests isolate themselves by tenant.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    public RedisServerProcess Server => _server ?? throw new InvalidOperationException("redis-server is not started.");

    public IConnectionMultiplexer Connection => Server.Connection;

    public string ConnectionString => Server.ConnectionString;

    public async Task InitializeAsync() => _server = await RedisServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
