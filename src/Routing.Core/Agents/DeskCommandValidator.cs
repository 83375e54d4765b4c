using Routing.Core.Errors;

namespace Routing.Core.Agents;

/// <summary>
/// Checks what a desk command carries before the engine runs it. Every rejection is InvalidArgument
/// naming the field as the proto spells it ("complete.disposition"), so nothing is written for it.
/// </summary>
public static class DeskCommandValidator
{
    public static void Status(string status, string? reason)
    {
        if (status is not (AgentStatuses.Available or AgentStatuses.Away or AgentStatuses.Offline))
        {
            RoutingErrors.InvalidArgument("status.status", "must be AVAILABLE, AWAY or OFFLINE");
        }

        RoutingErrors.ThrowIfTooLong(reason, DeskLimits.StatusReasonLength, "status.reason");
    }

    public static void Accept(string? offerId) => Id(offerId, "accept.offer_id");

    public static void Decline(string? offerId, string? reason)
    {
        Id(offerId, "decline.offer_id");
        RoutingErrors.ThrowIfTooLong(reason, DeskLimits.DeclineReasonLength, "decline.reason");
    }

    public static void Complete(string? contactId, string? disposition, string? notes)
    {
        Id(contactId, "complete.contact_id");
        if (string.IsNullOrWhiteSpace(disposition))
        {
            RoutingErrors.InvalidArgument("complete.disposition", "is required, e.g. \"resolved\"");
        }

        RoutingErrors.ThrowIfTooLong(disposition, DeskLimits.DispositionLength, "complete.disposition");
        RoutingErrors.ThrowIfTooLong(notes, DeskLimits.NotesLength, "complete.notes");
    }

    /// <summary>A transfer names exactly one target: a queue, or another agent.</summary>
    public static void Transfer(string? contactId, string? queue, string? agentId, string? note)
    {
        Id(contactId, "transfer.contact_id");
        RoutingErrors.ThrowIfTooLong(note, DeskLimits.TransferNoteLength, "transfer.note");
        if (queue is null && agentId is null)
        {
            RoutingErrors.InvalidArgument("transfer.target", "needs a target: a queue or an agent_id");
        }

        if (queue is not null && !IsQueueName(queue))
        {
            RoutingErrors.InvalidArgument("transfer.queue", $"must be 1-{DeskLimits.QueueLength} characters of a-z, 0-9, '-' or '_'");
        }

        if (agentId is not null && !IsAgentId(agentId.Trim()))
        {
            RoutingErrors.InvalidArgument("transfer.agent_id", $"must be 1-{DeskLimits.AgentIdLength} characters of letters, digits, '.', '_', '-' or '@'");
        }
    }

    public static bool IsAgentId(string? value) =>
        value is { Length: > 0 and <= DeskLimits.AgentIdLength } &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@');

    public static bool IsQueueName(string? value) =>
        value is { Length: > 0 and <= DeskLimits.QueueLength } &&
        value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    private static void Id(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            RoutingErrors.InvalidArgument(field, "is required");
        }

        RoutingErrors.ThrowIfTooLong(value, DeskLimits.IdLength, field);
    }
}
