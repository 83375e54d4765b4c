using Grpc.Core;
using Routing.Core.Errors;
using Routing.Protos.V1;
using Routing.Redis;
using StackExchange.Redis;

namespace Routing.Server.Grpc;

/// <summary>
/// The one place failures become what callers see: domain exceptions, the engine's answers to desk
/// commands and failures raised before a service runs each get a status, a stable error code and a
/// message. On a call the code travels in the "routing-error" trailer and the offending field, if
/// any, in "routing-field"; on a desk stream in a <see cref="DeskError"/>; on SubmitStream in an
/// <see cref="IngestError"/>.
/// </summary>
public static class RoutingStatus
{
    public const string ErrorTrailer = "routing-error";
    public const string FieldTrailer = "routing-field";

    /// <summary>On a RESOURCE_EXHAUSTED that passes with time (a rate limit): whole seconds to wait before retrying.</summary>
    public const string RetryAfterTrailer = "retry-after";

    private static readonly string[] TransientServerErrors = ["LOADING", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "MASTERDOWN"];

    /// <summary>A desk command that could not reach the store: the command is answered with this, and the session goes on.</summary>
    public static readonly RoutingFailure DeskStoreUnavailable = new(
        StatusCode.Unavailable,
        "unavailable",
        "",
        "The routing store did not answer, so this command may not have taken effect; the session is still open: retry the command.");

    public static RoutingFailure Describe(Exception exception) => exception switch
    {
        RoutingException e => new(ToStatusCode(e.Kind), e.Code, e.Field, e.Message),
        _ when IsStoreUnavailable(exception) && MayHaveRun(exception) =>
            new(StatusCode.Unavailable, "queue_store_unavailable", null, "The queue store did not answer in time; the write may have happened. Retry with the same external_id: the retry answers with the contact if it was written, and writes it if not."),
        _ when IsStoreUnavailable(exception) =>
            new(StatusCode.Unavailable, "queue_store_unavailable", null, "The queue store is unavailable; nothing was written. Retry with the same external_id."),
        OperationCanceledException => new(StatusCode.Cancelled, "cancelled", null, "The call was cancelled."),
        // The call's own stream broke: the client reset it (ghz and grpcurl do so with reflection) or went away. Not a server failure.
        IOException => new(StatusCode.Cancelled, "cancelled", null, "The client ended the call."),
        _ => new(StatusCode.Internal, "internal", null, "Internal error; nothing is lost that was acknowledged. Retry with the same external_id."),
    };

    /// <summary>What the engine's refusal of a desk command means; <paramref name="subject"/> is the offer, contact or agent it was about.</summary>
    public static RoutingFailure Describe(DeskResultCode code, string subject) => code switch
    {
        DeskResultCode.OfferNotFound => new(StatusCode.NotFound, "offer_not_found", "offer_id", $"Offer {subject} does not exist."),
        DeskResultCode.OfferNoLongerValid => new(StatusCode.FailedPrecondition, "offer_no_longer_valid", "offer_id", $"Offer {subject} is no longer open: it expired, was declined, revoked or already answered."),
        DeskResultCode.NotYourOffer => new(StatusCode.PermissionDenied, "not_your_offer", "offer_id", $"Offer {subject} was made to another agent."),
        DeskResultCode.OfferExpired => new(StatusCode.FailedPrecondition, "offer_expired", "offer_id", $"Offer {subject} expired; the contact went back to its place in the queue."),
        DeskResultCode.ContactNotFound => new(StatusCode.NotFound, "contact_not_found", "contact_id", $"Contact {subject} does not exist."),
        DeskResultCode.ContactAlreadyCompleted => new(StatusCode.FailedPrecondition, "contact_already_completed", "contact_id", $"Contact {subject} is already completed."),
        DeskResultCode.ContactNotAssignedToYou => new(StatusCode.FailedPrecondition, "contact_not_assigned_to_you", "contact_id", $"Contact {subject} is not assigned to you."),
        DeskResultCode.TransferToSelf => new(StatusCode.InvalidArgument, "transfer_to_self", "transfer.agent_id", "A contact cannot be transferred to the agent holding it."),
        DeskResultCode.AgentUnavailable => new(StatusCode.FailedPrecondition, "agent_unavailable", "transfer.agent_id", $"Agent {subject} is not logged in, so it cannot receive a transfer."),
        DeskResultCode.StaleSession => new(StatusCode.FailedPrecondition, "stale_session", "", "This session is no longer the agent's live session (replaced, or its node was declared dead). Connect again."),
        _ => new(StatusCode.Internal, "internal", "", $"Unexpected engine answer '{code}'."),
    };

