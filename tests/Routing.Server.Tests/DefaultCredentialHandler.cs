using System.Net.Http.Headers;

namespace Routing.Server.Tests;

/// <summary>
/// Gives a test server's channel a default credential per service, added only when the call has
/// no "authorization" header of its own, so tests written before authentication still call as a
/// gateway (ContactIngest) or as a supervisor and admin (everything else). AgentDesk gets none: a
/// desk's token names its agent (<see cref="DeskClient"/> mints it).
/// </summary>
public sealed class DefaultCredentialHandler(TestCredentials credentials) : DelegatingHandler(new SocketsHttpHandler { EnableMultipleHttp2Connections = true })
{
    private readonly string _supervisor = "Bearer " + credentials.Token("test-supervisor", "supervisor", "admin");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "";
        if (!request.Headers.Contains("authorization") && !path.StartsWith("/routing.v1.AgentDesk/", StringComparison.Ordinal))
        {
            request.Headers.Authorization = path.StartsWith("/routing.v1.ContactIngest/", StringComparison.Ordinal)
                ? new AuthenticationHeaderValue("ApiKey", credentials.GatewayKey)
                : AuthenticationHeaderValue.Parse(_supervisor);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
