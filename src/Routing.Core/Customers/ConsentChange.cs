namespace Routing.Core.Customers;

/// <summary>One change of a customer's consent on one channel, e.g. a STOP reported by a gateway.</summary>
public sealed record ConsentChange(string Tenant, string CustomerId, string Channel, bool OptedIn, DateTimeOffset ChangedAt);
