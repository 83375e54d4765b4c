using Routing.Core.Customers;

namespace Routing.Server.DataProtection;

/// <summary>
/// Whom a privacy request is about, resolved: the CRM customer (if any), every address known for
/// them (normalised, per channel) and the Redis threads that can hold their contacts: the customer
/// thread and one address thread per address (contacts from before the CRM knew them, or queued
/// while the CRM did not answer).
/// </summary>
public sealed record DataSubject(string? CustomerId, IReadOnlyList<CustomerAddress> Addresses, IReadOnlyList<string> ThreadKeys);
