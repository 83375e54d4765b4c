using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>Decodes the supervisor action scripts' replies into <see cref="SupervisorActionReply"/>.</summary>
internal static class SupervisorActionDecoder
{
    /// <summary>{ code, queue, agent, offered (1/0), events } (move_contact.lua).</summary>
    public static SupervisorActionReply DecodeMove(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new SupervisorActionReply((string)reply[0]!, (string?)reply[1] ?? "", (string?)reply[2] ?? "", (long)reply[3] == 1, 0, RoutingEventDecoder.Decode(reply[4]));
    }

    /// <summary>{ code, count, events } (contact_priority.lua, force_status.lua, agent_profile.lua).</summary>
    public static SupervisorActionReply DecodeCount(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new SupervisorActionReply((string)reply[0]!, "", "", false, (int)(long)reply[1], RoutingEventDecoder.Decode(reply[2]));
    }
}
