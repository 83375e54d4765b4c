using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Supervisor actions on the routing engine: each one Lua script (move_contact, contact_priority,
/// force_status, agent_profile), so the action and the matching it sets off are atomic and every
/// key the caller can name is declared. The events a script returns go to the desks concerned
/// through the caller (the node holding a desk may be another one).
/// </summary>
public sealed class SupervisorActionStore(IConnectionMultiplexer redis, EngineSettingsSource settings)
{
    public SupervisorActionStore(IConnectionMultiplexer redis, EngineSettings settings)
        : this(redis, new EngineSettingsSource(settings))
    {
    }

    private string ScriptSettings => settings.Argument;

    private IDatabase Db => redis.GetDatabase();

    public Task<SupervisorActionReply> MoveContactAsync(MoveContactCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.MoveContact.RunAsync(Db, MoveContactScript.Keys(command), MoveContactScript.Args(command, ScriptSettings), SupervisorActionDecoder.DecodeMove, new(command.Tenant, command.ContactId, command.Queue, command.AgentId));
    }

    public Task<SupervisorActionReply> SetContactPriorityAsync(ContactPriorityCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.ContactPriority.RunAsync(Db, ContactPriorityScript.Keys(command), ContactPriorityScript.Args(command, ScriptSettings), SupervisorActionDecoder.DecodeCount, new(command.Tenant, command.ContactId));
    }

    public Task<SupervisorActionReply> ForceStatusAsync(ForceStatusCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.ForceStatus.RunAsync(Db, ForceStatusScript.Keys(command), ForceStatusScript.Args(command, ScriptSettings), SupervisorActionDecoder.DecodeCount, new(command.Tenant, AgentId: command.AgentId));
    }

    public Task<SupervisorActionReply> UpdateAgentProfileAsync(AgentProfileCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.AgentProfile.RunAsync(Db, AgentProfileScript.Keys(command), AgentProfileScript.Args(command, ScriptSettings), SupervisorActionDecoder.DecodeCount, new(command.Tenant, AgentId: command.Profile.AgentId));
    }
}
