using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>accept.lua's KEYS, ARGV and reply.</summary>
internal static class AcceptScript
{
    public static RedisKey[] Keys(AcceptCommand command) => OfferKeys(command.Tenant, command.AgentId, command.OfferId);

    /// <summary>The agent, its holdings and the contact its offer id names (accept and decline).</summary>
    public static RedisKey[] OfferKeys(string tenant, string agentId, string offerId)
    {
        var keys = new RoutingKeys(tenant);
        return OfferIds.ContactOf(offerId) is { } contact
            ? ScriptArgs.Keys(keys, [keys.Agent(agentId), keys.AgentHoldings(agentId), keys.Contact(contact), keys.Timeline(contact), keys.DeclineCooldowns(contact)], keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies)
            : ScriptArgs.Keys(keys, [keys.Agent(agentId), keys.AgentHoldings(agentId)], keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies);
    }

    public static RedisValue[] Args(AcceptCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.AgentId, command.SessionId, command.OfferId);

    /// <summary>{ code, contact id, events[, bundled contact ids "a,b", their offer ids "x,y"] }.</summary>
    public static AcceptReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        var bundled = reply.Length > 3 ? (string?)reply[3] : null;
        var offers = reply.Length > 4 ? (string?)reply[4] : null;
        return new AcceptReply(DeskResultCodes.Parse((string)reply[0]!), (string)reply[1]!, RoutingEventDecoder.Decode(reply[2]))
        {
            BundledContactIds = string.IsNullOrEmpty(bundled) ? [] : bundled.Split(','),
            BundledOfferIds = string.IsNullOrEmpty(offers) ? [] : offers.Split(','),
        };
    }
}
