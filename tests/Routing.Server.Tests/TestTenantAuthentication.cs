extern alias server;

using System.Security.Claims;
using System.Text.Encodings.Web;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Claims = server::Routing.Server.Security.RoutingClaims;
using Roles = server::Routing.Server.Security.RoutingRoles;

namespace Routing.Server.Tests;

/// <summary>
/// A test-only authentication scheme, so one host can serve callers of several tenants before the
/// real credentials (API keys, JWT) exist: the caller's tenant is the <see cref="TenantHeader"/> a
/// channel from <see cref="ChannelFor"/> sends, with every role. It exists only in tests; the
/// server takes the tenant from whatever authenticated user the host's scheme produces.
/// </summary>
public sealed class TestTenantAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "test-tenant";

    public const string TenantHeader = "x-test-tenant";

    /// <summary>Registers the scheme as the host's default (ASP.NET Core then adds the authentication middleware itself).</summary>
    public static void AddTo(WebApplicationBuilder builder) =>
        builder.Services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, TestTenantAuthentication>(SchemeName, null);

    /// <summary>A channel to <paramref name="address"/> whose every call is made as a caller of <paramref name="tenant"/>.</summary>
    public static GrpcChannel ChannelFor(Uri address, string tenant) => GrpcChannel.ForAddress(address, new GrpcChannelOptions
    {
        Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add(TenantHeader, tenant);
            return Task.CompletedTask;
        })),
        UnsafeUseInsecureChannelCallCredentials = true,
    });

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var tenant = Request.Headers[TenantHeader].ToString();
        if (tenant.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var identity = new ClaimsIdentity([new Claim(Claims.Tenant, tenant), new Claim(Claims.Subject, "test"), .. Roles.All.Select(r => new Claim(Claims.Role, r))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
