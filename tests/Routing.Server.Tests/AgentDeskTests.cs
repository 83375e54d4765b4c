using Microsoft.Data.Sqlite;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>The agent desk end to end: real Kestrel, real redis-server, generated AgentDesk client.</summary>
public sealed class AgentDeskTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private IConnectionMultiplexer Redis => redis.Connection;

    [Fact]
    public async Task Contact_FromSubmitToComplete_IsOfferedAcceptedCompletedAndWrittenBackOnce()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host.Channel, "ada");
        Assert.Equal("ada", ada.Welcome.AgentId);
        Assert.StartsWith("ses-", ada.Welcome.SessionId);
        Assert.Empty(ada.Welcome.Resumed);

        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat", "my parcel is late"));
        var offer = await ada.NextOfferAsync();
        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        Assert.Equal("my parcel is late", offer.Contact.Text);
        Assert.Equal(OfferReason.Strategy, offer.Reason);
        Assert.True(offer.ExpiresAt.ToDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.NotNull(offer.Contact.Customer);

        var assigned = await ada.AcceptAsync(offer.OfferId);
        Assert.Equal(receipt.ContactId, assigned.Assigned.Assignment.Contact.ContactId);
        Assert.Equal(ContactState.Assigned, assigned.Assigned.Assignment.Contact.State);

        var completed = await ada.CompleteAsync(receipt.ContactId, "resolved");
        Assert.Equal(receipt.ContactId, completed.Completed.ContactId);

        var engine = new RoutingEngineStore(Redis, new EngineSettings());
        await Eventually.TrueAsync(async () => await engine.CountWriteBackAsync(host.Tenant) == 0);
        await using var crm = new SqliteConnection($"Data Source={host.CrmDatabase}");
        await crm.OpenAsync();
        using var command = crm.CreateCommand();
        command.CommandText = "SELECT agent_id || '|' || disposition || '|' || channel || '|' || queue FROM interactions WHERE contact_id = $id";
        command.Parameters.AddWithValue("$id", receipt.ContactId);
        Assert.Equal("ada|resolved|chat|general", (string?)await command.ExecuteScalarAsync());

        var timeline = await new ContactQueueStore(Redis, Microsoft.Extensions.Options.Options.Create(new RedisOptions()), new EngineSettings())
            .GetTimelineAsync(host.Tenant, receipt.ContactId, CancellationToken.None);
        Assert.Equal(["received", "queued", "offered", "accepted", "completed"], timeline.Select(t => t.Kind));
        Assert.Equal("ada", timeline[2].Agent);
    }
}
