namespace Routing.Server.DataProtection;

/// <summary>A customer's data as one JSON document, and how many contacts it holds.</summary>
public sealed record ExportResult(string? CustomerId, string Json, int Contacts);
