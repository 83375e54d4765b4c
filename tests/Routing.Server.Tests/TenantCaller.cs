using Grpc.Net.Client;

namespace Routing.Server.Tests;

/// <summary>
/// A caller of any tenant on a test server: a channel carrying that tenant's credentials (its
/// gateway key on ContactIngest, a supervisor and admin token elsewhere; DeskClient mints agent
/// tokens from <see cref="Credentials"/>). The server must hold the tenant's gateway key:
/// <see cref="AddGatewayKeys"/>. Converts to its channel wherever a GrpcChannel is expected.
/// </summary>
public sealed class TenantCaller : ITestServer, IDisposable
{
    private TenantCaller(Uri address, string tenant)
    {
        Credentials = new TestCredentials(tenant);
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpHandler = new DefaultCredentialHandler(Credentials) });
    }

    public GrpcChannel Channel { get; }

    public TestCredentials Credentials { get; }

    public static TenantCaller ChannelFor(Uri address, string tenant) => new(address, tenant);

    /// <summary>Adds a gateway key (every channel) for each of <paramref name="tenants"/> to a host's settings, after the host's own key 0.</summary>
    public static Dictionary<string, string?> AddGatewayKeys(Dictionary<string, string?> settings, params string[] tenants)
    {
        for (var i = 0; i < tenants.Length; i++)
        {
            var credentials = new TestCredentials(tenants[i]);
            foreach (var (key, value) in TestCredentials.GatewayKeySettings(i + 1, "test-gateway-" + tenants[i], tenants[i], credentials.GatewayKey, "*"))
            {
                settings[key] = value;
            }
        }

        return settings;
    }

    public static implicit operator GrpcChannel(TenantCaller caller) => caller.Channel;

    public void Dispose() => Channel.Dispose();
}
