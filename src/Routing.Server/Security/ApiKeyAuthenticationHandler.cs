using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Routing.Server.Security;

/// <summary>
/// "authorization: ApiKey &lt;key&gt;": a gateway key found in <see cref="ApiKeyStore"/> becomes
/// the routing claims (sub = key id, role gateway, its tenant, one channel claim per channel).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(RoutingAuthentication.ApiKey + " ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = header[(RoutingAuthentication.ApiKey.Length + 1)..].Trim();
        if (presented.Length == 0 || keys.Find(presented) is not { } key)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var claims = new List<Claim>
        {
            new(RoutingClaims.Subject, key.Id),
            new(RoutingClaims.Tenant, key.Tenant),
            new(RoutingClaims.Role, RoutingRoles.Gateway),
        };
        claims.AddRange(key.Channels.Select(c => new Claim(RoutingClaims.Channel, c)));
        var identity = new ClaimsIdentity(claims, Scheme.Name, RoutingClaims.Subject, RoutingClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
