namespace Routing.Core.Customers;

/// <summary>The CRM's record of consent. Writes are idempotent: a change written twice leaves one result, and an older change never overwrites a newer one.</summary>
public interface IConsentLog
{
    Task RecordAsync(ConsentChange change, CancellationToken cancellationToken);
}
