using System.Diagnostics.Metrics;

namespace Routing.Core.Telemetry;

/// <summary>
/// Every instrument the router publishes, under the meter "Routing". One instance per host,
/// built from <see cref="IMeterFactory"/> so tests can observe it.
/// </summary>
public sealed class RoutingMetrics
{
    public const string MeterName = "Routing";

    private readonly Counter<long> _received;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _queued;
    private readonly Counter<long> _cancelled;
    private readonly Counter<long> _crmDegraded;
    private readonly Histogram<double> _crmLookup;
    private readonly Histogram<double> _enqueue;
    private readonly Counter<long> _desk;
    private readonly Histogram<double> _offerWait;
    private readonly Counter<long> _writeBack;
    private readonly UpDownCounter<long> _sessions;
    private readonly Histogram<double> _queueWait;
    private readonly Counter<long> _deadLettered;
    private IReadOnlyList<QueueDepth> _depths = [];

    public RoutingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("routing.contacts.received", "{contact}", "Contacts submitted by gateways.");
        _rejected = meter.CreateCounter<long>("routing.contacts.rejected", "{contact}", "Contacts rejected before anything was written.");
        _queued = meter.CreateCounter<long>("routing.contacts.queued", "{contact}", "Contacts accepted: queued, merged into a waiting contact, or recognised as a duplicate.");
        _cancelled = meter.CreateCounter<long>("routing.contacts.cancelled", "{contact}", "Waiting contacts abandoned by the customer.");
        _crmDegraded = meter.CreateCounter<long>("routing.crm.degraded", "{contact}", "Contacts queued with partial customer context because the CRM failed or was slow.");
        _crmLookup = meter.CreateHistogram("routing.crm.lookup.duration", "s", "CRM customer lookup latency.", advice: Fast);
        _enqueue = meter.CreateHistogram("routing.contacts.enqueue.duration", "s", "Time from receipt to the durable queue write.", advice: Fast);
        _desk = meter.CreateCounter<long>("routing.desk.events", "{event}", "Offer lifecycle and desk commands: offered, accepted, declined, expired, revoked, completed, transferred, desk_error.");
        _offerWait = meter.CreateHistogram("routing.offer.wait", "s", "Time from enqueue to the offer reaching the agent's stream.", advice: Waits);
        _writeBack = meter.CreateCounter<long>("routing.crm.writeback", "{interaction}", "Interactions written back to the CRM (outcome written / already / failed).");
        _sessions = meter.CreateUpDownCounter<long>("routing.desk.sessions", "{session}", "Agent desk streams connected to this node.");
        _queueWait = meter.CreateHistogram("routing.queue.wait.duration", "s", "Time a contact waited from enqueue until an agent accepted it.", advice: Waits);
        _deadLettered = meter.CreateCounter<long>("routing.contacts.dead_lettered", "{contact}", "Waiting contacts flagged because no logged-in agent can serve them (dead letters).");
        meter.CreateObservableGauge("routing.queue.depth", ObserveDepths, "{contact}", "Contacts waiting per tenant and queue, as last sampled from Redis.");
    }

    /// <summary>Bucket bounds for store and CRM round trips (seconds): 1 ms to 5 s.</summary>
    private static InstrumentAdvice<double> Fast { get; } = new() { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] };

    /// <summary>Bucket bounds for customers' waits (seconds): 100 ms to an hour.</summary>
    private static InstrumentAdvice<double> Waits { get; } = new() { HistogramBucketBoundaries = [0.1, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1800, 3600] };

    public void ContactReceived(string channel) => _received.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public void ContactRejected(string channel, string reason) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("reason", reason));

    /// <param name="outcome">"queued", "merged" or "duplicate".</param>
    public void ContactQueued(string channel, string queue, string outcome, TimeSpan elapsed)
    {
        _queued.Add(
            1,
            new KeyValuePair<string, object?>("channel", channel),
            new KeyValuePair<string, object?>("queue", queue),
            new KeyValuePair<string, object?>("outcome", outcome));
        _enqueue.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("channel", channel));
    }

    public void ContactDeadLettered(string queue) => _deadLettered.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public void ContactCancelled(string channel) => _cancelled.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <param name="outcome">"found", "unknown", "cached", "error" or "timeout".</param>
    public void CrmLookup(TimeSpan elapsed, string outcome) =>
        _crmLookup.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void CrmDegraded(string channel) => _crmDegraded.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <param name="kind">offered, accepted, declined, expired, revoked, completed, transferred, desk_error.</param>
    public void Desk(string kind, string channel = "") =>
        _desk.Add(1, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("channel", channel));

    public void OfferDelivered(string channel, TimeSpan sinceEnqueue) =>
        _offerWait.Record(sinceEnqueue.TotalSeconds, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>An agent accepted a contact that had waited <paramref name="waited"/> since it was enqueued.</summary>
    public void ContactAnswered(string channel, string queue, TimeSpan waited) =>
        _queueWait.Record(waited.TotalSeconds, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("queue", queue));

    /// <summary>The latest sample of every queue's depth; the gauge reports it until the next one.</summary>
    public void QueueDepths(IReadOnlyList<QueueDepth> depths) => Volatile.Write(ref _depths, depths);

    /// <param name="outcome">"written", "already" or "failed".</param>
    public void WriteBack(string outcome) => _writeBack.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void SessionOpened(string tenant) => _sessions.Add(1, new KeyValuePair<string, object?>("tenant", tenant));

    public void SessionClosed(string tenant) => _sessions.Add(-1, new KeyValuePair<string, object?>("tenant", tenant));

    private IEnumerable<Measurement<long>> ObserveDepths() =>
        Volatile.Read(ref _depths).Select(d => new Measurement<long>(
            d.Waiting,
            new KeyValuePair<string, object?>("tenant", d.Tenant),
            new KeyValuePair<string, object?>("queue", d.Queue)));
}
