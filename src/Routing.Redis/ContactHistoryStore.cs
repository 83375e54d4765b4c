using System.Globalization;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Reads what the scripts recorded about contacts for supervisors: a contact with its outcome, and
/// a customer's journey across channels, newest first and paged, merged from the journeys of the
/// customer's threads (<c>j:{thread}</c>, already trimmed to the retention). Each page costs
/// O(log N + page) per thread; nothing scans keys.
/// </summary>
public sealed class ContactHistoryStore(IConnectionMultiplexer redis)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The contact and its outcome; null when the tenant holds no such contact.</summary>
    public async Task<ContactRecord?> GetContactAsync(string tenant, string contactId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var fields = await ContactHash.ReadAsync(Db, new RoutingKeys(tenant), contactId).ConfigureAwait(false);
        return fields is null ? null : ToRecord(fields);
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> contacts of the threads, newest first, after the position
    /// <paramref name="pageToken"/> names ("" for the first page). The token is the arrival time and
    /// id of the last contact read, so contacts arriving meanwhile (always newer) never shift a page.
    /// </summary>
    /// <exception cref="FormatException">The token is not one this store issued.</exception>
    public async Task<JourneyPage> GetJourneyAsync(string tenant, IReadOnlyList<string> threadKeys, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(threadKeys);
        cancellationToken.ThrowIfCancellationRequested();
        var after = ParseToken(pageToken);
        var keys = new RoutingKeys(tenant);
        var candidates = new List<SortedSetEntry>();
        foreach (var thread in threadKeys.Distinct(StringComparer.Ordinal))
        {
            var journey = keys.Journey(thread);
            if (after is not { } cursor)
            {
                candidates.AddRange(await Db.SortedSetRangeByScoreWithScoresAsync(journey, order: Order.Descending, take: pageSize + 1).ConfigureAwait(false));
                continue;
            }

            // Older than the cursor, then the cursor's own millisecond: only ids after it (Redis orders ties by member).
            candidates.AddRange(await Db.SortedSetRangeByScoreWithScoresAsync(journey, double.NegativeInfinity, cursor.At, Exclude.Stop, Order.Descending, 0, pageSize + 1).ConfigureAwait(false));
            candidates.AddRange((await Db.SortedSetRangeByScoreWithScoresAsync(journey, cursor.At, cursor.At).ConfigureAwait(false))
                .Where(e => string.CompareOrdinal((string)e.Element!, cursor.ContactId) < 0));
        }

        var ordered = candidates
            .DistinctBy(e => (string)e.Element!)
            .OrderByDescending(e => e.Score)
            .ThenByDescending(e => (string)e.Element!, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        var page = ordered.Take(pageSize).ToList();
        var batch = Db.CreateBatch();
        var reads = page.Select(e => batch.HashGetAllAsync(keys.Contact((string)e.Element!))).ToList();
        batch.Execute();
        var found = new List<Dictionary<string, string>>(page.Count);
        foreach (var read in reads)
        {
            // A contact erased meanwhile is skipped; the page stays a page of the journey.
            if (await read.ConfigureAwait(false) is { Length: > 0 } entries)
            {
                found.Add(ContactHash.Read(entries));
            }
        }

        await ContactHash.WithSnapshotsAsync(Db, keys, found).ConfigureAwait(false);
        var contacts = found.Select(ToRecord).ToList();

        var next = ordered.Count > pageSize ? string.Create(Invariant, $"{page[^1].Score:0}:{page[^1].Element}") : "";
        return new JourneyPage(contacts, next);
    }

    private static (double At, string ContactId)? ParseToken(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var colon = token.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == token.Length - 1 || !long.TryParse(token.AsSpan(0, colon), NumberStyles.Integer, Invariant, out var ms))
        {
            throw new FormatException("The page token is not one this server issued.");
        }

        return (ms, token[(colon + 1)..]);
    }

    private static ContactRecord ToRecord(Dictionary<string, string> f)
    {
        string Get(string name) => f.TryGetValue(name, out var v) ? v : "";
        DateTimeOffset? At(string name) => long.TryParse(Get(name), NumberStyles.Integer, Invariant, out var ms) && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        var state = Get(ContactFields.State);
        var outcome = new StoredOutcome(
            state,
            state == ContactStates.Offered ? Get(ContactFields.OfferedAgent) : Get(ContactFields.Agent),
            At(ContactFields.AcceptedAt),
            At(ContactFields.CompletedAt),
            state == ContactStates.Cancelled ? At(ContactFields.EndedAt) : null,
            Get(ContactFields.Disposition),
            At(ContactFields.WrittenBackAt),
            int.TryParse(Get(ContactFields.Offers), NumberStyles.Integer, Invariant, out var offers) ? offers : 0);
        return new ContactRecord(ContactQueueStore.ToContact(f), outcome);
    }
}
