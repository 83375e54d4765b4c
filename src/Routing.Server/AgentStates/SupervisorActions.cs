using System.Globalization;
using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Core.Errors;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.DataProtection;
using Routing.Server.Desk;
using Routing.Server.Security;
using StackExchange.Redis;

namespace Routing.Server.AgentStates;

/// <summary>
/// The Supervisor service's actions: validate, run the action's one script, record it in the audit
/// trail (who, what, which contact or agent; no personal data), and deliver the events it set off to
/// the desks concerned on whichever node holds them (EventDispatcher: this node directly, another
/// through its node channel). A refusal changes nothing: NOT_FOUND for an unknown contact, agent or
/// queue, FAILED_PRECONDITION "contact_not_waiting" / "agent_not_connected", INVALID_ARGUMENT for
/// bad input. Stateless: one instance serves every call.
/// </summary>
public sealed class SupervisorActions(
    SupervisorActionStore store,
    IConnectionMultiplexer redis,
    IDeskEngine desks,
    AgentReasonCodes reasons,
    AgentProfileBuilder profiles,
    AuditRecorder audit,
    IOptionsMonitor<RulesOptions> rules,
    IOptions<RoutingOptions> routing,
    TimeProvider time)
{
    /// <summary>The highest priority a supervisor may give: the same bound as a routing rule's.</summary>
    public const int MaxPriority = Core.Rules.RuleEngine.MaxPriority;

    private string Node => routing.Value.Node;

    public async Task<MoveContactResponse> MoveContactAsync(Caller caller, MoveContactRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var queue = request.TargetCase == MoveContactRequest.TargetOneofCase.Queue ? request.Queue : null;
        var agentId = request.TargetCase == MoveContactRequest.TargetOneofCase.AgentId ? request.AgentId.Trim() : null;
        RequireId(request.ContactId, "contact_id");
        RoutingErrors.ThrowIfTooLong(request.Note, DeskLimits.TransferNoteLength, "note");
        if (queue is null && agentId is null)
        {
            RoutingErrors.InvalidArgument("target", "needs a target: a queue or an agent_id");
        }

        if (agentId is not null)
        {
            RequireAgent(agentId);
        }

        if (queue is not null && !DeskCommandValidator.IsQueueName(queue))
        {
            RoutingErrors.InvalidArgument("queue", $"must be 1-{DeskLimits.QueueLength} characters of a-z, 0-9, '-' or '_'");
        }

        if (queue is not null && !await IsKnownQueueAsync(caller.Tenant, queue).ConfigureAwait(false))
        {
            RoutingErrors.NotFound("queue_not_found", $"No routing rule leads to queue '{queue}' and no contact was ever in it.");
        }

        var reply = await store.MoveContactAsync(new MoveContactCommand(caller.Tenant, Node, request.ContactId, queue, agentId, caller.Subject, request.Note, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        ThrowIfRefused(reply, request.ContactId, agentId ?? "");
        var target = agentId is not null ? "to agent " + agentId : "to queue " + queue;
        await AuditAsync(caller, SupervisorAuditActions.MoveContact, request.ContactId, target, reply).ConfigureAwait(false);
        return new MoveContactResponse { ContactId = request.ContactId, Queue = reply.Queue, AgentId = reply.AgentId, Offered = reply.Offered };
    }

    public async Task<SetContactPriorityResponse> SetContactPriorityAsync(Caller caller, SetContactPriorityRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        RequireId(request.ContactId, "contact_id");
        if (request.Priority is < 0 or > MaxPriority)
        {
            RoutingErrors.InvalidArgument("priority", $"must be 0 to {MaxPriority} (got {request.Priority})");
        }

        var reply = await store.SetContactPriorityAsync(new ContactPriorityCommand(caller.Tenant, Node, request.ContactId, request.Priority, caller.Subject, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        ThrowIfRefused(reply, request.ContactId, "");
        await AuditAsync(caller, SupervisorAuditActions.ContactPriority, request.ContactId, string.Create(CultureInfo.InvariantCulture, $"from {reply.Count} to {request.Priority}"), reply).ConfigureAwait(false);
        return new SetContactPriorityResponse { ContactId = request.ContactId, PreviousPriority = reply.Count, Priority = request.Priority };
    }

    public async Task<ForceAgentStatusResponse> ForceAgentStatusAsync(Caller caller, ForceAgentStatusRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var agentId = RequireAgent(request.AgentId);
        var status = request.Status switch
        {
            AgentStatus.Away => EngineAgentStatus.Away,
            AgentStatus.Offline => EngineAgentStatus.Offline,
            _ => throw new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", "status: must be AWAY (with a reason code) or OFFLINE (log out)", "status"),
        };
        if (status == EngineAgentStatus.Away && string.IsNullOrEmpty(request.Reason))
        {
            RoutingErrors.InvalidArgument("reason", $"a supervisor setting an agent away gives a reason code; allowed: {string.Join(", ", reasons.Allowed)}");
        }

        RoutingErrors.ThrowIfTooLong(request.Note, DeskLimits.StatusReasonLength, "note");
        var reason = reasons.Require(request.Reason, "reason");
        var reply = await store.ForceStatusAsync(
            new ForceStatusCommand(caller.Tenant, Node, agentId, status, reason.Code, reason.Kind, request.Note, caller.Subject, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        ThrowIfRefused(reply, "", agentId);
        var what = status == EngineAgentStatus.Away ? "away" : "logged out";
        await AuditAsync(caller, SupervisorAuditActions.ForceAgentStatus, agentId, reason.Code.Length > 0 ? $"{what} ({reason.Code})" : what, reply).ConfigureAwait(false);
        return new ForceAgentStatusResponse { AgentId = agentId, Status = request.Status, OffersReturned = reply.Count };
    }

    public async Task<UpdateAgentProfileResponse> UpdateAgentProfileAsync(Caller caller, UpdateAgentProfileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        var agentId = RequireAgent(request.AgentId);
        AgentProfile profile;
        try
        {
            profile = profiles.Build(
                agentId,
                "",
                request.Skills.Select(s => new AgentSkill(s.Queue, s.Proficiency, s.Primary)),
                request.Capacity.Select(c => new KeyValuePair<string, int>(c.Channel, c.MaxConcurrent)),
                request.TotalCapacity,
                AgentStatuses.Available);
        }
        catch (RoutingException ex) when (ex.Field is { } field && field.StartsWith("hello.", StringComparison.Ordinal))
        {
            // The profile is checked as a hello's; the fields are named as this request spells them.
            throw new RoutingException(ex.Kind, ex.Code, ex.Message.Replace("hello.", "", StringComparison.Ordinal), field["hello.".Length..]);
        }

        var reply = await store.UpdateAgentProfileAsync(new AgentProfileCommand(caller.Tenant, Node, profile, caller.Subject, time.GetUtcNow()), CancellationToken.None).ConfigureAwait(false);
        ThrowIfRefused(reply, "", agentId);
        var detail = string.Create(CultureInfo.InvariantCulture, $"skills {string.Join(",", profile.Skills.Select(s => $"{s.Queue}:{s.Proficiency}"))}; capacity {string.Join(",", profile.Capacity.Select(c => $"{c.Key}:{c.Value}"))}; total {profile.TotalCapacity}");
        await AuditAsync(caller, SupervisorAuditActions.UpdateAgentProfile, agentId, detail, reply).ConfigureAwait(false);
        var response = new UpdateAgentProfileResponse { AgentId = agentId, TotalCapacity = profile.TotalCapacity, Load = reply.Count };
        response.Skills.Add(profile.Skills.Select(s => new SkillProficiency { Queue = s.Queue, Proficiency = s.Proficiency, Primary = s.Primary }));
        response.Capacity.Add(profile.Capacity.Select(c => new ChannelCapacity { Channel = c.Key, MaxConcurrent = c.Value }));
        return response;
    }

    /// <summary>The action took effect: audited, then its events go to the desks (after the audit, so a desk that reacts at once finds it).</summary>
    private async Task AuditAsync(Caller caller, string action, string target, string detail, SupervisorActionReply reply)
    {
        await audit.RecordAsync(caller, action, target, detail, CancellationToken.None).ConfigureAwait(false);
        desks.Deliver(caller.Tenant, reply.Events);
    }

    private async Task<bool> IsKnownQueueAsync(string tenant, string queue)
    {
        var configured = rules.CurrentValue;
        return configured.Default.Queue == queue
            || configured.Rules.Any(r => r.Queue == queue)
            || await redis.GetDatabase().SetContainsAsync(new RoutingKeys(tenant).QueueNames, queue).ConfigureAwait(false);
    }

    private static void ThrowIfRefused(SupervisorActionReply reply, string contactId, string agentId)
    {
        switch (reply.Code)
        {
            case "ok":
                return;
            case "contact_not_found":
                RoutingErrors.NotFound("contact_not_found", $"No contact '{contactId}' in this tenant.");
                break;
            case "contact_not_waiting":
                RoutingErrors.FailedPrecondition("contact_not_waiting", $"Contact '{contactId}' is not waiting (it is offered, assigned or finished); only a waiting contact can be moved or reprioritised.");
                break;
            case "agent_not_found":
                RoutingErrors.NotFound("agent_not_found", $"No agent '{agentId}' has ever connected in this tenant.");
                break;
            case "agent_not_connected":
                RoutingErrors.FailedPrecondition("agent_not_connected", $"Agent '{agentId}' has no live desk (logged out or disconnected).");
                break;
            default:
                throw new InvalidOperationException($"Unknown supervisor action result '{reply.Code}'.");
        }
    }

    private static void RequireId(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            RoutingErrors.InvalidArgument(field, "is required");
        }

        RoutingErrors.ThrowIfTooLong(value, DeskLimits.IdLength, field);
    }

    private static string RequireAgent(string? agentId)
    {
        var id = (agentId ?? "").Trim();
        if (!DeskCommandValidator.IsAgentId(id))
        {
            RoutingErrors.InvalidArgument("agent_id", $"must be 1-{DeskLimits.AgentIdLength} characters of letters, digits, '.', '_', '-' or '@'");
        }

        return id;
    }
}
