namespace Routing.Redis.Outbound;

/// <summary>A delivery handed to one gateway stream, to acknowledge by <see cref="AckBy"/>.</summary>
public sealed record ClaimedDelivery(OutboundMessage Message, int Attempt, DateTimeOffset AckBy);
