using System.Globalization;
using System.Text.Json;
using Routing.Core.Privacy;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// A tenant's audit trail: a sorted set of JSON entries by time ("audit"), trimmed to the audit
/// retention on every write (audit.lua), read newest first in pages.
/// </summary>
public sealed class AuditTrail(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>Appends the entry and drops the tenant's entries older than <paramref name="retention"/>.</summary>
    public async Task AppendAsync(AuditEntry entry, TimeSpan retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        await LuaScripts.Audit.RunAsync(Db, AuditScript.Keys(entry.Tenant), AuditScript.Args(entry, retention), static r => r, new ScriptTags(entry.Tenant)).ConfigureAwait(false);
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> entries, newest first, from the position a previous page's
    /// <see cref="AuditPage.NextPageToken"/> names ("" for the first page). The token is the time of
    /// the last entry read and how many entries of that very time were read, so entries written
    /// meanwhile (always newer) never shift a page.
    /// </summary>
    public async Task<AuditPage> ReadAsync(string tenant, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!TryParseToken(pageToken, out var max, out var skip))
        {
            throw new FormatException("The page token is not one this server issued.");
        }

        var items = await Db.SortedSetRangeByScoreWithScoresAsync(
            new RoutingKeys(tenant).Audit, double.NegativeInfinity, max, Exclude.None, Order.Descending, skip, pageSize + 1).ConfigureAwait(false);
        var page = items.Take(pageSize).ToList();
        var entries = page.Select(i => JsonSerializer.Deserialize((string)i.Element!, RedisJsonContext.Default.AuditEntry)!).ToList();
        if (items.Length <= pageSize)
        {
            return new AuditPage(entries, "");
        }

        var last = page[^1].Score;
        var sameTime = page.Count(i => i.Score == last) + (last == max ? skip : 0);
        return new AuditPage(entries, string.Create(CultureInfo.InvariantCulture, $"{last:0}:{sameTime}"));
    }

    private static bool TryParseToken(string token, out double max, out long skip)
    {
        max = double.PositiveInfinity;
        skip = 0;
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        var parts = token.Split(':');
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out skip)
            && skip >= 0
            && (max = ms) == ms;
    }
}
