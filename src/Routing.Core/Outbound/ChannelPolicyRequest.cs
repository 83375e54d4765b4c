namespace Routing.Core.Outbound;

/// <summary>Everything <see cref="ChannelPolicy"/> decides on; it reads nothing else.</summary>
/// <param name="Customer">Consent, preferences and addresses (any consent override already applied).</param>
/// <param name="InboundChannel">The channel of the conversation being answered; null for outreach outside a conversation.</param>
/// <param name="LastInboundAt">When the customer last wrote on each channel.</param>
/// <param name="ReplyWindows">How long after the customer's last message a channel may answer without consent; channels absent have none.</param>
/// <param name="Now">The current time.</param>
public sealed record ChannelPolicyRequest(
    CustomerReachability Customer,
    string? InboundChannel,
    IReadOnlyDictionary<string, DateTimeOffset> LastInboundAt,
    IReadOnlyDictionary<string, TimeSpan> ReplyWindows,
    DateTimeOffset Now);
