using System.Security.Claims;
using System.Security.Cryptography;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Production tokens: signed by an OIDC authority whose keys the server fetches from its discovery document and JWKS (a real HTTP server here).</summary>
public sealed class OidcAuthorityTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task TokenSignedByTheAuthoritysKey_IsAccepted_OneSignedByAnotherRsaKeyIsNot()
    {
        using var authorityKey = RSA.Create(2048);
        var (authority, issuer) = await StartAuthorityAsync(authorityKey);
        await using var stopAuthority = authority;
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Security:Jwt:Authority"] = issuer,
            ["Security:Jwt:RequireHttpsMetadata"] = "false",
            ["Security:Jwt:Issuer"] = issuer,
            ["Security:Jwt:SigningKey"] = "",
        });
        var echo = new Diagnostics.DiagnosticsClient(host.Channel);

        var reply = await echo.EchoAsync(new EchoRequest(), TestCredentials.Bearer(Mint(authorityKey, issuer, host.Tenant)), DateTime.UtcNow.Add(TestTimeout.Short));
        using var otherKey = RSA.Create(2048);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            echo.EchoAsync(new EchoRequest(), TestCredentials.Bearer(Mint(otherKey, issuer, host.Tenant)), DateTime.UtcNow.Add(TestTimeout.Short)).ResponseAsync);

        Assert.NotNull(reply.Receipt);
        Assert.Equal((StatusCode.Unauthenticated, "credential_invalid"), (refused.StatusCode, refused.Trailers.GetValue("routing-error")));
    }

    private static string Mint(RSA key, string issuer, string tenant) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = TestCredentials.Audience,
        Subject = new ClaimsIdentity([new Claim("sub", "sue"), new Claim("tenant", tenant), new Claim("role", "supervisor")]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "authority-key-1" }, SecurityAlgorithms.RsaSha256),
    });

    /// <summary>A minimal OIDC authority: the discovery document and a JWKS with the public half of <paramref name="key"/>.</summary>
    private static async Task<(WebApplication App, string Issuer)> StartAuthorityAsync(RSA key)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var parameters = key.ExportParameters(includePrivateParameters: false);
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) =>
        {
            var issuer = $"http://{context.Request.Host}/";
            return Results.Json(new Dictionary<string, object> { ["issuer"] = issuer, ["jwks_uri"] = issuer + "jwks", ["id_token_signing_alg_values_supported"] = new[] { "RS256" } });
        });
        app.MapGet("/jwks", () => Results.Json(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "authority-key-1",
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                },
            },
        }));
        await app.StartAsync().WaitAsync(TestTimeout.Long);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address.TrimEnd('/') + "/");
    }
}
