using System.Security.Claims;
using System.Text.Json;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Routing.Simulator;

/// <summary>
/// How the simulator authenticates: its gateways with an API key; its many agents each with a
/// token naming that agent, minted with the signing key (or one given token for a single agent).
/// In the server's development mode all of it comes from the credentials file it writes.
/// </summary>
public sealed record SimulatorCredentials
{
    /// <summary>
    /// Where the server's development mode writes its credentials, relative to where the simulator
    /// runs: the server's data directory when it was started with `dotnet run --project
    /// src/Routing.Server` (which runs in the project's directory), from the repository or from
    /// src/Routing.Simulator; or data/ when its dll was started from here.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultFiles =
    [
        "src/Routing.Server/data/dev-credentials.json",
        "../Routing.Server/data/dev-credentials.json",
        "data/dev-credentials.json",
    ];

    public static readonly SimulatorCredentials None = new();

    /// <summary>Sent as "authorization: ApiKey ..." by the gateways (Submit, SubmitStream, Cancel, Echo).</summary>
    public string? ApiKey { get; init; }

    /// <summary>One bearer token for every desk: usable with a single agent, whose id becomes the token's subject.</summary>
    public string? Token { get; init; }

    /// <summary>Base64 HS256 key: a token is minted for every simulated agent.</summary>
    public string? SigningKey { get; init; }

    public string Tenant { get; init; } = "default";

    public string Issuer { get; init; } = "routing";

    public string Audience { get; init; } = "routing";

    public Metadata Gateway() => ApiKey is null ? [] : new Metadata { { "authorization", "ApiKey " + ApiKey } };

    /// <summary>The credential of a desk of <paramref name="agentId"/>.</summary>
    public Metadata Agent(string agentId)
    {
        if (SigningKey is not null)
        {
            var descriptor = new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = Audience,
                Subject = new ClaimsIdentity([new Claim("sub", agentId), new Claim("tenant", Tenant), new Claim("role", "agent")]),
                Expires = DateTime.UtcNow.AddHours(8),
                SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(SigningKey)), SecurityAlgorithms.HmacSha256),
            };
            return new Metadata { { "authorization", "Bearer " + new JsonWebTokenHandler().CreateToken(descriptor) } };
        }

        return Token is null ? [] : new Metadata { { "authorization", "Bearer " + Token } };
    }

    /// <summary>A supervisor's bearer token (--supervisor-token, or the development file's "supervisor"): the progress lines show the server's own figures.</summary>
    public string? SupervisorToken { get; init; }

    /// <summary>
    /// The credential of the simulator's Supervisor.WatchQueues call: <see cref="SupervisorToken"/>, else
    /// a supervisor token minted with <see cref="SigningKey"/>; null when it has neither (no server figures).
    /// </summary>
    public Metadata? Supervisor()
    {
        if (SupervisorToken is not null)
        {
            return new Metadata { { "authorization", "Bearer " + SupervisorToken } };
        }

        if (SigningKey is null)
        {
            return null;
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "simulator-supervisor"), new Claim("tenant", Tenant), new Claim("role", "supervisor")]),
            Expires = DateTime.UtcNow.AddHours(8),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(SigningKey)), SecurityAlgorithms.HmacSha256),
        };
        return new Metadata { { "authorization", "Bearer " + new JsonWebTokenHandler().CreateToken(descriptor) } };
    }

    /// <summary>The subject of <see cref="Token"/> (read, not verified: the server verifies it).</summary>
    public string? TokenSubject => Token is null ? null : new JsonWebToken(Token).Subject;

    /// <summary>
    /// --api-key, --token, --signing-key (--tenant, --issuer, --audience); whatever is not given comes
    /// from the development credentials file (--credentials, default the first of <see cref="DefaultFiles"/> that exists).
    /// </summary>
    public static SimulatorCredentials FromArgs(Func<string, string?> value)
    {
        var file = value("--credentials") ?? DefaultFiles.FirstOrDefault(File.Exists) ?? DefaultFiles[0];
        DevFile? dev = null;
        if (File.Exists(file))
        {
            dev = JsonSerializer.Deserialize<DevFile>(File.ReadAllText(file), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        else if (value("--credentials") is not null)
        {
            throw new FormatException($"--credentials: {file} does not exist (the server writes it in development mode).");
        }

        var token = value("--token");
        var signingKey = value("--signing-key") ?? (token is null ? dev?.SigningKey : null);
        var fromDev = value("--signing-key") is null && signingKey is not null;
        return new SimulatorCredentials
        {
            ApiKey = value("--api-key") ?? dev?.GatewayKey,
            Token = token,
            SigningKey = signingKey,
            Tenant = value("--tenant") ?? dev?.Tenant ?? "default",
            Issuer = value("--issuer") ?? (fromDev ? dev?.Issuer : null) ?? "routing",
            Audience = value("--audience") ?? (fromDev ? dev?.Audience : null) ?? "routing",
            SupervisorToken = value("--supervisor-token") ?? dev?.Tokens?.GetValueOrDefault("supervisor"),
        };
    }

    private sealed record DevFile(string? Tenant, string? Issuer, string? Audience, string? SigningKey, string? GatewayKey, Dictionary<string, string>? Tokens);
}
