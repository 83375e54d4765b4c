namespace Routing.Core.Rules;

/// <summary>
/// When a rule applies. Every non-empty list must contain the contact's value (case-insensitive);
/// every attribute must equal the contact's or the customer's attribute. An empty condition matches all.
/// </summary>
public sealed class RuleCondition
{
    public List<string> Channels { get; set; } = [];
    public List<string> Tiers { get; set; } = [];

    /// <summary>Language tags; "fr" also matches "fr-CA". The contact's language, else the customer's.</summary>
    public List<string> Languages { get; set; } = [];
    public List<string> Intents { get; set; } = [];
    public Dictionary<string, string> Attributes { get; set; } = [];
}
