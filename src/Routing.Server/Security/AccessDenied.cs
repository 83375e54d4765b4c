using System.Diagnostics.CodeAnalysis;
using Routing.Core.Errors;

namespace Routing.Server.Security;

/// <summary>Throw helpers for a caller whose credential is valid but does not allow what it asked: PERMISSION_DENIED with the router's code.</summary>
public static class AccessDenied
{
    /// <summary>A gateway key not scoped to the contact's channel.</summary>
    [DoesNotReturn]
    public static void ChannelNotAllowed(Caller caller, string channel, string field) =>
        throw new RoutingException(RoutingErrorKind.PermissionDenied, "channel_not_allowed",
            $"Gateway key '{caller.Subject}' may not submit on channel '{channel}'.", field);

    /// <summary>A desk whose hello names another agent than its token.</summary>
    [DoesNotReturn]
    public static void AgentMismatch(Caller caller) =>
        throw new RoutingException(RoutingErrorKind.PermissionDenied, "agent_mismatch",
            $"hello.agent_id must be the agent the token names ('{caller.Subject}').", "hello.agent_id");

    /// <summary>An agent transferring to a queue no routing rule leads to.</summary>
    [DoesNotReturn]
    public static void QueueNotAllowed(string queue) =>
        throw new RoutingException(RoutingErrorKind.PermissionDenied, "queue_not_allowed",
            $"An agent may transfer only to a queue of the routing rules; '{queue}' is none (a supervisor may transfer to any queue).", "transfer.queue");
}
