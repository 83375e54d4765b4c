using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Customers;
using Routing.Core.Rules;

namespace Routing.Core.Tests;

public sealed class RuleEngineTests
{
    private static readonly ChannelDefinition Voice = new("voice", AddressKind.Phone, false);
    private static readonly ChannelDefinition Chat = new("chat", AddressKind.Handle, true);

    private readonly RuleEngine _engine = new(
        [
            new RoutingRule { Name = "vip-voice", When = new RuleCondition { Channels = ["voice"], Tiers = ["gold", "platinum"] }, Queue = "vip", Priority = 80, Skills = ["vip"], ServiceLevelSeconds = 20 },
            new RoutingRule { Name = "french", When = new RuleCondition { Languages = ["fr"] }, Queue = "fr", Priority = 40 },
            new RoutingRule { Name = "billing", When = new RuleCondition { Intents = ["billing"] }, Queue = "billing", Priority = 30 },
            new RoutingRule { Name = "vip-account", When = new RuleCondition { Attributes = new() { ["segment"] = "enterprise" } }, Queue = "enterprise", Priority = 60 },
        ],
        new RoutingRule { Name = "default", Queue = "general", Priority = 10, ServiceLevelSeconds = 120 });

    [Fact]
    public void Decide_GoldCustomerOnVoice_MatchesVipRule()
    {
        var decision = _engine.Decide(Contact(Voice), new CustomerContext { CustomerId = "c1", Tier = "Gold" });

        Assert.Equal(new RoutingDecision("vip-voice", "vip", 80, ["vip"], TimeSpan.FromSeconds(20)).Queue, decision.Queue);
        Assert.Equal("vip-voice", decision.Rule);
        Assert.Equal(TimeSpan.FromSeconds(20), decision.ServiceLevel);
    }

    [Fact]
    public void Decide_RuleWithEscalation_CarriesItsStepsAndMinimumProficiency()
    {
        var steps = new List<EscalationStep> { new() { After = TimeSpan.FromMinutes(2), DropAllSkills = true } };
        var engine = new RuleEngine([], new RoutingRule { Name = "default", Queue = "general", MinProficiency = 3, Escalation = steps });

        var decision = engine.Decide(Contact(Chat), new CustomerContext());

        Assert.Equal(3, decision.MinProficiency);
        Assert.Same(steps, decision.Escalation);
        Assert.Empty(_engine.Decide(Contact(Chat), new CustomerContext()).Escalation);
    }

    [Fact]
    public void Decide_GoldCustomerOnChat_SameRulesSkipVoiceOnlyRule()
    {
        Assert.Equal("default", _engine.Decide(Contact(Chat), new CustomerContext { Tier = "gold" }).Rule);
    }

    [Theory]
    [InlineData("fr", "", "french")]
    [InlineData("fr-CA", "", "french")]
    [InlineData("", "fr-BE", "french")]
    [InlineData("en", "fr", "default")]
    [InlineData("fra", "", "default")]
    public void Decide_Language_UsesContactLanguageElseCustomers(string contactLanguage, string customerLanguage, string rule)
    {
        Assert.Equal(rule, _engine.Decide(Contact(Chat, language: contactLanguage), new CustomerContext { Language = customerLanguage }).Rule);
    }

    [Fact]
    public void Decide_FirstMatchWins()
    {
        var decision = _engine.Decide(Contact(Chat, language: "fr", intent: "billing"), CustomerContext.Unknown);

        Assert.Equal("french", decision.Rule);
    }

    [Fact]
    public void Decide_AttributeFromCustomerOrContact_Matches()
    {
        Assert.Equal("vip-account", _engine.Decide(Contact(Chat), new CustomerContext { Attributes = new Dictionary<string, string> { ["segment"] = "Enterprise" } }).Rule);
        Assert.Equal("vip-account", _engine.Decide(Contact(Chat, attributes: new() { ["segment"] = "enterprise" }), CustomerContext.Unknown).Rule);
    }

    [Fact]
    public void Decide_NothingMatches_UsesDefault()
    {
        var decision = _engine.Decide(Contact(Chat), CustomerContext.Unavailable);

        Assert.Equal(("default", "general", 10), (decision.Rule, decision.Queue, decision.Priority));
    }

    [Fact]
    public void Decide_PriorityOutOfRange_IsClamped()
    {
        var engine = new RuleEngine([], new RoutingRule { Name = "d", Queue = "q", Priority = 5000 });

        Assert.Equal(RuleEngine.MaxPriority, engine.Decide(Contact(Chat), CustomerContext.Unknown).Priority);
    }

    private static ValidContact Contact(ChannelDefinition channel, string language = "", string intent = "", Dictionary<string, string>? attributes = null) =>
        new(channel, "x1", "addr", "", "", intent, language, attributes ?? [], DateTimeOffset.UnixEpoch);
}
