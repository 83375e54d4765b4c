namespace Routing.Redis;

/// <summary>One thread of a customer as Redis holds it, for the right of access.</summary>
public sealed record ThreadExport(
    string ThreadKey,
    IReadOnlyDictionary<string, string> Thread,
    IReadOnlyList<JourneyStep> Journey,
    IReadOnlyList<StoredConversation> Conversations,
    IReadOnlyList<StoredContactData> Contacts);
