using Routing.Core.Agents;
using Routing.Core.Channels;
using Routing.Core.Errors;

namespace Routing.Core.Tests;

public sealed class AgentProfileBuilderTests
{
    private readonly AgentProfileBuilder _builder = new(
        new ChannelCatalog([
            new ChannelDefinition("voice", AddressKind.Phone, false),
            new ChannelDefinition("chat", AddressKind.Handle, true),
        ]),
        new Dictionary<string, ChannelDeskDefaults>
        {
            ["voice"] = new(1, ["chat"], true),
            ["chat"] = new(3, [], false),
        },
        defaultTotalCapacity: 4);

    [Fact]
    public void Build_MinimalHello_AppliesTheServerDefaults()
    {
        var profile = Build(initialStatus: "");

        Assert.Equal(AgentStatuses.Available, profile.InitialStatus);
        Assert.Equal(4, profile.TotalCapacity);
        Assert.Equal(new Dictionary<string, int> { ["chat"] = 3, ["voice"] = 1 }, profile.Capacity);
        Assert.Equal(["chat"], profile.Blocks["voice"]);
        Assert.Equal(["voice"], profile.KeepOnDisconnect);
        Assert.Equal("ada", profile.DisplayName);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("busy")]
    [InlineData(AgentStatuses.Offline)]
    public void Build_InitialStatusNotAvailableOrAway_IsRejectedNamingTheField(string status)
    {
        var ex = Assert.Throws<RoutingException>(() => Build(initialStatus: status));

        Assert.Equal((RoutingErrorKind.InvalidArgument, "hello.initial_status"), (ex.Kind, ex.Field));
    }

    [Fact]
    public void Build_Away_StartsAway() => Assert.Equal(AgentStatuses.Away, Build(initialStatus: AgentStatuses.Away).InitialStatus);

    [Theory]
    [InlineData("", 3, "hello.agent_id")]
    [InlineData("ada lovelace", 3, "hello.agent_id")]
    [InlineData("ada", 0, "hello.skills.proficiency")]
    [InlineData("ada", DeskLimits.MaxProficiency + 1, "hello.skills.proficiency")]
    public void Build_BadAgentOrSkill_IsRejectedNamingTheField(string agentId, int proficiency, string field)
    {
        var ex = Assert.Throws<RoutingException>(() => _builder.Build(agentId, "", [new AgentSkill("general", proficiency, true)], [], 0, ""));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Build_AgentIdAtTheLimit_Passes() => Assert.Equal(DeskLimits.AgentIdLength, _builder.Build(new string('a', DeskLimits.AgentIdLength), "", [], [], 0, "").AgentId.Length);

    [Theory]
    [InlineData("chat", DeskLimits.MaxPerChannel + 1, 0, "hello.capacity.max_concurrent")]
    [InlineData("chat", -1, 0, "hello.capacity.max_concurrent")]
    [InlineData("fax", 1, 0, "hello.capacity.channel")]
    [InlineData("chat", 1, DeskLimits.MaxTotal + 1, "hello.total_capacity")]
    public void Build_CapacityOutOfBounds_IsRejectedNamingTheField(string channel, int max, int total, string field)
    {
        var ex = Assert.Throws<RoutingException>(() => _builder.Build("ada", "", [], [new(channel, max)], total, ""));

        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void Build_TooManySkills_IsRejected()
    {
        var skills = Enumerable.Range(0, DeskLimits.MaxSkills + 1).Select(i => new AgentSkill($"q{i}", 3, false));

        Assert.Equal("hello.skills", Assert.Throws<RoutingException>(() => _builder.Build("ada", "", skills, [], 0, "")).Field);
    }

    private AgentProfile Build(string initialStatus) => _builder.Build("ada", "", [new AgentSkill("general", 3, true)], [], 0, initialStatus);
}
