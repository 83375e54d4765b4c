namespace Routing.Redis;

/// <summary>The CRM holds the contact's interaction (<paramref name="Detail"/> says how: written now, or found already there).</summary>
public sealed record ConfirmWriteBackCommand(string Tenant, string ContactId, string Detail, DateTimeOffset Now, string Node);
