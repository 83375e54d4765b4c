using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace Routing.Server.Security;

/// <summary>
/// Development mode's credentials (null <see cref="Current"/> outside it). They are generated at
/// the first start and kept in the credentials file, so tokens a script read stay valid across
/// restarts; the tokens in it are minted anew at every start. The file holds secrets: it is
/// written readable by its owner only.
/// </summary>
public sealed class DevelopmentCredentials
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromDays(1);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static readonly DevelopmentCredentials None = new(null, null);

    private DevelopmentCredentials(DevelopmentCredentialSet? current, string? file)
    {
        Current = current;
        File = file;
    }

    public DevelopmentCredentialSet? Current { get; }

    /// <summary>The credentials file, as a full path.</summary>
    public string? File { get; }

    /// <summary>Loads (same tenant) or generates the credentials, mints the tokens and writes the file.</summary>
    public static DevelopmentCredentials Create(string tenant, DevelopmentOptions options, DateTimeOffset now)
    {
        var file = Path.GetFullPath(string.IsNullOrWhiteSpace(options.CredentialsFile) ? DevelopmentOptions.DefaultCredentialsFile : options.CredentialsFile);
        var kept = TryRead(file) is { } old && old.Tenant == tenant && TokenIssuer.TryParseKey(old.SigningKey) is not null && old.GatewayKey.Length >= 16 ? old : null;
        var set = new DevelopmentCredentialSet
        {
            Tenant = tenant,
            Issuer = "routing-dev",
            Audience = JwtOptions.DefaultAudience,
            SigningKey = kept?.SigningKey ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(TokenIssuer.MinKeyBytes)),
            GatewayKey = kept?.GatewayKey ?? ApiKeyHash.NewKey(),
            Expires = now + TokenLifetime,
        };
        var issuer = set.CreateIssuer();
        foreach (var agent in options.Agents.Where(a => !string.IsNullOrWhiteSpace(a)))
        {
            set.Tokens[agent] = issuer.Mint(tenant, agent, [RoutingRoles.Agent], TokenLifetime, now);
        }

        set.Tokens["supervisor"] = issuer.Mint(tenant, "supervisor", [RoutingRoles.Supervisor], TokenLifetime, now);
        set.Tokens["admin"] = issuer.Mint(tenant, "admin", [RoutingRoles.Admin], TokenLifetime, now);
        Write(file, set);
        return new DevelopmentCredentials(set, file);
    }

    public static DevelopmentCredentialSet? TryRead(string file)
    {
        try
        {
            return System.IO.File.Exists(file) ? JsonSerializer.Deserialize<DevelopmentCredentialSet>(System.IO.File.ReadAllText(file)) : null;
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Development mode serves loopback only: generated credentials are printed and written to a
    /// file, so anyone who can reach the port could read them on a shared machine, never mind a network.
    /// </summary>
    /// <returns>The non-loopback addresses configured (empty when all are loopback).</returns>
    public static IReadOnlyList<string> NonLoopbackUrls(IEnumerable<string> urls) =>
        urls.Where(url => !IsLoopback(url)).ToList();

    private static bool IsLoopback(string url)
    {
        var rest = url.Contains("://", StringComparison.Ordinal) ? url[(url.IndexOf("://", StringComparison.Ordinal) + 3)..] : url;
        rest = rest.Split('/')[0];
        string host;
        if (rest.StartsWith('['))
        {
            host = rest[1..rest.IndexOf(']', StringComparison.Ordinal)];
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            host = colon >= 0 ? rest[..colon] : rest;
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static void Write(string file, DevelopmentCredentialSet set)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var temp = file + ".tmp";
        var create = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temp, create))
        {
            JsonSerializer.Serialize(stream, set, Json);
        }

        System.IO.File.Move(temp, file, overwrite: true);
    }
}
