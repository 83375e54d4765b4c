using Routing.Server.Desk;

namespace Routing.Server.UnitTests;

public sealed class AgentSessionRegistryTests
{
    private readonly AgentSessionRegistry _registry = new();

    [Fact]
    public void TryAdd_TenantAtItsLimit_RefusesANewAgent_ButNotAnAgentConnectingAgain_NorAnotherTenant()
    {
        Assert.True(_registry.TryAdd(Session("t1", "ada", "s1"), 2));
        Assert.True(_registry.TryAdd(Session("t1", "bob", "s2"), 2));

        Assert.False(_registry.TryAdd(Session("t1", "carl", "s3"), 2));
        Assert.Null(_registry.Find("s3"));
        Assert.True(_registry.TryAdd(Session("t1", "ada", "s4"), 2));
        Assert.True(_registry.TryAdd(Session("t2", "carl", "s5"), 2));
        Assert.Equal(3, _registry.CountFor("t1"));
    }

    [Fact]
    public void Remove_FreesTheTenantsSlot()
    {
        var ada = Session("t1", "ada", "s1");
        _registry.TryAdd(ada, 1);
        Assert.False(_registry.TryAdd(Session("t1", "bob", "s2"), 1));

        _registry.Remove(ada);
        _registry.Remove(ada);

        Assert.Equal(0, _registry.CountFor("t1"));
        Assert.True(_registry.TryAdd(Session("t1", "bob", "s3"), 1));
    }

    private static AgentSession Session(string tenant, string agent, string id) => new(tenant, agent, id, TimeProvider.System);
}
