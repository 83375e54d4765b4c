using Routing.Redis;
using StackExchange.Redis;
using Xunit;

namespace Routing.Testing;

/// <summary>An embedded Garnet (the zero-install default store) per test class.</summary>
public sealed class GarnetFixture : IAsyncLifetime
{
    private EmbeddedGarnet? _garnet;
    private ConnectionMultiplexer? _connection;

    public IConnectionMultiplexer Connection => _connection ?? throw new InvalidOperationException("Garnet is not started.");

    public async Task InitializeAsync()
    {
        _garnet = new EmbeddedGarnet(new EmbeddedGarnetOptions { Memory = "256m", Index = "16m" });
        _connection = await ConnectionMultiplexer.ConnectAsync(_garnet.ConnectionString).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _garnet?.Dispose();
    }
}
