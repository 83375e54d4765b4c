using Routing.Core.Channels;

namespace Routing.Core.Contacts;

/// <summary>A contact that passed validation: known channel, normalised sender, bounded sizes.</summary>
public sealed record ValidContact(
    ChannelDefinition Channel,
    string ExternalId,
    string From,
    string Subject,
    string Text,
    string Intent,
    string Language,
    IReadOnlyDictionary<string, string> Attributes,
    DateTimeOffset ReceivedAt);
