namespace Routing.Core.Customers;

/// <summary>Every CRM row held about a customer, by table, each row as its columns (the right of access).</summary>
public sealed record CrmExport(IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>> Tables);
