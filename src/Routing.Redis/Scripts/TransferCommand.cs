namespace Routing.Redis;

/// <summary>The agent hands an assigned contact to a queue or to another agent (transfer.lua); exactly one target is set.</summary>
public sealed record TransferCommand(
    string Tenant,
    string Node,
    string AgentId,
    string SessionId,
    string ContactId,
    string? Queue,
    string? TargetAgentId,
    string Note,
    DateTimeOffset Now);
