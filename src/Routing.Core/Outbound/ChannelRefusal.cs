namespace Routing.Core.Outbound;

/// <summary>One channel <see cref="ChannelPolicy"/> could not use, and why.</summary>
public sealed record ChannelRefusal(string Channel, ChannelRefusalReason Reason);
