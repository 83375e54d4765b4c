using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Core.Rules;

namespace Routing.Server.Configuration;

/// <summary>
/// Checks the rules at startup and on every reload and names the rule and field that is wrong. The
/// channels are bound afresh too, so a rule may name a channel the same reload adds.
/// </summary>
public sealed class RulesOptionsValidator(IOptionsFactory<ChannelsOptions> channels) : IValidateOptions<RulesOptions>
{
    public ValidateOptionsResult Validate(string? name, RulesOptions options)
    {
        var known = channels.Create(Options.DefaultName).Resolve().Select(c => c.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            Check(options.Rules[i], $"{RulesOptions.SectionName}:Rules:{i} ({options.Rules[i].Name})", known, errors);
        }

        Check(options.Default, $"{RulesOptions.SectionName}:Default", known, errors);
        if (options.Default.When.Channels.Count + options.Default.When.Tiers.Count + options.Default.When.Languages.Count
            + options.Default.When.Intents.Count + options.Default.When.Attributes.Count > 0)
        {
            errors.Add($"{RulesOptions.SectionName}:Default: the default rule has no conditions (it catches everything else).");
        }

        var duplicates = options.Rules.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);
        errors.AddRange(duplicates.Select(d => $"{RulesOptions.SectionName}:Rules: the name '{d}' is used twice."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Check(RoutingRule rule, string path, HashSet<string> knownChannels, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(rule.Name))
        {
            errors.Add($"{path}: Name is required.");
        }

        if (string.IsNullOrWhiteSpace(rule.Queue) || rule.Queue.Any(c => char.IsWhiteSpace(c) || c is '{' or '}' or ':'))
        {
            errors.Add($"{path}: Queue is required and may not contain spaces, ':', '{{' or '}}'.");
        }

        if (rule.Priority is < 0 or > RuleEngine.MaxPriority)
        {
            errors.Add($"{path}: Priority must be 0 to {RuleEngine.MaxPriority} (got {rule.Priority}).");
        }

        if (rule.ServiceLevelSeconds <= 0)
        {
            errors.Add($"{path}: ServiceLevelSeconds must be positive (got {rule.ServiceLevelSeconds}).");
        }

        foreach (var channel in rule.When.Channels.Where(c => !knownChannels.Contains(c)))
        {
            errors.Add($"{path}: When.Channels names '{channel}', which is not a configured channel.");
        }

        if (rule.MinProficiency is < 0 or > DeskLimits.MaxProficiency)
        {
            errors.Add($"{path}: MinProficiency must be 0 (any) to {DeskLimits.MaxProficiency} (got {rule.MinProficiency}).");
        }

        CheckEscalation(rule, path, errors);
    }

    // The engine receives the steps as "|", "," and ";" separated text (EscalationPlan): names are
    // queue names (a-z, 0-9, '-', '_'), so they can never contain a separator.
    private static void CheckEscalation(RoutingRule rule, string path, List<string> errors)
    {
        var previous = TimeSpan.Zero;
        for (var i = 0; i < rule.Escalation.Count; i++)
        {
            var step = rule.Escalation[i];
            var at = $"{path}: Escalation:{i}";
            if (step.After <= TimeSpan.Zero)
            {
                errors.Add($"{at}: After must be positive (got {step.After}).");
            }
            else if (step.After <= previous)
            {
                errors.Add($"{at}: After ({step.After}) must be later than the previous step's ({previous}); steps are ordered by waiting time.");
            }

            previous = step.After > previous ? step.After : previous;
            foreach (var skill in step.DropSkills.Where(s => !DeskCommandValidator.IsQueueName(s)))
            {
                errors.Add($"{at}: DropSkills names '{skill}'; a skill is 1-{DeskLimits.QueueLength} characters of a-z, 0-9, '-' or '_'.");
            }

            foreach (var queue in step.WidenTo.Where(q => !DeskCommandValidator.IsQueueName(q)))
            {
                errors.Add($"{at}: WidenTo names '{queue}'; a queue is 1-{DeskLimits.QueueLength} characters of a-z, 0-9, '-' or '_'.");
            }

            if (step.OverflowTo is not null && !DeskCommandValidator.IsQueueName(step.OverflowTo))
            {
                errors.Add($"{at}: OverflowTo names '{step.OverflowTo}'; a queue is 1-{DeskLimits.QueueLength} characters of a-z, 0-9, '-' or '_'.");
            }

            if (step.MinProficiency is < 0 or > DeskLimits.MaxProficiency)
            {
                errors.Add($"{at}: MinProficiency must be 0 (any) to {DeskLimits.MaxProficiency} (got {step.MinProficiency}).");
            }

            if (step.Priority is < 0 or > RuleEngine.MaxPriority)
            {
                errors.Add($"{at}: Priority must be 0 to {RuleEngine.MaxPriority} (got {step.Priority}).");
            }

            if (step.RaisePriorityBy is < 0 or > RuleEngine.MaxPriority)
            {
                errors.Add($"{at}: RaisePriorityBy must be 0 to {RuleEngine.MaxPriority} (got {step.RaisePriorityBy}).");
            }
        }
    }
}
