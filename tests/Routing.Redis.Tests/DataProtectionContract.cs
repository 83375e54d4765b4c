using Routing.Core.Privacy;
using Routing.Testing;
using StackExchange.Redis;
using static Routing.Redis.Tests.EngineTestKit;

namespace Routing.Redis.Tests;

/// <summary>
/// Retention, erasure and the audit trail, each one atomic script, on every backend (real Redis 7,
/// Garnet, a Redis Cluster). Retention uses real TTLs, so its test waits a few seconds.
/// </summary>
public abstract class DataProtectionContract(IConnectionMultiplexer redis)
{
    private static readonly TimeSpan ShortRetention = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task CompleteAndCancel_FinishedContacts_ExpireWithTheirMessagesAndTimelineAfterTheRetention()
    {
        var kit = new EngineTestKit(redis, new EngineSettings { ContactRetention = ShortRetention, WrapUp = TimeSpan.Zero });
        await kit.ConnectAsync("a1");
        var done = await kit.SubmitAsync(customer: "cus-r");
        await kit.AssignAsync("a1", done);
        var gone = await kit.SubmitAsync(customer: "cus-r", at: 1);
        var waiting = await kit.SubmitAsync(customer: "cus-r", at: 2, queue: "nobody");

        Assert.True((await kit.CompleteAsync("a1", done.ContactId, at: 3)).Ok);
        Assert.True((await kit.Store.CancelAsync(new CancelCommand(kit.Tenant, gone.ContactId, "hung up", At(4), "n1"), CancellationToken.None)).Cancelled);

        foreach (var id in new[] { done.ContactId, gone.ContactId })
        {
            foreach (var key in new[] { kit.Keys.Contact(id), kit.Keys.Timeline(id) })
            {
                var ttl = await kit.Db.KeyTimeToLiveAsync(key);
                Assert.True(ttl > TimeSpan.Zero && ttl <= ShortRetention, $"{key}: TTL {ttl}");
            }
        }

        // Not finished: no TTL. The customer's thread and journey outlive every contact they list.
        Assert.Null(await kit.Db.KeyTimeToLiveAsync(kit.Keys.Contact(waiting.ContactId)));
        Assert.True(await kit.Db.KeyTimeToLiveAsync(kit.Keys.Journey("cust:cus-r")) > TimeSpan.FromHours(24));
        Assert.True(await kit.Db.KeyTimeToLiveAsync(kit.Keys.Thread("cust:cus-r")) > TimeSpan.FromHours(24));

        await Task.Delay(ShortRetention + TimeSpan.FromMilliseconds(500));
        foreach (var id in new[] { done.ContactId, gone.ContactId })
        {
            Assert.False(await kit.Db.KeyExistsAsync(kit.Keys.Contact(id)));
            Assert.False(await kit.Db.KeyExistsAsync(kit.Keys.Timeline(id)));
        }

        Assert.True(await kit.Db.KeyExistsAsync(kit.Keys.Contact(waiting.ContactId)));
    }

    [Fact]
    public async Task Enqueue_JourneyOlderThanTheRetention_IsTrimmed()
    {
        var kit = new EngineTestKit(redis, new EngineSettings { ContactRetention = TimeSpan.FromSeconds(10) });
        var old = await kit.SubmitAsync(customer: "cus-j", at: 0);
        var recent = await kit.SubmitAsync(customer: "cus-j", at: 8);
        var latest = await kit.SubmitAsync(customer: "cus-j", at: 15);

        var journey = (await kit.Db.SortedSetRangeByRankAsync(kit.Keys.Journey("cust:cus-j"))).Select(v => (string)v!).ToList();

        Assert.Equal([recent.ContactId, latest.ContactId], journey);
        Assert.DoesNotContain(old.ContactId, journey);
    }

