using System.Security.Cryptography;
using System.Text;

namespace Routing.Server.Security;

/// <summary>Gateway keys are stored only as "sha256:&lt;hex&gt;"; a presented key is hashed and compared in constant time.</summary>
public static class ApiKeyHash
{
    private const string Prefix = "sha256:";

    /// <summary>A new random key: "rk_" and 32 random bytes, base64url.</summary>
    public static string NewKey() => "rk_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string key) => Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The digest a configured hash names, or null when it is not "sha256:" and 64 hex digits.</summary>
    public static byte[]? TryParse(string? hash)
    {
        if (hash is null || !hash.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || hash.Length != Prefix.Length + 64)
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(hash.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
