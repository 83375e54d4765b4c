namespace Routing.Server.Security;

/// <summary>
/// "Security:Jwt": bearer tokens of agents, supervisors and admins. Either a symmetric
/// <see cref="SigningKey"/> (base64, at least 32 bytes: development and small deployments) or an
/// OIDC <see cref="Authority"/> whose JWKS signs the tokens (production).
/// </summary>
public sealed class JwtOptions
{
    public const string DefaultIssuer = "routing";
    public const string DefaultAudience = "routing";

    public string Issuer { get; set; } = DefaultIssuer;

    public string Audience { get; set; } = DefaultAudience;

    public string? SigningKey { get; set; }

    public string? Authority { get; set; }

    /// <summary>The authority's metadata must come over HTTPS; false only for a test or in-cluster authority on plain HTTP.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Accepted clock difference between the token's issuer and this server.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
