using Routing.Redis;
using Routing.Server.Configuration;

namespace Routing.Server.Outbound;

/// <summary>
/// The one place the outbound pipeline asks which channel a message to a customer goes out on.
/// Until the consent lane's <c>Routing.Core.Outbound.ChannelPolicy</c> is merged, it permits only
/// the channel of the customer's last contact while that channel's reply window
/// (<c>Channels:{name}:ReplyWindow</c>) is open, and never a channel the CRM marks opted out (the
/// consent the contact carries). When merging, <see cref="Choose"/> calls ChannelPolicy instead.
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

        var options = configuration.Current.Channels.Channels;
        if (!options.TryGetValue(channel, out var configured) || configured.ReplyWindow is not { } window || window <= TimeSpan.Zero)
        {
            return OutboundChannelChoice.None($"{channel}: no reply window configured (Channels:{channel}:ReplyWindow)");
        }

        var closes = lastInbound.ReceivedAt + window;
        return now < closes
            ? OutboundChannelChoice.Chosen(channel, lastInbound.From, ReplyWindowOpen)
            : OutboundChannelChoice.None($"{channel}: the reply window closed at {closes:O}");
    }
}
