extern alias server;

using Grpc.Core;
using Routing.Redis;
using Security = server::Routing.Server.Security;

namespace Routing.Server.Tests;

/// <summary>
/// The known credentials every test server is configured with: a fixed JWT signing key (so any
/// test can mint a token for any tenant, subject and roles) and a gateway key for the server's
/// tenant valid on every channel. Tokens are minted for one hour unless a test asks otherwise.
/// </summary>
public sealed class TestCredentials(string tenant)
{
    /// <summary>32 fixed bytes, base64: never used outside tests.</summary>
    public const string SigningKey = "dGVzdC1zaWduaW5nLWtleS1mb3Itcm91dGluZy10ZXN0cy0wMQ==";
    public const string Issuer = "routing-tests";
    public const string Audience = "routing";

    /// <summary>The id of <see cref="GatewayKey"/> (its credential's subject).</summary>
    public const string GatewayKeyId = "test-gateway";

    public string Tenant { get; } = tenant;

    /// <summary>The gateway key of <see cref="Tenant"/>, valid on every channel.</summary>
    public string GatewayKey { get; } = "rk_test-gateway-" + tenant;

    /// <summary>Configuration for a server that accepts these credentials (the signing key and the tenant's gateway key).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Security:Jwt:Issuer"] = Issuer,
        ["Security:Jwt:Audience"] = Audience,
        ["Security:Jwt:SigningKey"] = SigningKey,
        ["Security:ApiKeys:0:Id"] = GatewayKeyId,
        ["Security:ApiKeys:0:Tenant"] = Tenant,
        ["Security:ApiKeys:0:Channels:0"] = "*",
        ["Security:ApiKeys:0:Hash"] = Security.ApiKeyHash.Hash(GatewayKey),
    };

    /// <summary>Settings adding gateway key number <paramref name="index"/> (0 is <see cref="GatewayKey"/>): pass them with the host's settings.</summary>
    public static Dictionary<string, string?> GatewayKeySettings(int index, string id, string tenant, string key, params string[] channels)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Security:ApiKeys:{index}:Id"] = id,
            [$"Security:ApiKeys:{index}:Tenant"] = tenant,
            [$"Security:ApiKeys:{index}:Hash"] = Security.ApiKeyHash.Hash(key),
        };
        for (var i = 0; i < channels.Length; i++)
        {
            settings[$"Security:ApiKeys:{index}:Channels:{i}"] = channels[i];
        }

        return settings;
    }

    /// <summary>A token of this tenant for <paramref name="subject"/> with <paramref name="roles"/>.</summary>
    public string Token(string subject, params string[] roles) => Mint(Tenant, subject, roles);

    /// <summary>A token for any tenant, subject and roles, signed with the test key; <paramref name="lifetime"/> may be negative (expired).</summary>
    public static string Mint(string tenant, string subject, IEnumerable<string> roles, TimeSpan? lifetime = null, string signingKey = SigningKey)
    {
        var ttl = lifetime ?? TimeSpan.FromHours(1);
        var now = ttl < TimeSpan.Zero ? DateTimeOffset.UtcNow + ttl - TimeSpan.FromMinutes(1) : DateTimeOffset.UtcNow;
        return new Security.TokenIssuer(Convert.FromBase64String(signingKey), Issuer, Audience).Mint(tenant, subject, roles, ttl.Duration(), now);
    }

    /// <summary>"authorization: Bearer" for agent <paramref name="agentId"/> of this tenant.</summary>
    public Metadata AgentHeaders(string agentId) => Bearer(Token(agentId, "agent"));

    /// <summary>"authorization: Bearer" for a supervisor who is also admin.</summary>
    public Metadata SupervisorHeaders() => Bearer(Token("test-supervisor", "supervisor", "admin"));

    public Metadata GatewayHeaders() => ApiKey(GatewayKey);

    public static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public static Metadata ApiKey(string key) => new() { { "authorization", "ApiKey " + key } };

    /// <summary>The tenant's keys, for checking that nothing was written.</summary>
    public RoutingKeys Keys => new(Tenant);
}
