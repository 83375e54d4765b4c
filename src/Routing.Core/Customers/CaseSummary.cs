namespace Routing.Core.Customers;

/// <summary>One of a customer's open CRM cases.</summary>
public sealed record CaseSummary(string CaseId, string Subject, string Status, DateTimeOffset? OpenedAt);
