namespace Routing.Core.Customers;

/// <summary>The CRM side of a customer's data rights: what it holds about them, and forgetting it.</summary>
public interface ICustomerPrivacy
{
    /// <summary>The addresses the CRM knows for the customer, on every channel.</summary>
    Task<IReadOnlyList<CustomerAddress>> FindAddressesAsync(string tenant, string customerId, CancellationToken cancellationToken);

    /// <summary>Every row about the customer (by id, when known) or written for their addresses (unknown senders' interactions).</summary>
    Task<CrmExport> ExportAsync(string tenant, string? customerId, IReadOnlyList<CustomerAddress> addresses, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the customer's record, addresses, consents, cases and agent relationships, and every
    /// interaction row of the customer, of their addresses or of <paramref name="contactIds"/>, so
    /// that none of it stays readable in the database files. Returns the number of rows deleted.
    /// </summary>
    Task<int> EraseAsync(string tenant, string? customerId, IReadOnlyList<CustomerAddress> addresses, IReadOnlyList<string> contactIds, CancellationToken cancellationToken);
}