    [Fact]
    public async Task Complete_ContactSharingItsCrmSnapshot_KeepsTheSnapshotAtLeastAsLongAsTheContact()
    {
        var kit = new EngineTestKit(redis);
        await kit.ConnectAsync("a1");
        var contact = await kit.SubmitAsync(customer: "cus-r", at: 1);
        await kit.AssignAsync("a1", contact, at: 1);
        var version = (string)(await kit.Db.HashGetAsync(kit.Keys.Contact(contact.ContactId), "crmv"))!;
        var snapshot = kit.Keys.CustomerSnapshot("cust:cus-r", version);

        // The snapshot outlives the contact even when the thread would not have kept it that long.
        await kit.Db.KeyExpireAsync(snapshot, TimeSpan.FromSeconds(30));
        Assert.True((await kit.CompleteAsync("a1", contact.ContactId, at: 2)).Ok);

        var contactTtl = await kit.Db.KeyTimeToLiveAsync(kit.Keys.Contact(contact.ContactId));
        var snapshotTtl = await kit.Db.KeyTimeToLiveAsync(snapshot);
        Assert.NotNull(contactTtl);
        Assert.NotNull(snapshotTtl);
        Assert.True(snapshotTtl >= contactTtl - TimeSpan.FromSeconds(5), $"snapshot {snapshotTtl}, contact {contactTtl}");
        var read = await kit.Store.GetContactAsync(kit.Tenant, contact.ContactId, CancellationToken.None);
        Assert.Equal("cus-r", read!.Customer.CustomerId);
    }

    [Fact]
    public async Task Erase_CancelsContactsInFlight_TellsTheirAgent_AndDeletesEveryKeyOfTheThread()
    {
        var kit = new EngineTestKit(redis);
        await kit.ConnectAsync("a1");
        var finished = await kit.SubmitAsync(customer: "cus-x", at: 1);
        await kit.AssignAsync("a1", finished, at: 1);
        Assert.True((await kit.CompleteAsync("a1", finished.ContactId, at: 2)).Ok);
        var assigned = await kit.SubmitAsync(customer: "cus-x", at: 3);
        await kit.AssignAsync("a1", assigned, at: 3);
        var offered = await kit.SubmitAsync(customer: "cus-x", at: 4);
        var offer = Assert.Single(offered.Events, e => e.Kind == RoutingEventKind.Offer);
        var queued = await kit.SubmitAsync(customer: "cus-x", at: 5, queue: "nobody");
        var other = await kit.SubmitAsync(customer: "cus-y", at: 6, queue: "nobody");
        string[] ids = [finished.ContactId, assigned.ContactId, offered.ContactId, queued.ContactId];
        var consents = new ConsentStore(redis);
        Assert.True(await consents.UpdateAsync(kit.Tenant, new ConsentOverride("cus-x", "email", false, At(6)), At(6)));
        Assert.True(await consents.UpdateAsync(kit.Tenant, new ConsentOverride("cus-y", "email", false, At(6)), At(6)));

        var reply = await new CustomerDataStore(redis, kit.Settings).EraseThreadAsync(new EraseCommand(kit.Tenant, "cust:cus-x", "erased", At(7), "n1"), CancellationToken.None);

        Assert.Equal(ids.Order(), reply.Erased.Order());
        Assert.Equal(new[] { assigned.ContactId, offered.ContactId, queued.ContactId }.Order(), reply.Cancelled.Order());
        var revokes = reply.Events.Where(e => e.Kind == RoutingEventKind.Revoke).ToList();
        Assert.Contains(revokes, e => e.AgentId == "a1" && e.ContactId == assigned.ContactId && e.RevokeReason == EngineRevokeReason.Cancelled);
        Assert.Contains(revokes, e => e.AgentId == "a1" && e.ContactId == offered.ContactId && e.OfferId == offer.OfferId);
        var agent = await kit.AgentAsync("a1");
        Assert.Equal(0, agent.TotalLoad);
        Assert.Empty(agent.Holdings);
        Assert.Equal([other.ContactId], await kit.WaitingAsync("nobody"));
        Assert.Null(await kit.Db.SortedSetScoreAsync(kit.Keys.WriteBack, finished.ContactId));

        var keys = await KeysOfAsync(kit.Tenant);
        Assert.DoesNotContain(keys, k => ids.Any(id => k.Contains(id, StringComparison.Ordinal)) || k.Contains("cus-x", StringComparison.Ordinal));
        Assert.Contains(kit.Keys.Contact(other.ContactId).ToString(), keys);
        Assert.Contains(kit.Keys.Thread("cust:cus-y").ToString(), keys);
        Assert.Contains(keys, k => k.StartsWith(kit.Keys.Prefix + "s:cust:cus-y:", StringComparison.Ordinal));
        Assert.Empty(await consents.GetAsync(kit.Tenant, "cus-x"));
        Assert.Single(await consents.GetAsync(kit.Tenant, "cus-y"));
        Assert.Equal(["cus-y|email"], (await kit.Db.SortedSetRangeByRankAsync(kit.Keys.ConsentWriteBack)).Select(v => (string)v!));

        var again = await new CustomerDataStore(redis, kit.Settings).EraseThreadAsync(new EraseCommand(kit.Tenant, "cust:cus-x", "erased", At(8), "n1"), CancellationToken.None);
        Assert.Empty(again.Erased);
        Assert.Empty(again.Cancelled);
    }

