namespace Routing.Core.Errors;

/// <summary>The kinds of failure the router reports; the server maps each to one gRPC status code.</summary>
public enum RoutingErrorKind
{
    InvalidArgument,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    ResourceExhausted,
    Unauthenticated,
    PermissionDenied,
    Unavailable,
}
