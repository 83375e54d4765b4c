namespace Routing.Core.Customers;

/// <summary>The CRM seen from the router: who is behind a channel address.</summary>
public interface ICustomerDirectory
{
    /// <summary>Returns the tenant's customer reachable at <paramref name="address"/> on <paramref name="channel"/>, or null when unknown.</summary>
    Task<CustomerContext?> FindByAddressAsync(string tenant, string channel, string address, CancellationToken cancellationToken);
}
