using Microsoft.Extensions.Options;
using Routing.Core.Channels;
using Routing.Core.Conversations;
using Routing.Core.Customers;
using Routing.Core.Errors;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Desk;

namespace Routing.Server.DataProtection;

/// <summary>
/// A customer's rights of access and to erasure, across Redis and the CRM. The customer's data is
/// found through indexes only (the CRM's addresses of a customer, the customer and address threads,
/// their journeys and conversations), never by scanning keys.
/// </summary>
public sealed class CustomerDataRights(
    ICustomerDirectory directory,
    ICustomerPrivacy crm,
    CustomerDataStore store,
    EventDispatcher dispatcher,
    RoutingConfigurationHolder configuration,
    IOptions<RoutingOptions> routing,
    TimeProvider time)
{
    public const int MaxCustomerIdLength = 128;
    public const int MaxAddressLength = 320;

    /// <summary>The reason the timelines of contacts cancelled by an erasure give (deleted with them).</summary>
    private const string ErasureReason = "erased on the customer's request";

    /// <summary>
    /// Who the request is about; InvalidArgument when it names nobody or an address no channel
    /// accepts, naming the request's field (<paramref name="fields"/>; the Privacy service's by default).
    /// </summary>
    public async Task<DataSubject> ResolveAsync(string tenant, string? customerId, string? address, string? channel, CancellationToken cancellationToken, SubjectFields? fields = null)
    {
        fields ??= SubjectFields.Privacy;
        customerId = string.IsNullOrWhiteSpace(customerId) ? null : customerId.Trim();
        address = string.IsNullOrWhiteSpace(address) ? null : address;
        if (customerId is null && address is null)
        {
            RoutingErrors.InvalidArgument(fields.Subject, "give customer_id, address or both");
        }

        RoutingErrors.ThrowIfTooLong(customerId, MaxCustomerIdLength, fields.CustomerId);
        RoutingErrors.ThrowIfTooLong(address, MaxAddressLength, fields.Address);

        var addresses = new List<CustomerAddress>();
        if (address is not null)
        {
            foreach (var (definition, normalised) in Parse(address, channel, fields))
            {
                addresses.Add(new CustomerAddress(definition.Name, normalised));
                if (customerId is null && await directory.FindByAddressAsync(tenant, definition.Name, normalised, cancellationToken).ConfigureAwait(false) is { CustomerId: { } found })
                {
                    customerId = found;
                }
            }
        }

        if (customerId is not null)
        {
            addresses.AddRange((await crm.FindAddressesAsync(tenant, customerId, cancellationToken).ConfigureAwait(false)).Where(a => !addresses.Contains(a)));
        }

        var threads = new List<string>();
        if (customerId is not null)
        {
            threads.Add(ConversationThreading.CustomerThreadKey(customerId));
        }

        threads.AddRange(addresses.Select(a => ConversationThreading.AddressThreadKey(a.Channel, a.Address)));
        return new DataSubject(customerId, addresses, threads);
    }

    /// <summary>
    /// Forgets the customer: Redis first (their contacts in flight are cancelled and their agents
    /// told, then every key holding their data is deleted, thread by thread), then the CRM. Runs to
    /// the end once started, whatever happens to the call.
    /// </summary>
    public async Task<ErasureResult> EraseAsync(string tenant, DataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        cancellationToken.ThrowIfCancellationRequested();
        var erased = new List<string>();
        var cancelled = new List<string>();
        foreach (var thread in subject.ThreadKeys)
        {
            var reply = await store.EraseThreadAsync(new EraseCommand(tenant, thread, ErasureReason, time.GetUtcNow(), routing.Value.Node), CancellationToken.None).ConfigureAwait(false);
            dispatcher.Dispatch(tenant, reply.Events);
            erased.AddRange(reply.Erased);
            cancelled.AddRange(reply.Cancelled);
        }

        var rows = await crm.EraseAsync(tenant, subject.CustomerId, subject.Addresses, erased, CancellationToken.None).ConfigureAwait(false);
        return new ErasureResult(subject.CustomerId, erased, cancelled, rows);
    }

    /// <summary>Everything held about the customer, as JSON (see <see cref="CustomerExportWriter"/>).</summary>
    public async Task<ExportResult> ExportAsync(string tenant, DataSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var threads = new List<ThreadExport>();
        foreach (var thread in subject.ThreadKeys)
        {
            if (await store.ExportThreadAsync(tenant, thread, cancellationToken).ConfigureAwait(false) is { } found)
            {
                threads.Add(found);
            }
        }

        var records = await crm.ExportAsync(tenant, subject.CustomerId, subject.Addresses, cancellationToken).ConfigureAwait(false);
        var json = CustomerExportWriter.Write(tenant, subject, records, threads, time.GetUtcNow());
        return new ExportResult(subject.CustomerId, json, threads.Sum(t => t.Contacts.Count));
    }

    private IEnumerable<(ChannelDefinition Channel, string Address)> Parse(string address, string? channel, SubjectFields fields)
    {
        var config = configuration.Current;
        var countryCode = config.IngestLimits.DefaultCountryCode;
        if (!string.IsNullOrWhiteSpace(channel))
        {
            if (!config.Catalog.TryGet(channel.Trim().ToLowerInvariant(), out var definition))
            {
                RoutingErrors.InvalidArgument(fields.Channel, $"unknown channel '{channel}'");
            }

            var normalised = AddressNormalizer.TryNormalize(definition.AddressKind, address, countryCode, out var error);
            if (normalised is null)
            {
                RoutingErrors.InvalidArgument(fields.Address, error);
            }

            return [(definition, normalised)];
        }

        // Every channel that accepts it: a phone number is looked for on voice, SMS and WhatsApp
        // alike, and as a handle too (a sender may have used it as one). Too many threads cost a
        // lookup each; a missed one would keep the customer's data.
        var parsed = config.Catalog.All
            .Select(c => (Channel: c, Address: AddressNormalizer.TryNormalize(c.AddressKind, address, countryCode, out _)))
            .Where(p => p.Address is not null)
            .Select(p => (p.Channel, p.Address!))
            .ToList();
        if (parsed.Count == 0)
        {
            RoutingErrors.InvalidArgument(fields.Address, "no configured channel accepts this address");
        }

        return parsed;
    }
}
