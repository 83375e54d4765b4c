namespace Routing.Server.Security;

/// <summary>
/// "Security": who may call. With no API key, key file, signing key or authority configured the
/// server runs in development mode (<see cref="DevelopmentCredentials"/>): loopback only, with
/// generated credentials for the tenant <c>Routing:Tenant</c>.
/// </summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Server reflection, callable without a credential (it only describes the public schema). Null: on in development mode only.</summary>
    public bool? Reflection { get; set; }

    /// <summary>Gateway keys; several valid at once for the same gateway is how a key is rotated.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>A JSON file holding more gateway keys (an array of <see cref="ApiKeyOptions"/>, or {"ApiKeys": [...]}); re-read when it changes.</summary>
    public string? ApiKeyFile { get; set; }

    public JwtOptions Jwt { get; set; } = new();

    public DevelopmentOptions Development { get; set; } = new();

    /// <summary>True when nothing was configured to check credentials against: development mode.</summary>
    public bool IsDevelopmentMode =>
        ApiKeys.Count == 0 && string.IsNullOrWhiteSpace(ApiKeyFile) && string.IsNullOrWhiteSpace(Jwt.SigningKey) && string.IsNullOrWhiteSpace(Jwt.Authority);

    public bool ReflectionEnabled => Reflection ?? IsDevelopmentMode;
}
