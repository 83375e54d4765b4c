using System.Globalization;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>Decodes the events a script returns (Scripts/includes/events.lua): { kind, agent, node, session, contact, offer, a, b, c }.</summary>
internal static class RoutingEventDecoder
{
    public static IReadOnlyList<RoutingEvent> Decode(RedisResult result)
    {
        var items = (RedisResult[])result!;
        return items.Length == 0 ? [] : [.. items.Select(e => DecodeOne((RedisResult[])e!))];
    }

    private static RoutingEvent DecodeOne(RedisResult[] e)
    {
        string At(int i) => (string?)e[i] ?? "";
        var (agent, node, session, contact, offer, a, b, c) = (At(1), At(2), At(3), At(4), At(5), At(6), At(7), At(8));
        return At(0) switch
        {
            "offer" => new RoutingEvent(RoutingEventKind.Offer, agent, node, session, contact, offer)
            {
                OfferReason = EngineWords.ParseOfferReason(a),
                OfferDetail = b,
                ExpiresAt = long.Parse(c, CultureInfo.InvariantCulture),
            },
            "revoke" => new RoutingEvent(RoutingEventKind.Revoke, agent, node, session, contact, offer) { RevokeReason = EngineWords.ParseRevokeReason(a) },
            "status" => new RoutingEvent(RoutingEventKind.Status, agent, node, session)
            {
                Status = EngineWords.ParseStatus(a) ?? throw new InvalidOperationException($"Unknown agent status '{a}'."),
                StatusReason = b,
                ChangedBy = c,
            },
            "logout" => new RoutingEvent(RoutingEventKind.LoggedOut, agent, node, session) { StatusReason = a, ChangedBy = b },
            "profile" => new RoutingEvent(RoutingEventKind.ProfileChanged, agent, node, session)
            {
                Queues = a,
                Capacities = b,
                TotalCapacity = int.Parse(c.Split('|')[0], CultureInfo.InvariantCulture),
                ChangedBy = c.Contains('|', StringComparison.Ordinal) ? c[(c.IndexOf('|', StringComparison.Ordinal) + 1)..] : "",
            },
            "replaced" => new RoutingEvent(RoutingEventKind.Replaced, agent, node, session) { NewSessionId = a },
            var other => throw new InvalidOperationException($"Unknown routing event '{other}'."),
        };
    }
}
