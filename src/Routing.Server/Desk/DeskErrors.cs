using Grpc.Core;
using Routing.Protos.V1;

namespace Routing.Server.Desk;

/// <summary>The desk's error codes, as the engine returns them, with the status and message a desk sees.</summary>
internal static class DeskErrors
{
    public static DeskError For(string code, string subject) => code switch
    {
        "offer_not_found" => Make(code, StatusCode.NotFound, $"Offer {subject} does not exist.", "offer_id"),
        "offer_no_longer_valid" => Make(code, StatusCode.FailedPrecondition, $"Offer {subject} is no longer open: it expired, was declined, revoked or already answered.", "offer_id"),
        "not_your_offer" => Make(code, StatusCode.PermissionDenied, $"Offer {subject} was made to another agent.", "offer_id"),
        "offer_expired" => Make(code, StatusCode.FailedPrecondition, $"Offer {subject} expired; the contact went back to its place in the queue.", "offer_id"),
        "contact_not_found" => Make(code, StatusCode.NotFound, $"Contact {subject} does not exist.", "contact_id"),
        "contact_already_completed" => Make(code, StatusCode.FailedPrecondition, $"Contact {subject} is already completed.", "contact_id"),
        "contact_not_assigned_to_you" => Make(code, StatusCode.FailedPrecondition, $"Contact {subject} is not assigned to you.", "contact_id"),
        "transfer_to_self" => Make(code, StatusCode.InvalidArgument, "A contact cannot be transferred to the agent holding it.", "transfer.agent_id"),
        "agent_unavailable" => Make(code, StatusCode.FailedPrecondition, $"Agent {subject} is not logged in, so it cannot receive a transfer.", "transfer.agent_id"),
        "stale_session" => Make(code, StatusCode.FailedPrecondition, "This session is no longer the agent's live session (replaced, or its node was declared dead). Connect again.", ""),
        _ => Make(code, StatusCode.Internal, $"Unexpected engine answer '{code}'.", ""),
    };

    public static DeskError Make(string code, StatusCode status, string message, string field) =>
        new() { Code = code, Message = message, Field = field, StatusCode = (int)status };
}