    [Fact]
    public async Task ConsentUpdate_NewestChangeWins_AndConfirmKeepsANewerChangeQueued()
    {
        var tenant = TestTenant.New();
        var consents = new ConsentStore(redis);
        var optOut = new ConsentOverride("cus-c", "sms", false, At(5));

        Assert.True(await consents.UpdateAsync(tenant, optOut, At(5)));
        Assert.False(await consents.UpdateAsync(tenant, optOut with { OptedIn = true, ChangedAt = At(4) }, At(6)));
        Assert.Equal(optOut, (await consents.GetAsync(tenant, "cus-c"))["sms"]);
        var due = Assert.Single(await consents.DueAsync(tenant, At(6), 10));
        Assert.Equal(("cus-c", "sms", optOut), (due.CustomerId, due.Channel, due.Change));

        var optIn = optOut with { OptedIn = true, ChangedAt = At(7) };
        Assert.True(await consents.UpdateAsync(tenant, optIn, At(7)));
        Assert.False(await consents.ConfirmAsync(tenant, optOut));
        Assert.Equal(1, await consents.CountWriteBackAsync(tenant));
        Assert.True(await consents.ConfirmAsync(tenant, optIn));
        Assert.Equal(0, await consents.CountWriteBackAsync(tenant));
        Assert.True((await consents.GetAsync(tenant, "cus-c"))["sms"].OptedIn);
    }

    [Fact]
    public async Task Audit_TrimsToItsRetention_AndPagesNewestFirst()
    {
        var tenant = TestTenant.New();
        var trail = new AuditTrail(redis);
        var now = DateTimeOffset.UtcNow;
        await trail.AppendAsync(new AuditEntry("au-old", now.AddDays(-2), tenant, "ops", AuditActions.Cancel, "ct-0", ""), TimeSpan.FromDays(1), CancellationToken.None);
        for (var i = 1; i <= 5; i++)
        {
            // Two entries share each millisecond: paging must neither skip nor repeat one.
            await trail.AppendAsync(new AuditEntry($"au-{i}", now.AddMilliseconds(i / 2), tenant, "ops", AuditActions.Cancel, $"ct-{i}", ""), TimeSpan.FromDays(1), CancellationToken.None);
        }

        var read = new List<string>();
        var token = "";
        do
        {
            var page = await trail.ReadAsync(tenant, 2, token, CancellationToken.None);
            Assert.True(page.Entries.Count <= 2);
            read.AddRange(page.Entries.Select(e => e.Id));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(5, read.Count);
        Assert.Equal(read.Distinct(), read);
        Assert.DoesNotContain("au-old", read);
        Assert.Equal(["au-5", "au-4"], read.Take(2).Order().Reverse());
    }

    private async Task<List<string>> KeysOfAsync(string tenant)
    {
        var found = new List<string>();
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: $"*{{{tenant}}}*"))
            {
                found.Add(key!);
            }
        }

        return found;
    }
}

public sealed class DataProtectionOnRedisTests(RedisServerFixture redis)
    : DataProtectionContract(redis.Connection), IClassFixture<RedisServerFixture>;

public sealed class DataProtectionOnGarnetTests(GarnetFixture garnet)
    : DataProtectionContract(garnet.Connection), IClassFixture<GarnetFixture>;

[Collection(RedisClusterCollection.Name)]
public sealed class DataProtectionOnClusterTests(RedisClusterFixture cluster)
    : DataProtectionContract(cluster.Connection);
