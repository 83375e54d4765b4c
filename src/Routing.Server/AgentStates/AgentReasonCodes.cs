using Microsoft.Extensions.Options;
using Routing.Core.Errors;

namespace Routing.Server.AgentStates;

/// <summary>
/// The reason codes in force, read from configuration at every use (a reload applies at once).
/// A desk or supervisor naming a code that is not configured is refused with INVALID_ARGUMENT
/// "unknown_reason_code" listing the allowed ones; free text belongs in the note beside the code.
/// </summary>
public sealed class AgentReasonCodes(IOptionsMonitor<AgentsOptions> options)
{
    private IReadOnlyDictionary<string, ReasonCodeOptions> Codes =>
        options.CurrentValue.ReasonCodes is { Count: > 0 } configured ? configured : AgentsOptions.Defaults;

    /// <summary>The allowed codes, sorted (the router's own "no_answer" is not one).</summary>
    public IReadOnlyList<string> Allowed => [.. Codes.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The reason a desk or supervisor gives; empty is no reason. Throws for a code that is not configured.</summary>
    public AgentReason Require(string? code, string field)
    {
        if (string.IsNullOrEmpty(code))
        {
            return AgentReason.None;
        }

        if (!Codes.TryGetValue(code, out var reason))
        {
            throw new RoutingException(
                RoutingErrorKind.InvalidArgument,
                "unknown_reason_code",
                // The value is not echoed: a free-text reason may hold personal data, and desk errors are logged.
                $"{field}: not a configured reason code; allowed: {string.Join(", ", Allowed)} (free text goes in the note)",
                field);
        }

        return new AgentReason(code, string.IsNullOrEmpty(reason.Label) ? code : reason.Label, reason.Counts);
    }

    /// <summary>The label of a stored code (configured, the router's own, or the code itself when no longer configured).</summary>
    public string LabelOf(string code) =>
        code == AgentsOptions.NoAnswer ? "No answer"
        : Codes.TryGetValue(code, out var reason) && reason.Label.Length > 0 ? reason.Label
        : code;
}
