namespace Routing.Server.Security;

/// <summary>One gateway key: its id (the credential's subject), tenant, the channels it may submit on ("*": every channel) and the key's hash ("sha256:&lt;hex&gt;").</summary>
public sealed class ApiKeyOptions
{
    public string Id { get; set; } = "";

    public string Tenant { get; set; } = "";

    public List<string> Channels { get; set; } = [];

    public string Hash { get; set; } = "";
}
