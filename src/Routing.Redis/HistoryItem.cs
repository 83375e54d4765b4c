namespace Routing.Redis;

/// <summary>One contact of a conversation, as an agent's offer shows it in the history.</summary>
public sealed record HistoryItem(string ContactId, string Channel, DateTimeOffset At, string Subject, string Text, string AgentId, string State);
