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
    /// Whether <paramref name="sessionId"/> is still the agent's live session (connected, not
    /// replaced, its node not declared dead), and its open offers made before
    /// <paramref name="offeredBefore"/> (younger ones may still be on their way).
    /// </summary>
    public async Task<PendingOffers> ReadAsync(string tenant, string node, string agentId, string sessionId, DateTimeOffset offeredBefore)
    {
        var keys = new RoutingKeys(tenant);
        var db = redis.GetDatabase();
        var agent = db.HashGetAsync(keys.Agent(agentId), ["sess", "conn"]);
        var holdings = db.HashGetAllAsync(keys.AgentHoldings(agentId));
        await Task.WhenAll(agent, holdings).ConfigureAwait(false);
        var live = (string?)agent.Result[0] == sessionId && (string?)agent.Result[1] == "1";
        var offered = holdings.Result.Where(h => ((string?)h.Value ?? "").StartsWith("o|", StringComparison.Ordinal)).Select(h => (string)h.Name!).ToList();
        if (!live || offered.Count == 0)
        {
            return new PendingOffers(live, []);
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
                events.Add(new RoutingEvent(RoutingEventKind.Offer, agentId, node, sessionId, id, (string?)f[1] ?? "")
                {
                    OfferReason = EngineWords.ParseOfferReason((string?)f[4] ?? ""),
                    OfferDetail = (string?)f[5] ?? "",
                    ExpiresAt = Ms(f[3]),
                });
            }
        }

        return new PendingOffers(true, events);
    }

    private static long Ms(RedisValue value) => long.TryParse((string?)value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : long.MaxValue;
}

/// <summary>What <see cref="PendingOfferReader"/> found for one session.</summary>
public sealed record PendingOffers(bool SessionLive, IReadOnlyList<RoutingEvent> Offers);
