using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Routing.Server.Configuration;

namespace Routing.Server.UnitTests;

/// <summary>A rule's escalation bound from configuration keys as the server binds them, and checked by RulesOptionsValidator.</summary>
public sealed class EscalationOptionsTests
{
    [Fact]
    public void Bind_ConfiguredSteps_ReadEveryField()
    {
        var options = Bind(
            ("RoutingRules:Default:MinProficiency", "3"),
            ("RoutingRules:Default:Escalation:0:After", "00:02:00"),
            ("RoutingRules:Default:Escalation:0:DropSkills:0", "french"),
            ("RoutingRules:Default:Escalation:0:MinProficiency", "1"),
            ("RoutingRules:Default:Escalation:1:After", "00:05:00"),
            ("RoutingRules:Default:Escalation:1:WidenTo:0", "billing"),
            ("RoutingRules:Default:Escalation:1:OverflowTo", "overflow"),
            ("RoutingRules:Default:Escalation:1:Priority", "80"),
            ("RoutingRules:Default:Escalation:1:RaisePriorityBy", "5"),
            ("RoutingRules:Default:Escalation:1:DropAllSkills", "true"));

        Assert.True(Validate(options).Succeeded);
        var steps = options.Default.Escalation;
        Assert.Equal(3, options.Default.MinProficiency);
        Assert.Equal((TimeSpan.FromMinutes(2), "french", 1), (steps[0].After, Assert.Single(steps[0].DropSkills), steps[0].MinProficiency));
        Assert.Equal((TimeSpan.FromMinutes(5), "billing", "overflow", 80, 5, true), (steps[1].After, Assert.Single(steps[1].WidenTo), steps[1].OverflowTo, steps[1].Priority, steps[1].RaisePriorityBy, steps[1].DropAllSkills));
        Assert.Equal("120000|0|french|1||||0;300000|1|||billing|overflow|80|5", Routing.Redis.EscalationPlan.Encode(steps));
    }

    [Theory]
    [InlineData("0:After", "00:00:00", "RoutingRules:Default: Escalation:0: After must be positive")]
    [InlineData("1:After", "00:01:00", "RoutingRules:Default: Escalation:1: After (00:01:00) must be later than the previous step's (00:02:00)")]
    [InlineData("1:OverflowTo", "", "RoutingRules:Default: Escalation:1: OverflowTo names ''")]
    [InlineData("1:OverflowTo", "Over Flow", "RoutingRules:Default: Escalation:1: OverflowTo names 'Over Flow'")]
    [InlineData("1:WidenTo:0", "", "RoutingRules:Default: Escalation:1: WidenTo names ''")]
    [InlineData("1:DropSkills:0", "a,b", "RoutingRules:Default: Escalation:1: DropSkills names 'a,b'")]
    [InlineData("1:Priority", "1001", "RoutingRules:Default: Escalation:1: Priority must be 0 to 1000 (got 1001)")]
    [InlineData("1:Priority", "-1", "RoutingRules:Default: Escalation:1: Priority must be 0 to 1000 (got -1)")]
    [InlineData("1:RaisePriorityBy", "-5", "RoutingRules:Default: Escalation:1: RaisePriorityBy must be 0 to 1000")]
    [InlineData("1:MinProficiency", "6", "RoutingRules:Default: Escalation:1: MinProficiency must be 0 (any) to 5")]
    public void Validate_BadStep_NamesTheStepAndWhy(string key, string value, string expected)
    {
        var options = Bind(
            ("RoutingRules:Default:Escalation:0:After", "00:02:00"),
            ("RoutingRules:Default:Escalation:1:After", "00:04:00"),
            ($"RoutingRules:Default:Escalation:{key}", value));

        var result = Validate(options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RuleMinProficiencyOutOfRange_Fails()
    {
        var result = Validate(Bind(("RoutingRules:Rules:0:Name", "vip"), ("RoutingRules:Rules:0:Queue", "vip"), ("RoutingRules:Rules:0:MinProficiency", "9")));

        Assert.Contains(result.Failures!, f => f.Contains("RoutingRules:Rules:0 (vip): MinProficiency must be 0 (any) to 5 (got 9)", StringComparison.Ordinal));
    }

    private static RulesOptions Bind(params (string Key, string? Value)[] settings)
    {
        var values = new Dictionary<string, string?>();
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var options = new RulesOptions();
        configuration.GetSection(RulesOptions.SectionName).Bind(options);
        return options;
    }

    private static ValidateOptionsResult Validate(RulesOptions options) =>
        new RulesOptionsValidator(new OptionsFactory<ChannelsOptions>([], [])).Validate(null, options);
}
