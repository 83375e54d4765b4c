using System.CommandLine;

namespace Routing.Simulator;

/// <summary>
/// The options every mode takes: the target (loopback unless --allow-remote), progress, and the
/// credentials (given, or read from the server's development credentials file).
/// </summary>
public sealed class CommonOptions
{
    public Option<Uri> Target { get; } = new("--target")
    {
        Description = "The server's address",
        HelpName = "URL",
        DefaultValueFactory = _ => new Uri("http://127.0.0.1:5080"),
        CustomParser = r =>
        {
            var text = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }

            r.AddError($"--target must be an http:// or https:// address, got '{text}'.");
            return null;
        },
        Recursive = true,
    };

    public Option<bool> AllowRemote { get; } = new("--allow-remote") { Description = "Allow a target that is not a loopback address", Recursive = true };

    public Option<bool> Quiet { get; } = new("--quiet") { Description = "No progress lines", Recursive = true };

    private readonly Option<string?> _apiKey = new("--api-key") { Description = "The gateways' API key", HelpName = "KEY", Recursive = true };

    private readonly Option<string?> _signingKey = new("--signing-key") { Description = "Base64 HS256 key: a token is minted per agent (and a supervisor's for the server figures)", HelpName = "BASE64", Recursive = true };

    private readonly Option<string?> _tenant = new("--tenant") { Description = "Tenant of the minted tokens", Recursive = true };

    private readonly Option<string?> _issuer = new("--issuer") { Description = "Issuer of the minted tokens", Recursive = true };

    private readonly Option<string?> _audience = new("--audience") { Description = "Audience of the minted tokens", Recursive = true };

    private readonly Option<string?> _token = new("--token") { Description = "One agent's JWT (its subject is the agent): only with --agents 1", HelpName = "JWT", Recursive = true };

    private readonly Option<string?> _supervisorToken = new("--supervisor-token") { Description = "A supervisor's JWT: the progress lines show the server's own figures", HelpName = "JWT", Recursive = true };

    private readonly Option<string?> _credentials = new("--credentials")
    {
        Description = "The server's development credentials file, for whatever is not given (default: the first of "
            + string.Join(", ", SimulatorCredentials.DefaultFiles) + " that exists)",
        HelpName = "FILE",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        foreach (var option in new Option[] { Target, AllowRemote, Quiet, _apiKey, _signingKey, _tenant, _issuer, _audience, _token, _supervisorToken, _credentials })
        {
            root.Options.Add(option);
        }
    }

    /// <summary>
    /// The target and credentials, or null after saying on stderr what is wrong (a remote target
    /// without --allow-remote, an unreadable credentials file, one --token for several agents).
    /// </summary>
    /// <param name="agents">The desks the mode opens; null when it opens none.</param>
    public (Uri Target, SimulatorCredentials Credentials)? Resolve(ParseResult parse, int? agents)
    {
        var target = parse.GetValue(Target)!;
        if (!parse.GetValue(AllowRemote) && !SimulatorCommand.IsLoopback(target))
        {
            Console.Error.WriteLine($"Refusing to load {target}: not a loopback address (pass --allow-remote to override).");
            return null;
        }

        var byName = new Dictionary<string, Option<string?>>(StringComparer.Ordinal)
        {
            [_apiKey.Name] = _apiKey, [_signingKey.Name] = _signingKey, [_tenant.Name] = _tenant, [_issuer.Name] = _issuer,
            [_audience.Name] = _audience, [_token.Name] = _token, [_supervisorToken.Name] = _supervisorToken, [_credentials.Name] = _credentials,
        };
        SimulatorCredentials credentials;
        try
        {
            credentials = SimulatorCredentials.FromArgs(name => byName.TryGetValue(name, out var option) ? parse.GetValue(option) : null);
        }
        catch (Exception ex) when (ex is FormatException or IOException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }

        if (credentials.Token is not null && credentials.SigningKey is null && agents is not (null or 1))
        {
            Console.Error.WriteLine("--token names one agent: pass --agents 1, or --signing-key to mint a token per agent.");
            return null;
        }

        return (target, credentials);
    }
}
