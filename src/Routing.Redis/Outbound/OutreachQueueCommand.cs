using Routing.Core.Outbound;

namespace Routing.Redis.Outbound;

/// <summary>
/// Queue an outreach <see cref="Message"/> under the customer's limits and quiet hours
/// (outreach_queue.lua). <see cref="Source"/> and <see cref="ExternalId"/> are the idempotency key;
/// <see cref="ContentHash"/> within <see cref="DuplicateWindow"/> answers an identical message with
/// the first; <see cref="Periods"/> are the customer's open periods from now on (outside quiet hours).
/// </summary>
public sealed record OutreachQueueCommand(
    string Tenant,
    OutboundMessage Message,
    string Source,
    string ExternalId,
    string Reason,
    TimeSpan SourceRetention,
    string ContentHash,
    TimeSpan DuplicateWindow,
    bool Defer,
    IReadOnlyList<CommunicationLimit> Limits,
    IReadOnlyList<OpenPeriod> Periods,
    DateTimeOffset Now,
    string Node);
