namespace Routing.Simulator;

/// <summary>Adds the gateway's API key to every call that has no credential of its own (desks send their agent's token).</summary>
public sealed class GatewayCredentialHandler(SimulatorCredentials credentials) : DelegatingHandler(
    new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan })
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (credentials.ApiKey is not null && !request.Headers.Contains("authorization"))
        {
            request.Headers.TryAddWithoutValidation("authorization", "ApiKey " + credentials.ApiKey);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
