namespace Routing.Server.Outbound;

/// <summary>
/// What Outreach.Send did: the delivery, its channel and why, when it goes (<see cref="SendAt"/>;
/// later than now when <see cref="Deferred"/>, <see cref="Hold"/> saying why), or that it was sent
/// before (<see cref="Existing"/>: same source and external id; <see cref="Duplicate"/>: same content
/// within the duplicate window). When a communication limit refused it, <see cref="DeliveryId"/> is empty and
/// <see cref="NotBefore"/> says when it may go (null: not within the next week).
/// </summary>
public sealed record OutreachResult(
    string DeliveryId,
    string CustomerId,
    string Channel,
    string Reason,
    bool Existing,
    bool Duplicate,
    bool Deferred,
    DateTimeOffset? SendAt,
    string Hold,
    DateTimeOffset? NotBefore = null,
    TimeSpan? RetryAfter = null)
{
    public bool Limited => DeliveryId.Length == 0;
}
