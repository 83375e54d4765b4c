using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Routing.Server.Security;

/// <summary>Mints routing JWTs (HS256) with a symmetric key: for development mode, the token command and tests. Production tokens come from the OIDC authority.</summary>
public sealed class TokenIssuer(byte[] signingKey, string issuer, string audience)
{
    public const int MinKeyBytes = 32;

    public string Mint(string tenant, string subject, IEnumerable<string> roles, TimeSpan lifetime, DateTimeOffset now, IEnumerable<string>? channels = null)
    {
        var claims = new List<Claim> { new(RoutingClaims.Subject, subject), new(RoutingClaims.Tenant, tenant) };
        claims.AddRange(roles.Select(r => new Claim(RoutingClaims.Role, r)));
        claims.AddRange((channels ?? []).Select(c => new Claim(RoutingClaims.Channel, c)));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime.AddSeconds(-5),
            Expires = now.UtcDateTime.Add(lifetime),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The bytes of a base64 signing key, or null when it is not base64 of at least <see cref="MinKeyBytes"/> bytes.</summary>
    public static byte[]? TryParseKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
        {
            return null;
        }

        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out var written) && written >= MinKeyBytes ? bytes[..written] : null;
    }
}
