using System.Globalization;
using Routing.Core.Conversations;
using Routing.Core.Customers;
using Routing.Core.Outbound;
using Routing.Crm;
using Routing.Redis;
using Routing.Redis.Outbound;
using Routing.Server.Configuration;
using Routing.Server.Consent;

namespace Routing.Server.Outbound;

/// <summary>
/// The one place the outbound pipeline asks which channel a message to a customer goes out on: it
/// gathers what <see cref="ChannelPolicy"/> decides on and asks it. The customer's reachability is
/// the CRM's (consent, preferred channel, order, addresses) with the router's consent changes
/// (<see cref="ConsentStore"/>, held at once on every node) applied over it; the reply windows are
/// the channels' (<see cref="ChannelsOptions.ResolveReplyWindows"/>); when the customer last wrote
/// on each channel comes from the newest contacts of their journey (a bounded read, no scan).
/// </summary>
public sealed class OutboundChannelSeam(
    RoutingConfigurationHolder configuration,
    ConsentStore consents,
    CustomerAddresses crmAddresses,
    OutboundStore store,
    ILogger<OutboundChannelSeam> logger)
{
    /// <summary>How many of the customer's newest contacts say when they last wrote on each channel.</summary>
    public const int JourneyReads = 16;

    /// <summary>What the policy decides on for an answer to <paramref name="contact"/>'s customer (the contact's own address first).</summary>
    public async Task<ChannelPolicyRequest> ReplyRequestAsync(string tenant, StoredContact contact, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var (customer, addresses) = await ReachabilityAsync(tenant, contact, cancellationToken).ConfigureAwait(false);
        var lastInbound = await LastInboundAsync(tenant, contact.ThreadKey).ConfigureAwait(false);
        if (!lastInbound.TryGetValue(contact.Channel, out var at) || at < contact.ReceivedAt)
        {
            lastInbound[contact.Channel] = contact.ReceivedAt;
        }

        return new ChannelPolicyRequest(CustomerReachability.From(customer, addresses), contact.Channel, lastInbound, configuration.Current.Channels.ResolveReplyWindows(), now);
    }

    /// <summary>
    /// The channels an answer to <paramref name="contact"/>'s customer may go out on now, as
    /// <see cref="ChannelPolicy.PermittedChannels"/> decides on <see cref="ReplyRequestAsync"/>'s
    /// request. The journey read (the customer's newest contacts) is skipped when it cannot change
    /// the answer: when no channel's permission hangs on a reply window the journey could open (a
    /// channel with an address, no consent either way, a reply window, not already open by the
    /// contact itself) and at most one channel besides the contact's own is permitted (the journey
    /// also orders the others by recency). An offer to a new sender thus reads no journey.
    /// </summary>
    public async Task<IReadOnlyList<string>> PermittedReplyChannelsAsync(string tenant, StoredContact contact, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var (customer, addresses) = await ReachabilityAsync(tenant, contact, cancellationToken).ConfigureAwait(false);
        var own = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal) { [contact.Channel] = contact.ReceivedAt };
        var windows = configuration.Current.Channels.ResolveReplyWindows();
        var reachability = CustomerReachability.From(customer, addresses);
        var withoutJourney = new ChannelPolicyRequest(reachability, contact.Channel, own, windows, now);
        var permitted = ChannelPolicy.PermittedChannels(withoutJourney);
        if (!JourneyMayMatter(withoutJourney, permitted))
        {
            return permitted;
        }

        var lastInbound = await LastInboundAsync(tenant, contact.ThreadKey).ConfigureAwait(false);
        if (!lastInbound.TryGetValue(contact.Channel, out var at) || at < contact.ReceivedAt)
        {
            lastInbound[contact.Channel] = contact.ReceivedAt;
        }

        return ChannelPolicy.PermittedChannels(withoutJourney with { LastInboundAt = lastInbound });
    }

    /// <summary>What the policy decides on for outreach to a customer (no conversation: a reply window the customer opened still counts).</summary>
    public async Task<ChannelPolicyRequest> OutreachRequestAsync(string tenant, EffectiveConsent consent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var lastInbound = consent.Customer.CustomerId is { } customerId
            ? await LastInboundAsync(tenant, ConversationThreading.CustomerThreadKey(customerId)).ConfigureAwait(false)
            : [];
        return new ChannelPolicyRequest(CustomerReachability.From(consent.Customer, consent.Addresses), null, lastInbound, configuration.Current.Channels.ResolveReplyWindows(), now);
    }

    /// <summary>The channel (and why), or every channel's reason it may not be used.</summary>
    public static OutboundChannelChoice Choose(ChannelPolicyRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var choice = ChannelPolicy.Choose(request);
        return choice.Permitted
            ? new OutboundChannelChoice(choice.Channel, choice.Address!, Word(choice.Reason!.Value), [.. choice.Refusals.Select(r => Explain(r, request))])
            : OutboundChannelChoice.None([.. choice.Refusals.Select(r => Explain(r, request))]);
    }

    /// <summary>The reason as the desk and Outreach.Send report it.</summary>
    public static string Word(ChannelChoiceReason reason) => reason switch
    {
        ChannelChoiceReason.ReplyWindowOpen => "reply_window_open",
        ChannelChoiceReason.Preferred => "preferred",
        _ => "consent_order",
    };

    /// <summary>
    /// The customer with the router's consent changes over the CRM's, and their addresses (the
    /// contact's own first). The CRM's addresses (cached) and the changes (Redis) are read at once.
    /// </summary>
    private async Task<(CustomerContext Customer, List<CustomerAddress> Addresses)> ReachabilityAsync(string tenant, StoredContact contact, CancellationToken cancellationToken)
    {
        var addresses = new List<CustomerAddress> { new(contact.Channel, contact.From) };
        var customer = contact.Customer;
        if (customer.CustomerId is { } customerId)
        {
            var changes = consents.GetAsync(tenant, customerId);
            try
            {
                addresses.AddRange(await crmAddresses.FindAsync(tenant, customerId, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The CRM did not answer: the contact's own address still allows an answer on its channel.
                ConsentLog.AddressesUnavailable(logger, ex, tenant);
            }

            customer = CustomerConsent.Apply(customer, await changes.ConfigureAwait(false));
        }

        return (customer, addresses);
    }

    /// <summary>
    /// True when the journey could change <paramref name="permitted"/>: a channel with an address
    /// and no consent either way whose reply window the contact itself does not hold open (a newer
    /// inbound message could), or more than one permitted channel besides the contact's own (the
    /// journey orders them by recency).
    /// </summary>
    private static bool JourneyMayMatter(ChannelPolicyRequest request, IReadOnlyList<string> permitted)
    {
        var inbound = Normalize(request.InboundChannel);
        if (permitted.Count(c => c != inbound) > 1)
        {
            return true;
        }

        var consent = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (channel, optedIn) in request.Customer.Consent)
        {
            consent[Normalize(channel)] = optedIn;
        }

        foreach (var address in request.Customer.Addresses)
        {
            var channel = Normalize(address.Channel);
            if (string.IsNullOrWhiteSpace(address.Address) || consent.ContainsKey(channel) || permitted.Contains(channel))
            {
                continue;
            }

            if (request.ReplyWindows.Any(w => Normalize(w.Key) == channel && w.Value > TimeSpan.Zero))
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string? channel) => (channel ?? "").Trim().ToLowerInvariant();

    private async Task<Dictionary<string, DateTimeOffset>> LastInboundAsync(string tenant, string threadKey)
    {
        var seen = await store.GetLastInboundAsync(tenant, threadKey, JourneyReads).ConfigureAwait(false);
        return seen.ToDictionary(p => p.Key, p => p.Value.At, StringComparer.Ordinal);
    }

    /// <summary>One refusal in words the agent can act on; no personal data.</summary>
    private static string Explain(ChannelRefusal refusal, ChannelPolicyRequest request) => refusal.Reason switch
    {
        ChannelRefusalReason.OptedOut => $"{refusal.Channel}: the customer opted out of it",
        ChannelRefusalReason.NoConsent => $"{refusal.Channel}: no consent on record and no open reply window",
        ChannelRefusalReason.ReplyWindowClosed => $"{refusal.Channel}: the reply window closed at {Closed(refusal.Channel, request)} and there is no consent on record",
        _ => $"{refusal.Channel}: no address of the customer is known on it",
    };

    private static string Closed(string channel, ChannelPolicyRequest request)
    {
        var at = request.LastInboundAt.FirstOrDefault(p => string.Equals(p.Key, channel, StringComparison.OrdinalIgnoreCase)).Value;
        var window = request.ReplyWindows.FirstOrDefault(p => string.Equals(p.Key, channel, StringComparison.OrdinalIgnoreCase)).Value;
        return (at + window).ToString("O", CultureInfo.InvariantCulture);
    }
}
