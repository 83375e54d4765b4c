namespace Routing.Server.Desk;

internal static partial class DeskLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Agent {AgentId} connected, session {SessionId}, {Resumed} assignments resumed")]
    public static partial void Connected(ILogger logger, string agentId, string sessionId, int resumed);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Agent {AgentId} session {SessionId} ended: {Reason}")]
    public static partial void Disconnected(ILogger logger, string agentId, string sessionId, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Debug, Message = "Agent {AgentId}: {Code} ({Message})")]
    public static partial void DeskError(ILogger logger, string agentId, string code, string message);



    [LoggerMessage(EventId = 5006, Level = LogLevel.Debug, Message = "Writing interaction {ContactId} back to the CRM failed; retrying in {Retry}")]
    public static partial void WriteBackFailed(ILogger logger, string contactId, TimeSpan retry);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Agent {AgentId} session {SessionId} silent for {Silent}: ended")]
    public static partial void HeartbeatTimeout(ILogger logger, string agentId, string sessionId, TimeSpan silent);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Node {Node} listening for desk events on {Channel}")]
    public static partial void Subscribed(ILogger logger, string node, string channel);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Warning, Message = "Disconnect of agent {AgentId} session {SessionId} could not be recorded; it is retried until Redis records it")]
    public static partial void DisconnectFailed(ILogger logger, Exception exception, string agentId, string sessionId);


    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Could not activate the configured tenants or read the tenant registry at start-up; tenants are activated by their first call and learned by the sweeper")]
    public static partial void StrategiesNotPublished(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Warning, Message = "Agent {AgentId}: {Command} got no answer from the routing store ({Error}); the desk was told to retry")]
    public static partial void StoreUnavailable(ILogger logger, string agentId, string command, string error);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "Background loop {Loop} is failing; it keeps retrying and logs again when it recovers")]
    public static partial void LoopFailing(ILogger logger, Exception exception, string loop);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Information, Message = "Background loop {Loop} recovered after {Failures} failed iterations")]
    public static partial void LoopRecovered(ILogger logger, string loop, long failures);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Warning, Message = "Stopping the desk event dispatcher did not finish cleanly")]
    public static partial void DispatcherStopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5023, Level = LogLevel.Information, Message = "Agent {AgentId}: {Count} open offers its desk had not heard sent again")]
    public static partial void OffersResent(ILogger logger, string agentId, int count);

    [LoggerMessage(EventId = 5024, Level = LogLevel.Warning, Message = "Agent {AgentId} session {SessionId} is no longer the agent's live session in Redis (its node was declared dead?): ended so the desk connects again")]
    public static partial void SessionNoLongerLive(ILogger logger, string agentId, string sessionId);

    [LoggerMessage(EventId = 5040, Level = LogLevel.Warning, Message = "Agent {AgentId} session {SessionId} ended: the desk did not read what it was sent ({Capacity} messages waiting); its offers went back in line")]
    public static partial void DeskTooSlow(ILogger logger, string agentId, string sessionId, int capacity);

    [LoggerMessage(EventId = 5041, Level = LogLevel.Warning, Message = "Refused a desk stream of agent {AgentId}: tenant {Tenant} holds its limit of {Max} desk streams on this node")]
    public static partial void DeskStreamsExhausted(ILogger logger, string agentId, string tenant, int max);
}
