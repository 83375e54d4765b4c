using Routing.Core.Contacts;
using Routing.Core.Customers;

namespace Routing.Core.Rules;

/// <summary>
/// Evaluates the ordered rules; the first match wins, else the default rule. The same rules apply
/// to every channel: a channel is just one more thing a rule may match on.
/// </summary>
public sealed class RuleEngine(IReadOnlyList<RoutingRule> rules, RoutingRule fallback)
{
    public const int MaxPriority = 1000;

    public RoutingDecision Decide(ValidContact contact, CustomerContext customer)
    {
        var rule = rules.FirstOrDefault(r => Matches(r.When, contact, customer)) ?? fallback;
        return new RoutingDecision(
            rule.Name,
            rule.Queue,
            Math.Clamp(rule.Priority, 0, MaxPriority),
            rule.Skills,
            TimeSpan.FromSeconds(rule.ServiceLevelSeconds))
        {
            MinProficiency = rule.MinProficiency,
            Escalation = rule.Escalation,
        };
    }

    public static bool Matches(RuleCondition when, ValidContact contact, CustomerContext customer)
    {
        var language = contact.Language.Length > 0 ? contact.Language : customer.Language;
        return AnyOrContains(when.Channels, contact.Channel.Name)
            && AnyOrContains(when.Tiers, customer.Tier)
            && AnyOrContains(when.Intents, contact.Intent)
            && (when.Languages.Count == 0 || when.Languages.Any(l => LanguageMatches(l, language)))
            && when.Attributes.All(a => AttributeEquals(contact.Attributes, a) || AttributeEquals(customer.Attributes, a));
    }

    private static bool AnyOrContains(List<string> allowed, string value) =>
        allowed.Count == 0 || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);

    private static bool AttributeEquals(IReadOnlyDictionary<string, string> attributes, KeyValuePair<string, string> wanted) =>
        attributes.TryGetValue(wanted.Key, out var actual) && string.Equals(actual, wanted.Value, StringComparison.OrdinalIgnoreCase);

    /// <summary>"fr" matches "fr" and "fr-CA"; "fr-CA" matches only "fr-CA".</summary>
    public static bool LanguageMatches(string wanted, string actual) =>
        string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase)
        || (actual.Length > wanted.Length
            && actual[wanted.Length] == '-'
            && actual.StartsWith(wanted, StringComparison.OrdinalIgnoreCase));
}
