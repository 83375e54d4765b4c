using Routing.Redis;
using Routing.Server.Configuration;

namespace Routing.Server.Outbound;

/// <summary>
/// The one place the outbound pipeline asks which channel a message to a customer goes out on.
/// For now it permits only the channel of the customer's last contact while that channel's reply
/// window (<see cref="ChannelsOptions.ResolveReplyWindows"/>) is open, and never a channel the CRM
/// marks opted out (the consent the contact carries). Next: <see cref="Choose"/> asks
/// <c>Routing.Core.Outbound.ChannelPolicy</c> (preferred and consented channels, the router's consent
/// changes) instead.
/// </summary>
public sealed class OutboundChannelSeam(RoutingConfigurationHolder configuration)
{
    public const string ReplyWindowOpen = "reply_window_open";

    /// <param name="lastInbound">The customer's newest contact: its channel, address, time and CRM consent.</param>
    public OutboundChannelChoice Choose(StoredContact lastInbound, DateTimeOffset now)
    {
        var channel = lastInbound.Channel;
        if (lastInbound.Customer.ChannelConsent.TryGetValue(channel, out var consent) && !consent)
        {
            return OutboundChannelChoice.None($"{channel}: the customer opted out of it");
        }

        // The built-in windows (whatsapp 24 h, e-mail 14 days, ...) unless Channels:{name}:ReplyWindow says otherwise.
        if (!configuration.Current.Channels.ResolveReplyWindows().TryGetValue(channel, out var window))
        {
            return OutboundChannelChoice.None($"{channel}: no reply window (Channels:{channel}:ReplyWindow)");
        }

        var closes = lastInbound.ReceivedAt + window;
        return now < closes
            ? OutboundChannelChoice.Chosen(channel, lastInbound.From, ReplyWindowOpen)
            : OutboundChannelChoice.None($"{channel}: the reply window closed at {closes:O}");
    }
}
