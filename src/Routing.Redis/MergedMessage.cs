namespace Routing.Redis;

/// <summary>A later message merged into a waiting contact of the same customer and channel.</summary>
public sealed record MergedMessage(string ExternalId, long At, string Subject, string Text);
