using Microsoft.Extensions.Options;
using Routing.Core.Errors;
using Routing.Server.AgentStates;

namespace Routing.Server.UnitTests;

public sealed class AgentReasonCodesTests
{
    [Fact]
    public void Require_NoConfiguredCodes_UsesTheBuiltInList_AndRefusesOthersListingThem()
    {
        var codes = new AgentReasonCodes(new StaticOptionsMonitor<AgentsOptions>(new AgentsOptions()));

        Assert.Equal(new AgentReason("after_call_work", "After-call work", "wrap_up"), codes.Require("after_call_work", "status.reason"));
        Assert.Equal(AgentReason.None, codes.Require("", "status.reason"));
        var refused = Assert.Throws<RoutingException>(() => codes.Require(AgentsOptions.NoAnswer, "status.reason"));
        Assert.Equal((RoutingErrorKind.InvalidArgument, "unknown_reason_code", "status.reason"), (refused.Kind, refused.Code, refused.Field));
        Assert.Contains("allowed: after_call_work, break, coaching, lunch, meeting, other, training", refused.Message, StringComparison.Ordinal);
        Assert.Equal("No answer", codes.LabelOf(AgentsOptions.NoAnswer));
    }

    [Fact]
    public void Require_ReadsTheCurrentConfiguration_SoAReloadAppliesAtOnce()
    {
        var monitor = new MutableOptionsMonitor(new AgentsOptions { ReasonCodes = { ["break"] = new() { Label = "Break" } } });
        var codes = new AgentReasonCodes(monitor);
        Assert.Equal("Break", codes.Require("break", "reason").Label);

        monitor.CurrentValue = new AgentsOptions { ReasonCodes = { ["outbound"] = new() { Label = "Outbound" } } };

        Assert.Equal("Outbound", codes.Require("outbound", "reason").Label);
        Assert.Throws<RoutingException>(() => codes.Require("break", "reason"));
    }

    [Theory]
    [InlineData("Lunch", "away")]
    [InlineData("no_answer", "away")]
    [InlineData("lunch", "sometimes")]
    public void Validate_BadCodeReservedCodeOrKind_Fails(string code, string counts)
    {
        var options = new AgentsOptions { ReasonCodes = { [code] = new() { Counts = counts } } };

        Assert.True(new AgentsOptionsValidator().Validate(null, options).Failed);
    }

    private sealed class MutableOptionsMonitor(AgentsOptions value) : IOptionsMonitor<AgentsOptions>
    {
        public AgentsOptions CurrentValue { get; set; } = value;

        public AgentsOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<AgentsOptions, string?> listener) => null;
    }
}
