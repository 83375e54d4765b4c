namespace Routing.Core.Customers;

/// <summary>A customer's normalised address on one channel.</summary>
public sealed record CustomerAddress(string Channel, string Address);
