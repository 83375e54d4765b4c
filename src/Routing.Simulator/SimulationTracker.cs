using System.Collections.Concurrent;
using System.Diagnostics;

namespace Routing.Simulator;

/// <summary>
/// What the simulation saw, contact by contact, and the invariants it checks from those observations:
/// no contact assigned to two agents, none over an agent's capacity, none lost.
/// </summary>
public sealed class SimulationTracker
{
    private readonly ConcurrentDictionary<string, ContactTrack> _contacts = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<(double At, double Ms)> _offerSeries = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public LatencyRecorder OfferLatency { get; } = new();

    public LatencyRecorder WaitTime { get; } = new();

    public LatencyRecorder SubmitLatency { get; } = new();

    private int _submitted;
    private int _merged;
    private int _offers;
    private int _declines;
    private int _assigned;
    private int _completed;
    private int _disconnects;
    private int _deskErrors;
    private int _submitErrors;

    public int Submitted => Volatile.Read(ref _submitted);

    public int Merged => Volatile.Read(ref _merged);

    public int Offers => Volatile.Read(ref _offers);

    public int Declines => Volatile.Read(ref _declines);

    public int Assigned => Volatile.Read(ref _assigned);

    public int Completed => Volatile.Read(ref _completed);

    public int Disconnects => Volatile.Read(ref _disconnects);

    public int DeskErrors => Volatile.Read(ref _deskErrors);

    public int SubmitErrors => Volatile.Read(ref _submitErrors);

    public void CountDecline() => Interlocked.Increment(ref _declines);

    public void CountDisconnect() => Interlocked.Increment(ref _disconnects);

    public void CountDeskError() => Interlocked.Increment(ref _deskErrors);

    public void CountSubmitError() => Interlocked.Increment(ref _submitErrors);

    public double Elapsed => _clock.Elapsed.TotalSeconds;

    public IReadOnlyCollection<string> Violations => _violations;

    public IReadOnlyCollection<(double At, double Ms)> OfferSeries => _offerSeries;

    public int Waiting => _contacts.Values.Count(c => c.AssignedTo is null && c.Completed is null);

    public IEnumerable<ContactTrack> Contacts => _contacts.Values;

    public void Violation(string message) => _violations.Enqueue(message);

    public void OnSubmitted(string contactId, string channel, bool merged)
    {
        if (merged)
        {
            Interlocked.Increment(ref _merged);
            return;
        }

        // The offer may reach a desk before the submit's reply reaches the gateway.
        _contacts.GetOrAdd(contactId, id => new ContactTrack(id, channel, Elapsed));
        Interlocked.Increment(ref _submitted);
    }

    public void OnOffered(string contactId, TimeSpan sinceEnqueue)
    {
        Interlocked.Increment(ref _offers);
        var track = _contacts.GetOrAdd(contactId, id => new ContactTrack(id, "", Elapsed));
        lock (track)
        {
            if (track.FirstOfferAt is not null)
            {
                return; // a re-offer after a decline or a drop: enqueue-to-offer counts the first offer only
            }

            track.FirstOfferAt = Elapsed;
        }

        var ms = Math.Max(0, sinceEnqueue.TotalMilliseconds);
        OfferLatency.Record(TimeSpan.FromMilliseconds(ms));
        _offerSeries.Enqueue((Elapsed, ms));
    }

    /// <summary>An agent was assigned the contact: it must not be held by another agent.</summary>
    public void OnAssigned(string contactId, string agentId)
    {
        Interlocked.Increment(ref _assigned);
        var track = _contacts.GetOrAdd(contactId, id => new ContactTrack(id, "", Elapsed));
        lock (track)
        {
            if (track.AssignedTo is { } other && other != agentId)
            {
                Violation($"{contactId} assigned to {agentId} while {other} holds it");
            }
            else if (track.Completed is not null)
            {
                Violation($"{contactId} assigned to {agentId} after it was completed");
            }

            track.AssignedTo = agentId;
            track.AssignedAt ??= Elapsed;
            track.Assignments++;
        }

        WaitTime.Record(TimeSpan.FromSeconds(track.AssignedAt.Value - track.SubmittedAt));
    }

    public void OnCompleted(string contactId, string agentId)
    {
        Interlocked.Increment(ref _completed);
        if (_contacts.TryGetValue(contactId, out var track))
        {
            lock (track)
            {
                track.Completed = Elapsed;
                track.AssignedTo = null;
                track.CompletedBy = agentId;
            }
        }
    }

    /// <summary>The contact left the agent without completion (returned to the queue after a long disconnect).</summary>
    public void OnReleased(string contactId, string agentId)
    {
        if (_contacts.TryGetValue(contactId, out var track))
        {
            lock (track)
            {
                if (track.AssignedTo == agentId)
                {
                    track.AssignedTo = null;
                }
            }
        }
    }

    /// <summary>Per-second buckets of the enqueue-to-offer latency: (second, count, p50, p99).</summary>
    public IReadOnlyList<(int Second, int Count, double P50, double P99)> OfferTimeline()
    {
        return [.. _offerSeries.GroupBy(s => (int)s.At).OrderBy(g => g.Key).Select(g =>
        {
            var sorted = g.Select(s => s.Ms).Order().ToArray();
            return (g.Key, sorted.Length, sorted[(int)Math.Ceiling(0.5 * sorted.Length) - 1], sorted[(int)Math.Ceiling(0.99 * sorted.Length) - 1]);
        })];
    }
}

/// <summary>One submitted contact as the simulation saw it (times in seconds since the start).</summary>
public sealed class ContactTrack(string contactId, string channel, double submittedAt)
{
    public string ContactId { get; } = contactId;

    public string Channel { get; } = channel;

    public double SubmittedAt { get; } = submittedAt;

    public double? FirstOfferAt { get; set; }

    public double? AssignedAt { get; set; }

    public string? AssignedTo { get; set; }

    public int Assignments { get; set; }

    public double? Completed { get; set; }

    public string? CompletedBy { get; set; }
}
