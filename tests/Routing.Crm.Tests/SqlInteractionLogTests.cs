using Routing.Core.Customers;

namespace Routing.Crm.Tests;

public sealed class SqlInteractionLogTests
{
    private static readonly DateTimeOffset QueuedAt = new(2025, 3, 1, 10, 15, 0, TimeSpan.Zero);

    [Fact]
    public async Task RecordAsync_SameContactTwice_SecondReturnsFalseAndKeepsOneRow()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        var interaction = Interaction(host.Tenant, "ct-1");

        var first = await host.Interactions.RecordAsync(interaction, CancellationToken.None).WaitAsync(Timeouts.Test);
        var second = await host.Interactions.RecordAsync(interaction with { Notes = "retried" }, CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(1, await host.Database.ScalarAsync<long>(
            "SELECT count(*) FROM interactions WHERE tenant_id = @Tenant AND contact_id = 'ct-1'", new { host.Tenant }).WaitAsync(Timeouts.Test));
        Assert.Equal("first write", await host.Database.ScalarAsync<string>(
            "SELECT notes FROM interactions WHERE tenant_id = @Tenant AND contact_id = 'ct-1'", new { host.Tenant }).WaitAsync(Timeouts.Test));
    }

    [Fact]
    public async Task RecordAsync_SameContactIdInOtherTenant_RecordsBoth()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);

        var mine = await host.Interactions.RecordAsync(Interaction(host.Tenant, "ct-2"), CancellationToken.None).WaitAsync(Timeouts.Test);
        var theirs = await host.Interactions.RecordAsync(Interaction(CrmTestHost.NewTenant(), "ct-2"), CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.True(mine);
        Assert.True(theirs);
        Assert.Equal(2, await host.Database.ScalarAsync<long>("SELECT count(*) FROM interactions WHERE contact_id = 'ct-2'").WaitAsync(Timeouts.Test));
    }

    [Fact]
    public async Task RecordAsync_Timestamps_StoredAsIsoUtcText()
    {
        await using var host = await CrmTestHost.StartAsync().WaitAsync(Timeouts.Test);
        var interaction = Interaction(host.Tenant, "ct-3") with { QueuedAt = new DateTimeOffset(2025, 3, 1, 11, 15, 0, TimeSpan.FromHours(1)) };

        await host.Interactions.RecordAsync(interaction, CancellationToken.None).WaitAsync(Timeouts.Test);

        var row = (await host.Database.QueryAsync<(string QueuedAt, string? OfferedAt, string CustomerId)>(
            "SELECT queued_at, offered_at, customer_id FROM interactions WHERE tenant_id = @Tenant AND contact_id = 'ct-3'",
            new { host.Tenant }).WaitAsync(Timeouts.Test)).Single();
        Assert.Equal("2025-03-01T10:15:00.0000000Z", row.QueuedAt);
        Assert.Null(row.OfferedAt);
        Assert.Equal("cus-1001", row.CustomerId);
    }

    private static InteractionRecord Interaction(string tenant, string contactId) => new(
        tenant,
        contactId,
        ConversationId: "cv-1",
        CustomerId: "cus-1001",
        Channel: "chat",
        Address: "alice.m",
        Queue: "support",
        AgentId: "agent-ada",
        QueuedAt: QueuedAt,
        OfferedAt: null,
        AcceptedAt: QueuedAt.AddSeconds(20),
        CompletedAt: QueuedAt.AddMinutes(7),
        Disposition: "resolved",
        Notes: "first write");
}
