namespace Routing.Server.Wallboard;

/// <summary>"Wallboard": where the live wallboard page is served (its own HTTP/1.1 listener).</summary>
public sealed class WallboardOptions
{
    public const string SectionName = "Wallboard";

    /// <summary>
    /// An http:// address such as http://127.0.0.1:5082; empty switches the page off. Plain HTTP/1.1:
    /// keep it on loopback or behind a TLS proxy (the supervisor token travels in the query string).
    /// </summary>
    public string Url { get; set; } = "";
}
