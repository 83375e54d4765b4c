namespace Routing.Redis;

/// <summary>A conversation's hash and its contact ids, oldest first.</summary>
public sealed record StoredConversation(string ConversationId, IReadOnlyDictionary<string, string> Fields, IReadOnlyList<string> ContactIds);
