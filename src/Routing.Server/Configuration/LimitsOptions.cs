namespace Routing.Server.Configuration;

/// <summary>
/// Abuse limits that protect the node and the shared Redis from one tenant, queue or desk
/// (section "Limits"). Zero means no limit, except for the desk outbox, which is always bounded.
/// </summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Limits";

    /// <summary>Admission control: the most contacts any queue may hold waiting; a contact over it is refused with RESOURCE_EXHAUSTED "queue_full".</summary>
    public long MaxWaitingContacts { get; set; }

    /// <summary>Per queue, overriding <see cref="MaxWaitingContacts"/> (0 = no limit for that queue).</summary>
    public Dictionary<string, long> MaxWaitingContactsByQueue { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The most desk streams one tenant may hold open on this node; one more is refused with RESOURCE_EXHAUSTED "desk_streams_exhausted".</summary>
    public int MaxDeskStreamsPerTenant { get; set; }

    /// <summary>
    /// Messages a desk stream may have waiting to be written to a desk that does not read them. A
    /// desk that lets this many pile up is ended with RESOURCE_EXHAUSTED "desk_too_slow".
    /// </summary>
    public int DeskOutboxCapacity { get; set; } = 1024;

    /// <summary>
    /// How long the message being written when a desk overflowed may take to go through, so that a
    /// desk that reads again sees "desk_too_slow"; after it the stream is reset. The desk's offers
    /// do not wait for this: they go back in line as soon as the outbox fills.
    /// </summary>
    public TimeSpan SlowDeskWriteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public long MaxWaitingFor(string queue) =>
        MaxWaitingContactsByQueue.TryGetValue(queue, out var limit) ? limit : MaxWaitingContacts;
}
