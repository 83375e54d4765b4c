using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Consent changes made through the router (a gateway's opt-out, Outreach.UpdateConsent): held per
/// customer in Redis, so every node sees them at once over its cached CRM context, and queued for
/// the CRM write-back in the same script. A change leaves the queue only once the CRM has it.
/// </summary>
public sealed class ConsentStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>Records the change and queues its write-back; false when a newer change is held already.</summary>
    public Task<bool> UpdateAsync(string tenant, ConsentOverride change, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(change);
        return LuaScripts.ConsentUpdate.RunAsync(Db, ConsentScript.Keys(tenant, change.CustomerId), ConsentScript.UpdateArgs(change, now), static r => (long)r == 1, new ScriptTags(tenant));
    }

    /// <summary>The customer's changes, by channel (lower case).</summary>
    public async Task<IReadOnlyDictionary<string, ConsentOverride>> GetAsync(string tenant, string customerId)
    {
        var entries = await Db.HashGetAllAsync(new RoutingKeys(tenant).ConsentOverrides(customerId)).ConfigureAwait(false);
        var result = new Dictionary<string, ConsentOverride>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            if (ConsentOverride.Decode(customerId, entry.Name!, entry.Value) is { } change)
            {
                result[change.Channel] = change;
            }
        }

        return result;
    }

    /// <summary>Up to <paramref name="count"/> queued write-backs due at <paramref name="now"/>, with the change each holds now (null: erased meanwhile).</summary>
    public async Task<IReadOnlyList<(string CustomerId, string Channel, ConsentOverride? Change)>> DueAsync(string tenant, DateTimeOffset now, int count)
    {
        var keys = new RoutingKeys(tenant);
        var due = await Db.SortedSetRangeByScoreAsync(keys.ConsentWriteBack, double.NegativeInfinity, now.ToUnixTimeMilliseconds(), take: count).ConfigureAwait(false);
        var result = new List<(string, string, ConsentOverride?)>(due.Length);
        foreach (var member in due)
        {
            var text = (string)member!;
            var bar = text.LastIndexOf('|');
            if (bar <= 0)
            {
                continue;
            }

            var (customerId, channel) = (text[..bar], text[(bar + 1)..]);
            var value = await Db.HashGetAsync(keys.ConsentOverrides(customerId), channel).ConfigureAwait(false);
            result.Add((customerId, channel, ConsentOverride.Decode(customerId, channel, value)));
        }

        return result;
    }

    /// <summary>The CRM holds <paramref name="change"/>: its write-back leaves the queue unless a newer change waits.</summary>
    public Task<bool> ConfirmAsync(string tenant, ConsentOverride change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return LuaScripts.ConsentConfirm.RunAsync(Db, ConsentScript.Keys(tenant, change.CustomerId), ConsentScript.ConfirmArgs(change), static r => (long)r == 1, new ScriptTags(tenant));
    }

    /// <summary>The CRM write failed: try again at <paramref name="retryAt"/>.</summary>
    public Task RetryAsync(string tenant, string customerId, string channel, DateTimeOffset retryAt) =>
        Db.SortedSetAddAsync(new RoutingKeys(tenant).ConsentWriteBack, customerId + "|" + channel, retryAt.ToUnixTimeMilliseconds(), SortedSetWhen.Exists);

    public Task<long> CountWriteBackAsync(string tenant) => Db.SortedSetLengthAsync(new RoutingKeys(tenant).ConsentWriteBack);
}
