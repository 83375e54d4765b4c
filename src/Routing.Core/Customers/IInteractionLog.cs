namespace Routing.Core.Customers;

/// <summary>The CRM's interaction history. Writes are idempotent on (tenant, contact id).</summary>
public interface IInteractionLog
{
    /// <summary>Records the interaction; returns false when it had already been recorded.</summary>
    Task<bool> RecordAsync(InteractionRecord interaction, CancellationToken cancellationToken);
}
