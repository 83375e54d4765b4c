namespace Routing.Core.Privacy;

/// <summary>
/// One line of a tenant's audit trail: who (the credential's subject) did what to which record.
/// It holds ids only (contact, customer, agent, queue), never an address, a name or a text, so the
/// trail itself needs no erasure.
/// </summary>
/// <param name="Action">What was done: one of <see cref="AuditActions"/>, or a later action's own word.</param>
/// <param name="Target">The id acted on (a contact id, a customer id).</param>
/// <param name="Detail">Ids and counts that say more ("to queue billing", "3 contacts erased"), no personal data.</param>
public sealed record AuditEntry(string Id, DateTimeOffset At, string Tenant, string Actor, string Action, string Target, string Detail);
