using Microsoft.Extensions.Options;
using Routing.Core.Customers;

namespace Routing.Crm;

/// <summary>
/// The addresses the CRM knows for a customer, cached like their context (Crm:CacheTtl), for what
/// runs on every desk offer (the channels a reply may use). A new address reaches offers within
/// Crm:CacheTtl; an erasure on this node is seen at once (<see cref="CustomerContextCache.ForgetCustomer"/>).
/// Data rights (export, erasure) read the CRM itself through <see cref="ICustomerPrivacy"/>, never this cache.
/// </summary>
public sealed class CustomerAddresses(ICustomerPrivacy crm, CustomerContextCache cache, IOptions<CrmOptions> options)
{
    private readonly TimeSpan _ttl = options.Value.CacheTtl;

    public async Task<IReadOnlyList<CustomerAddress>> FindAsync(string tenant, string customerId, CancellationToken cancellationToken)
    {
        if (cache.TryGetAddresses(tenant, customerId, out var cached))
        {
            return cached;
        }

        var erasures = cache.Erasures;
        var found = await crm.FindAddressesAsync(tenant, customerId, cancellationToken).ConfigureAwait(false);
        cache.SetAddresses(tenant, customerId, found, _ttl, erasures);
        return found;
    }
}
