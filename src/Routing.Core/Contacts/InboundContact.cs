namespace Routing.Core.Contacts;

/// <summary>A contact as a gateway submitted it, before validation.</summary>
public sealed record InboundContact
{
    public string? Channel { get; init; }
    public string? ExternalId { get; init; }
    public string? From { get; init; }
    public string? Subject { get; init; }
    public string? Text { get; init; }
    public string? Intent { get; init; }
    public string? Language { get; init; }
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset? ReceivedAt { get; init; }
}
