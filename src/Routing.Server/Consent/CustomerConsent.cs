using Routing.Core.Channels;
using Routing.Core.Customers;
using Routing.Core.Errors;
using Routing.Core.Outbound;
using Routing.Crm;
using Routing.Redis;
using Routing.Server.Configuration;

namespace Routing.Server.Consent;

/// <summary>
/// Consent as routing sees it. The CRM's consent arrives with the (cached) customer context; a
/// change made through the router (a gateway's opt-out, Outreach.UpdateConsent) is held in Redis
/// per customer (<see cref="ConsentStore"/>), read on every use, and wins over the CRM's, so it
/// holds at once on every node whatever each node's CRM cache says. The change is queued for the
/// CRM in the same script, written back at once when the CRM answers, else by
/// <see cref="ConsentWriteBack"/>: never lost, never applied without being queued.
/// </summary>
public sealed class CustomerConsent(
    ConsentStore store,
    IConsentLog log,
    ICustomerPrivacy crm,
    CustomerLookup lookup,
    RoutingConfigurationHolder configuration,
    Tenants.ActiveTenants tenants,
    Outbound.OutboundChannelSeam seam,
    TimeProvider time,
    ILogger<CustomerConsent> logger)
{
    /// <summary>The customer's effective consent; NOT_FOUND when the CRM does not know them.</summary>
    public async Task<EffectiveConsent> GetAsync(string tenant, string customerId, CancellationToken cancellationToken)
    {
        var addresses = await crm.FindAddressesAsync(tenant, customerId, cancellationToken).ConfigureAwait(false);
        if (addresses.Count == 0)
        {
            RoutingErrors.NotFound("customer_not_found", "the CRM knows no customer with this customer_id");
        }

        var context = await lookup.LookupAsync(tenant, addresses[0].Channel, addresses[0].Address, cancellationToken).ConfigureAwait(false);
        if (context.CustomerId != customerId)
        {
            RoutingErrors.Unavailable("crm_unavailable", "the CRM did not answer in time");
        }

        var changes = await store.GetAsync(tenant, customerId).ConfigureAwait(false);
        return new EffectiveConsent(Apply(context, changes), changes, addresses);
    }

    /// <summary>Records the change (Redis, every node at once), then tries the CRM write-back; false when a later change was already held.</summary>
    public async Task<bool> ChangeAsync(string tenant, ConsentOverride change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        // Every node's write-back loop serves the registered tenants only.
        await tenants.EnsureAsync(tenant, cancellationToken).ConfigureAwait(false);
        var applied = await store.UpdateAsync(tenant, change, time.GetUtcNow()).ConfigureAwait(false);
        if (applied)
        {
            // Best effort now; on failure the write-back loop retries until the CRM has it.
            await ConsentWriteBack.TryWriteAsync(store, log, tenant, change, time, logger, cancellationToken).ConfigureAwait(false);
        }

        return applied;
    }

    /// <summary>The channel as configured (lower case); INVALID_ARGUMENT naming <paramref name="field"/> when unknown.</summary>
    public ChannelDefinition Channel(string? channel, string field)
    {
        if (string.IsNullOrWhiteSpace(channel) || !configuration.Current.Catalog.TryGet(channel.Trim().ToLowerInvariant(), out var definition))
        {
            RoutingErrors.InvalidArgument(field, "must be a configured channel");
            throw new InvalidOperationException("unreachable");
        }

        return definition;
    }

    /// <summary>The sender's normalised address on <paramref name="channel"/>; INVALID_ARGUMENT naming <paramref name="field"/> when malformed.</summary>
    public string Address(ChannelDefinition channel, string? address, string field)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var normalised = AddressNormalizer.TryNormalize(channel.AddressKind, address, configuration.Current.IngestLimits.DefaultCountryCode, out var error);
        if (normalised is null)
        {
            RoutingErrors.InvalidArgument(field, error);
        }

        return normalised!;
    }

    /// <summary>The channels outreach to the customer may use now (no conversation, so no reply window), in the policy's order.</summary>
    public IReadOnlyList<string> PermittedOutreachChannels(EffectiveConsent consent)
    {
        ArgumentNullException.ThrowIfNull(consent);
        var request = new ChannelPolicyRequest(CustomerReachability.From(consent.Customer, consent.Addresses), null, new Dictionary<string, DateTimeOffset>(), new Dictionary<string, TimeSpan>(), time.GetUtcNow());
        var order = new List<string>();
        while (ChannelPolicy.Choose(request) is { Channel: { } chosen })
        {
            order.Add(chosen);
            // Take the chosen channel out and ask again: the policy's own order, one channel at a time.
            request = request with { Customer = request.Customer with { Addresses = request.Customer.Addresses.Where(a => !string.Equals(a.Channel, chosen, StringComparison.OrdinalIgnoreCase)).ToArray() } };
        }

        return order;
    }

    /// <summary>
    /// The channels an answer to a contact's customer may go out on now: any channel whose reply
    /// window the customer opened, and every consented channel with a known address; never an
    /// opted-out one. Built by <see cref="Outbound.OutboundChannelSeam"/>, as the reply itself is.
    /// </summary>
    public async Task<IReadOnlyList<string>> PermittedReplyChannelsAsync(string tenant, StoredContact contact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contact);
        return await seam.PermittedReplyChannelsAsync(tenant, contact, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The context with <paramref name="changes"/> over its CRM consent.</summary>
    public static CustomerContext Apply(CustomerContext customer, IReadOnlyDictionary<string, ConsentOverride> changes)
    {
        ArgumentNullException.ThrowIfNull(customer);
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return customer;
        }

        var consent = new Dictionary<string, bool>(customer.ChannelConsent, StringComparer.OrdinalIgnoreCase);
        foreach (var (channel, change) in changes)
        {
            consent[channel] = change.OptedIn;
        }

        return customer with { ChannelConsent = consent };
    }
}
