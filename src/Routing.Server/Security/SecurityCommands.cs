using System.CommandLine;

namespace Routing.Server.Security;

/// <summary>
/// The server's credential commands: <c>token SUBJECT --role agent [--tenant t] [--ttl 08:00:00]</c>
/// mints a JWT with the configured signing key (Security:Jwt:SigningKey, or --signing-key) or with
/// development mode's credentials file; <c>hash-key [KEY]</c> prints the hash to configure for a
/// gateway key (and, without KEY, a new random key first).
/// </summary>
public static class SecurityCommands
{
    public static bool Handles(string[] args) => args.Length > 0 && args[0] is "token" or "hash-key";

    public static Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        return new RootCommand("Routing server credentials (run the server without a command)") { TokenCommand(configuration), HashKeyCommand() }
            .Parse(args).InvokeAsync();
    }

    private static Command TokenCommand(IConfiguration configuration)
    {
        var subject = new Argument<string>("subject") { Description = "Who the token names: the agent id for an agent, a user name otherwise" };
        var roles = new Option<string[]>("--role") { Description = "agent, supervisor, admin or gateway; repeat for several", DefaultValueFactory = _ => [RoutingRoles.Agent] };
        var tenant = new Option<string?>("--tenant") { Description = "Default: the development credentials' tenant, else Routing:Tenant" };
        var ttl = new Option<TimeSpan>("--ttl") { Description = "Lifetime, e.g. 08:00:00", DefaultValueFactory = _ => TimeSpan.FromHours(8) };
        var channels = new Option<string[]>("--channel") { Description = "For a gateway token: a channel it may submit on; repeat for several" };
        var signingKey = new Option<string?>("--signing-key") { Description = "Base64 key; default Security:Jwt:SigningKey, else the development credentials file" };
        var credentials = new Option<string?>("--credentials") { Description = "Development credentials file; default Security:Development:CredentialsFile or " + DevelopmentOptions.DefaultCredentialsFile };
        var command = new Command("token", "Mints a JWT for an agent, supervisor or admin") { subject, roles, tenant, ttl, channels, signingKey, credentials };
        command.SetAction(parse =>
        {
            var unknown = parse.GetValue(roles)!.Where(r => !RoutingRoles.All.Contains(r)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"Unknown role {string.Join(", ", unknown)}; roles are {string.Join(", ", RoutingRoles.All)}.");
                return 2;
            }

            var jwt = configuration.GetSection("Security:Jwt").Get<JwtOptions>() ?? new JwtOptions();
            var key = parse.GetValue(signingKey) ?? jwt.SigningKey;
            string issuer = jwt.Issuer, audience = jwt.Audience, defaultTenant = configuration["Routing:Tenant"] is { Length: > 0 } t ? t : "default";
            if (string.IsNullOrWhiteSpace(key))
            {
                var file = Path.GetFullPath(parse.GetValue(credentials) ?? configuration["Security:Development:CredentialsFile"] ?? DevelopmentOptions.DefaultCredentialsFile);
                if (DevelopmentCredentials.TryRead(file) is not { } dev)
                {
                    Console.Error.WriteLine($"No signing key: give --signing-key, configure Security:Jwt:SigningKey, or start the server in development mode first (it writes {file}).");
                    return 2;
                }

                (key, issuer, audience, defaultTenant) = (dev.SigningKey, dev.Issuer, dev.Audience, dev.Tenant);
            }

            if (TokenIssuer.TryParseKey(key) is not { } bytes)
            {
                Console.Error.WriteLine($"The signing key must be base64 of at least {TokenIssuer.MinKeyBytes} bytes.");
                return 2;
            }

            var token = new TokenIssuer(bytes, issuer, audience)
                .Mint(parse.GetValue(tenant) ?? defaultTenant, parse.GetValue(subject)!, parse.GetValue(roles)!, parse.GetValue(ttl), DateTimeOffset.UtcNow, parse.GetValue(channels));
            Console.Out.WriteLine(token);
            return 0;
        });
        return command;
    }

    private static Command HashKeyCommand()
    {
        var key = new Argument<string?>("key") { Description = "The gateway key to hash; omitted: a new random key", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("hash-key", "Prints the hash of a gateway key for Security:ApiKeys:N:Hash or the key file") { key };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(key);
            if (string.IsNullOrEmpty(given))
            {
                given = ApiKeyHash.NewKey();
                Console.Out.WriteLine($"key:  {given}");
                Console.Out.WriteLine($"hash: {ApiKeyHash.Hash(given)}");
            }
            else
            {
                Console.Out.WriteLine(ApiKeyHash.Hash(given));
            }

            return 0;
        });
        return command;
    }
}
