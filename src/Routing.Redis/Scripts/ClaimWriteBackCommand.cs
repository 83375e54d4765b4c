namespace Routing.Redis;

/// <summary>Claims completed contacts due for CRM write-back, leasing them for <paramref name="Lease"/> (claim_writeback.lua).</summary>
public sealed record ClaimWriteBackCommand(string Tenant, int Batch, TimeSpan Lease, DateTimeOffset Now);
