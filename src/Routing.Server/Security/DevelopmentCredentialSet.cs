using System.Text.Json.Serialization;

namespace Routing.Server.Security;

/// <summary>
/// What development mode generated, as written to the credentials file: the tenant, the JWT
/// signing key, issuer and audience, one gateway key for every channel, and ready-to-use tokens
/// by name (the demo agents, "supervisor", "admin"). Scripts and the simulator read this file.
/// </summary>
public sealed class DevelopmentCredentialSet
{
    public const string GatewayKeyId = "dev-gateway";

    [JsonPropertyName("tenant")]
    public string Tenant { get; set; } = "";

    [JsonPropertyName("issuer")]
    public string Issuer { get; set; } = "";

    [JsonPropertyName("audience")]
    public string Audience { get; set; } = "";

    /// <summary>Base64, 32 bytes.</summary>
    [JsonPropertyName("signingKey")]
    public string SigningKey { get; set; } = "";

    /// <summary>Send as "authorization: ApiKey &lt;key&gt;"; valid on every channel.</summary>
    [JsonPropertyName("gatewayKey")]
    public string GatewayKey { get; set; } = "";

    /// <summary>Send as "authorization: Bearer &lt;token&gt;".</summary>
    [JsonPropertyName("tokens")]
    public Dictionary<string, string> Tokens { get; set; } = [];

    [JsonPropertyName("expires")]
    public DateTimeOffset Expires { get; set; }

    public ApiKeyOptions GatewayKeyOptions() => new() { Id = GatewayKeyId, Tenant = Tenant, Channels = [RoutingClaims.AllChannels], Hash = ApiKeyHash.Hash(GatewayKey) };

    public TokenIssuer CreateIssuer() => new(Convert.FromBase64String(SigningKey), Issuer, Audience);
}
