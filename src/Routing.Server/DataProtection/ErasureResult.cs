namespace Routing.Server.DataProtection;

/// <summary>What an erasure removed: contacts deleted from Redis (and those cancelled in flight first) and CRM rows.</summary>
public sealed record ErasureResult(string? CustomerId, IReadOnlyList<string> ErasedContacts, IReadOnlyList<string> CancelledContacts, int CrmRowsDeleted)
{
    public bool NothingFound => ErasedContacts.Count == 0 && CrmRowsDeleted == 0;
}
