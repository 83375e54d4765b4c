namespace Routing.Server.Outbound;

/// <summary>
/// A system's message to a customer (Outreach.Send): to <see cref="CustomerId"/>, or to the customer
/// the CRM knows at (<see cref="Channel"/>, <see cref="Address"/>). Idempotent by (<see cref="Source"/>,
/// <see cref="ExternalId"/>). <see cref="Defer"/>: over a communication limit, wait instead of refusing.
/// </summary>
public sealed record OutreachOrder(
    string CustomerId,
    string Channel,
    string Address,
    string Text,
    IReadOnlyList<string> Attachments,
    string Source,
    string ExternalId,
    bool Defer);
