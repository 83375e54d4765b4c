namespace Routing.Redis;

/// <summary>The agent completes an assigned contact (complete.lua).</summary>
public sealed record CompleteCommand(
    string Tenant,
    string Node,
    string AgentId,
    string SessionId,
    string ContactId,
    string Disposition,
    string Notes,
    bool SkipWrapUp,
    DateTimeOffset Now);
