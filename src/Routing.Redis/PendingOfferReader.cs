using System.Globalization;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Reads back the offers Redis holds open for one agent session, as the offer events the script
/// that made them emitted. The wake-up that carries an offer to the agent's node is pub/sub, which
/// is lost if the publishing node dies before publishing or the agent's node is re-subscribing after
/// a Redis restart; the offer itself is committed. Reads only: three round trips at most, pipelined.
/// </summary>
public sealed class PendingOfferReader(IConnectionMultiplexer redis)
{
    private static readonly RedisValue[] OfferFields = ["state", "oid", "oagent", "oexp", "oreason", "odetail", "offered"];

    /// <summary>
    /// The offers open for <paramref name="sessionId"/> made before <paramref name="offeredBefore"/>
    /// (younger ones may still be on their way); none if the session is no longer the agent's live one.
    /// </summary>
    public async Task<IReadOnlyList<RoutingEvent>> ReadAsync(string tenant, string node, string agentId, string sessionId, DateTimeOffset offeredBefore)
    {
        var keys = new RoutingKeys(tenant);
        var db = redis.GetDatabase();
        var liveSession = db.HashGetAsync(keys.Agent(agentId), "sess");
        var holdings = db.HashGetAllAsync(keys.AgentHoldings(agentId));
        await Task.WhenAll(liveSession, holdings).ConfigureAwait(false);
        var offered = holdings.Result.Where(h => ((string?)h.Value ?? "").StartsWith("o|", StringComparison.Ordinal)).Select(h => (string)h.Name!).ToList();
        if ((string?)liveSession.Result != sessionId || offered.Count == 0)
        {
            return [];
        }

        var contacts = offered.Select(id => (Id: id, Fields: db.HashGetAsync(keys.Contact(id), OfferFields))).ToList();
        await Task.WhenAll(contacts.Select(c => c.Fields)).ConfigureAwait(false);
        var before = offeredBefore.ToUnixTimeMilliseconds();
        var events = new List<RoutingEvent>();
        foreach (var (id, fields) in contacts)
        {
            var f = fields.Result;
            if ((string?)f[0] == ContactStates.Offered && (string?)f[2] == agentId && Ms(f[6]) <= before)
            {
                events.Add(new RoutingEvent(RoutingEventKind.Offer, agentId, node, sessionId, id, (string?)f[1] ?? "", (string?)f[4] ?? "", (string?)f[5] ?? "", Ms(f[3])));
            }
        }

        return events;
    }

    private static long Ms(RedisValue value) => long.TryParse((string?)value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : long.MaxValue;
}
