using System.Diagnostics.CodeAnalysis;

namespace Routing.Core.Errors;

/// <summary>Throw helpers that keep the happy path flat.</summary>
public static class RoutingErrors
{
    [DoesNotReturn]
    public static void InvalidArgument(string field, string message) =>
        throw new RoutingException(RoutingErrorKind.InvalidArgument, "invalid_argument", $"{field}: {message}", field);

    [DoesNotReturn]
    public static void NotFound(string code, string message) =>
        throw new RoutingException(RoutingErrorKind.NotFound, code, message);

    [DoesNotReturn]
    public static void FailedPrecondition(string code, string message) =>
        throw new RoutingException(RoutingErrorKind.FailedPrecondition, code, message);

    [DoesNotReturn]
    public static void Unavailable(string code, string message) =>
        throw new RoutingException(RoutingErrorKind.Unavailable, code, message);

    /// <summary>Throws InvalidArgument for <paramref name="field"/> when <paramref name="value"/> is longer than <paramref name="max"/>.</summary>
    public static void ThrowIfTooLong(string? value, int max, string field)
    {
        if (value is not null && value.Length > max)
        {
            InvalidArgument(field, $"must be at most {max} characters (got {value.Length})");
        }
    }
}
