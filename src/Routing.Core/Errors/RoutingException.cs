namespace Routing.Core.Errors;

/// <summary>
/// A failure the caller can act on. <see cref="Code"/> is a stable snake_case code sent to clients
/// (in the "routing-error" trailer); <see cref="Field"/> names the offending request field, if any.
/// </summary>
public sealed class RoutingException(RoutingErrorKind kind, string code, string message, string? field = null)
    : Exception(message)
{
    public RoutingErrorKind Kind { get; } = kind;

    public string Code { get; } = code;

    public string? Field { get; } = field;
}
