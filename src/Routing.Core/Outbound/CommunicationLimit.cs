namespace Routing.Core.Outbound;

/// <summary>
/// At most <see cref="Count"/> outreach messages to one customer, across all channels, in any
/// <see cref="Window"/> (a sliding window: a message sent at t counts until t + Window).
/// </summary>
public sealed record CommunicationLimit(int Count, TimeSpan Window);
