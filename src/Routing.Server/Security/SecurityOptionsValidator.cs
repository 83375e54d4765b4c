using Microsoft.Extensions.Options;

namespace Routing.Server.Security;

/// <summary>Checks "Security" at start; a bad value stops the server with a message naming the key.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        errors.AddRange(options.ApiKeys.Select((k, i) => ApiKeyStore.Validate(k, $"Security:ApiKeys:{i}")).OfType<string>());
        var jwt = options.Jwt;
        if (!string.IsNullOrWhiteSpace(jwt.SigningKey) && TokenIssuer.TryParseKey(jwt.SigningKey) is null)
        {
            errors.Add($"Security:Jwt:SigningKey must be base64 of at least {TokenIssuer.MinKeyBytes} random bytes (e.g. openssl rand -base64 32).");
        }

        if (!string.IsNullOrWhiteSpace(jwt.Authority) && !Uri.TryCreate(jwt.Authority, UriKind.Absolute, out _))
        {
            errors.Add("Security:Jwt:Authority must be the absolute URL of the OIDC issuer, e.g. https://login.example.com/realms/routing.");
        }

        if (string.IsNullOrWhiteSpace(jwt.Issuer) || string.IsNullOrWhiteSpace(jwt.Audience))
        {
            errors.Add("Security:Jwt:Issuer and Security:Jwt:Audience must not be empty.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
