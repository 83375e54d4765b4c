using Microsoft.Extensions.Options;

namespace Routing.Server.AgentStates;

/// <summary>Reason codes are 1-32 characters of a-z, 0-9, '_' or '-', count as away or wrap_up, and never take the router's own "no_answer".</summary>
public sealed class AgentsOptionsValidator : IValidateOptions<AgentsOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (code, reason) in options.ReasonCodes)
        {
            if (!IsCode(code))
            {
                failures.Add($"Agents:ReasonCodes: '{code}' must be 1-32 characters of a-z, 0-9, '_' or '-'.");
            }

            if (code == AgentsOptions.NoAnswer)
            {
                failures.Add($"Agents:ReasonCodes: '{AgentsOptions.NoAnswer}' is the router's own code for unanswered offers; choose another.");
            }

            if (reason?.Counts is not (ReasonKinds.Away or ReasonKinds.WrapUp))
            {
                failures.Add($"Agents:ReasonCodes:{code}:Counts must be \"{ReasonKinds.Away}\" or \"{ReasonKinds.WrapUp}\".");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool IsCode(string code) =>
        code.Length is > 0 and <= 32 && code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');
}
