namespace Routing.Server.Security;

/// <summary>"Security:Development": where development mode writes the credentials it generated, for scripts and the simulator.</summary>
public sealed class DevelopmentOptions
{
    public const string DefaultCredentialsFile = "data/dev-credentials.json";

    public string CredentialsFile { get; set; } = DefaultCredentialsFile;

    /// <summary>The agents development mode prints tokens for (the README's walk-through agents).</summary>
    public List<string> Agents { get; set; } = ["ada", "bob"];
}