    /// <summary>The caller spent its rate limit (Security:RateLimits); nothing was done.</summary>
    public static RoutingFailure RateLimited(int retryAfterSeconds) =>
        new(StatusCode.ResourceExhausted, "rate_limited", null, $"Too many calls from this credential; nothing was done. Retry after {retryAfterSeconds} s.");

    /// <summary>One desk stream more than the tenant may hold on this node (Limits:MaxDeskStreamsPerTenant).</summary>
    public static RoutingFailure DeskStreamsExhausted(int max) =>
        new(StatusCode.ResourceExhausted, "desk_streams_exhausted", null, $"This tenant already holds its limit of {max} desk streams on this node; nothing changed. Close a desk or connect later.");

    /// <summary>A desk that did not read what it was sent until its outbox filled (Limits:DeskOutboxCapacity).</summary>
    public static RoutingFailure DeskTooSlow(int capacity) =>
        new(StatusCode.ResourceExhausted, "desk_too_slow", null, $"The desk did not read its stream ({capacity} messages were waiting); the session is closed and its offers went back in line. Connect again.");

    /// <summary>On RESOURCE_EXHAUSTED "communication_limit": when the outreach may go (ISO 8601 UTC).</summary>
    public const string NotBeforeTrailer = "routing-not-before";

    /// <summary>
    /// Outreach over the customer's communication limit (Outbound:Limits); nothing was queued. When
    /// it may go travels in the message, in "routing-not-before" and as whole seconds in "retry-after".
    /// </summary>
    public static RpcException CommunicationLimit(DateTimeOffset? notBefore, TimeSpan? retryAfter)
    {
        var when = notBefore is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : "";
        var exception = ToRpcException(new RoutingFailure(StatusCode.ResourceExhausted, "communication_limit", null, when.Length > 0
            ? $"The customer's communication limit is reached; nothing was sent. It may go at {when}, or send with defer to have it sent then."
            : "The customer's communication limit is reached for the coming week; nothing was sent."));
        if (when.Length > 0)
        {
            exception.Trailers.Add(NotBeforeTrailer, when);
            exception.Trailers.Add(RetryAfterTrailer, Math.Max(1, (long)Math.Ceiling((retryAfter ?? TimeSpan.Zero).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return exception;
    }

    /// <summary>A request body that is not the protobuf message the method takes.</summary>
    public static RoutingFailure MalformedRequest(string messageType, string reason) =>
        new(StatusCode.InvalidArgument, "malformed_request", null, $"The request is not a valid {messageType} message: {reason}");

    /// <summary>
    /// True when the store could not be reached, did not answer in time, or said it cannot serve
    /// yet (loading its data after a restart, busy with a script, a cluster slot moving): worth a
    /// retry, not a bug.
    /// </summary>
    /// <summary>
    /// Whether the store may have run the command before the failure: a timeout or a broken
    /// connection after the command was sent (or with no word on it) cannot say "nothing was written".
    /// </summary>
    public static bool MayHaveRun(Exception exception) => exception switch
    {
        RedisTimeoutException e => e.Commandstatus is not (CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog),
        RedisConnectionException e => e.CommandStatus is not (CommandStatus.WaitingToBeSent or CommandStatus.WaitingInBacklog),
        _ => false,
    };

    public static bool IsStoreUnavailable(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException e => TransientServerErrors.Any(prefix => e.Message.StartsWith(prefix, StringComparison.Ordinal)),
        _ => false,
    };

    public static RpcException ToRpcException(Exception exception) => ToRpcException(Describe(exception));

    public static RpcException ToRpcException(RoutingFailure failure)
    {
        var trailers = new Metadata { { ErrorTrailer, failure.Code } };
        if (!string.IsNullOrEmpty(failure.Field))
        {
            trailers.Add(FieldTrailer, failure.Field);
        }

        return new RpcException(new Status(failure.Status, failure.Message), trailers);
    }

    public static DeskError ToDeskError(RoutingFailure failure) =>
        new() { Code = failure.Code, Message = failure.Message, Field = failure.Field ?? "", StatusCode = (int)failure.Status };

    public static IngestError ToIngestError(RoutingFailure failure) =>
        new() { StatusCode = (int)failure.Status, ErrorCode = failure.Code, Field = failure.Field ?? "", Message = failure.Message };

    /// <summary>The error code for a status raised before any router code ran (e.g. by gRPC itself for an oversized message).</summary>
    public static string CodeFor(StatusCode status) => status switch
    {
        StatusCode.ResourceExhausted => "message_too_large",
        StatusCode.Unknown => "internal",
        _ => string.Concat(status.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())),
    };

    public static StatusCode ToStatusCode(RoutingErrorKind kind) => kind switch
    {
        RoutingErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        RoutingErrorKind.NotFound => StatusCode.NotFound,
        RoutingErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        RoutingErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        RoutingErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        RoutingErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        RoutingErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        RoutingErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
