using Microsoft.Extensions.Options;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Customers;
using Routing.Core.Rules;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>
/// What the store must do, run against every backend the router supports (real Redis 7 and the
/// embedded Garnet): the same Lua scripts must behave the same on both.
/// </summary>
public abstract class ContactQueueStoreContract(IConnectionMultiplexer redis)
{
    private static readonly ChannelDefinition Chat = new("chat", AddressKind.Handle, MergeWhileWaiting: true);
    private static readonly ChannelDefinition Email = new("email", AddressKind.Email, MergeWhileWaiting: true);
    private static readonly ChannelDefinition Voice = new("voice", AddressKind.Phone, MergeWhileWaiting: false);
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly string _tenant = TestTenant.New();
    private readonly ContactQueueStore _store = new(redis, Options.Create(new RedisOptions()), new EngineSettings());

    private IDatabase Db => redis.GetDatabase();

    [Fact]
    public async Task EnqueueAsync_NewContact_WritesContactQueueEntryAndTimeline()
    {
        var result = await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch);

        Assert.Equal(EnqueueOutcome.Queued, result.Outcome);
        Assert.True(result.NewConversation);
        Assert.Equal(1, result.Position);
        Assert.Equal("general", result.Queue);

        var contact = await _store.GetContactAsync(_tenant, result.ContactId, CancellationToken.None).WaitAsync(TestTimeout.Short);
        Assert.NotNull(contact);
        Assert.Equal(ContactStates.Queued, contact.State);
        Assert.Equal("alice", contact.From);
        Assert.Equal(result.ConversationId, contact.ConversationId);
        Assert.Equal("cus-1", contact.Customer.CustomerId);
        Assert.Equal("gold", contact.Customer.Tier);
        Assert.Equal(["billing"], contact.Skills);

        var timeline = await _store.GetTimelineAsync(_tenant, result.ContactId, CancellationToken.None).WaitAsync(TestTimeout.Short);
        Assert.Equal(["received", "queued"], timeline.Select(e => e.Kind));
        Assert.Equal(["ct"], (await _store.GetWaitingAsync(_tenant, "general", 10, CancellationToken.None)).Select(id => id[..2]));
    }

    [Fact]
    public async Task EnqueueAsync_LongTextAndCrmSnapshot_StoredInShortValuesAndOneSnapshotPerVersion_ReadWhole()
    {
        // Multi-byte characters on both sides of every 64-byte boundary: parts never split a character.
        var text = string.Concat(Enumerable.Range(0, 40).Select(i => i % 3 == 0 ? "é😀" : "ab"));
        var first = await EnqueueAsync(Voice, "v1", "+15550001", DateTimeOffset.UnixEpoch, text: text);
        var second = await EnqueueAsync(Voice, "v2", "+15550001", DateTimeOffset.UnixEpoch, text: "short", now: T0.AddSeconds(5));

        // Every value of the contact hash fits a listpack (at most 64 bytes), the snapshot among them no longer.
        foreach (var id in new[] { first.ContactId, second.ContactId })
        {
            var entries = await Db.HashGetAllAsync(new RoutingKeys(_tenant).Contact(id)).WaitAsync(TestTimeout.Short);
            Assert.All(entries, e => Assert.True(System.Text.Encoding.UTF8.GetByteCount((string)e.Value!) <= 64, $"{e.Name} holds {e.Value}"));
            Assert.DoesNotContain(entries, e => e.Name == "crm");
        }

        var contact = await _store.GetContactAsync(_tenant, first.ContactId, CancellationToken.None).WaitAsync(TestTimeout.Short);
        Assert.NotNull(contact);
        Assert.Equal(text, contact.Text);
        Assert.Equal("test", contact.Attributes["src"]);
        Assert.Equal(("cus-1", "gold", "Alice"), (contact.Customer.CustomerId, contact.Customer.Tier, contact.Customer.DisplayName));
        var history = Assert.Single(await _store.GetConversationHistoryAsync(_tenant, first.ConversationId, second.ContactId, 10, CancellationToken.None).WaitAsync(TestTimeout.Short));
        Assert.Equal(text, history.Text);

        // Both contacts were routed with the same snapshot: it is stored once, living as long as their thread.
        var version = (string?)await Db.HashGetAsync(new RoutingKeys(_tenant).Contact(first.ContactId), "crmv");
        Assert.Equal(version, (string?)await Db.HashGetAsync(new RoutingKeys(_tenant).Contact(second.ContactId), "crmv"));
        var snapshot = new RoutingKeys(_tenant).CustomerSnapshot("cust:cus-1", version!);
        Assert.Contains("\"tier\":\"gold\"", (string?)await Db.StringGetAsync(snapshot), StringComparison.Ordinal);
        var ttl = await Db.KeyTimeToLiveAsync(snapshot);
        Assert.NotNull(ttl);
        Assert.True(ttl >= (await Db.KeyTimeToLiveAsync(new RoutingKeys(_tenant).Thread("cust:cus-1")))!.Value - TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GetContactAsync_ContactWrittenByThePreviousLayout_ReadsTheSame()
    {
        // A contact waiting through an upgrade: the CRM snapshot inline in "crm", the text in one long field.
        var keys = new RoutingKeys(_tenant);
        var text = new string('x', 150);
        await Db.HashSetAsync(keys.Contact("ct-old"),
        [
            new("id", "ct-old"), new("ch", "chat"), new("from", "alice"), new("text", text), new("subj", "s"), new("attrs", "{\"src\":\"test\"}"),
            new("queue", "general"), new("state", "queued"), new("thread", "cust:cus-1"), new("cust", "cus-1"),
            new("crm", "{\"customerId\":\"cus-1\",\"displayName\":\"Alice\",\"tier\":\"gold\",\"channelOrder\":[],\"known\":true}"),
        ]).WaitAsync(TestTimeout.Short);

        var contact = await _store.GetContactAsync(_tenant, "ct-old", CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.NotNull(contact);
        Assert.Equal(text, contact.Text);
        Assert.Equal("test", contact.Attributes["src"]);
        Assert.Equal(("cus-1", "gold", "Alice"), (contact.Customer.CustomerId, contact.Customer.Tier, contact.Customer.DisplayName));
    }

    [Fact]
    public async Task EnqueueAsync_SameExternalIdTwice_ReturnsSameContactAsDuplicate()
    {
        var first = await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch);
        var second = await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch, now: T0.AddSeconds(5));

        Assert.Equal(EnqueueOutcome.Duplicate, second.Outcome);
        Assert.Equal(first.ContactId, second.ContactId);
        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(1, second.Position);
        Assert.Equal(1, await _store.CountWaitingAsync(_tenant, "general", CancellationToken.None).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task EnqueueAsync_SecondMessageOnSameChannelWhileWaiting_MergesIntoWaitingContact()
    {
        var first = await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch);
        var second = await EnqueueAsync(Chat, "m2", "alice", DateTimeOffset.UnixEpoch, text: "are you there?", now: T0.AddSeconds(10));

        Assert.Equal(EnqueueOutcome.Merged, second.Outcome);
        Assert.Equal(first.ContactId, second.ContactId);
        Assert.Equal(1, await _store.CountWaitingAsync(_tenant, "general", CancellationToken.None));
        var contact = await _store.GetContactAsync(_tenant, first.ContactId, CancellationToken.None);
        Assert.Equal(2, contact!.MessageCount);
        var merged = Assert.Single(await _store.GetMergedMessagesAsync(_tenant, first.ContactId, CancellationToken.None));
        Assert.Equal("are you there?", merged.Text);

        // A retry of the merged message is a duplicate of the contact it was merged into.
        var retry = await EnqueueAsync(Chat, "m2", "alice", DateTimeOffset.UnixEpoch);
        Assert.Equal(EnqueueOutcome.Duplicate, retry.Outcome);
        Assert.Equal(first.ContactId, retry.ContactId);
    }

    [Fact]
    public async Task EnqueueAsync_QueueHoldingItsLimit_RefusesQueueFullAndWritesNothing()
    {
        await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch, customerId: "cus-1", maxWaiting: 2);
        await EnqueueAsync(Chat, "m2", "bob", DateTimeOffset.UnixEpoch, customerId: "cus-2", maxWaiting: 2);

        var refused = await EnqueueAsync(Chat, "m3", "carol", DateTimeOffset.UnixEpoch, customerId: "cus-3", maxWaiting: 2);

        Assert.Equal(EnqueueOutcome.QueueFull, refused.Outcome);
        Assert.Equal("general", refused.Queue);
        Assert.Equal("", refused.ContactId);
        Assert.Empty(refused.Events);
        Assert.Equal(2, await _store.CountWaitingAsync(_tenant, "general", CancellationToken.None).WaitAsync(TestTimeout.Short));
        var keys = new RoutingKeys(_tenant);
        Assert.False(await Db.KeyExistsAsync(keys.ExternalId("chat", "m3")).WaitAsync(TestTimeout.Short));
        Assert.False(await Db.KeyExistsAsync(keys.Thread("cust:cus-3")).WaitAsync(TestTimeout.Short));
        Assert.False(await Db.KeyExistsAsync(keys.Journey("cust:cus-3")).WaitAsync(TestTimeout.Short));

        // No idempotency record was left, so the same contact retried once there is room is queued.
        var retried = await EnqueueAsync(Chat, "m3", "carol", DateTimeOffset.UnixEpoch, customerId: "cus-3", maxWaiting: 3);
        Assert.Equal(EnqueueOutcome.Queued, retried.Outcome);
        Assert.Equal(3, retried.Position);
    }

    [Fact]
    public async Task EnqueueAsync_FollowUpMergingIntoWaitingContactOfFullQueue_IsNotRefused()
    {
        var first = await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch, maxWaiting: 1);
        var followUp = await EnqueueAsync(Chat, "m2", "alice", DateTimeOffset.UnixEpoch, now: T0.AddSeconds(5), maxWaiting: 1);
        var otherChannel = await EnqueueAsync(Email, "e1", "alice@example.com", DateTimeOffset.UnixEpoch, now: T0.AddSeconds(6), maxWaiting: 1);

        Assert.Equal(EnqueueOutcome.Merged, followUp.Outcome);
        Assert.Equal(first.ContactId, followUp.ContactId);
        Assert.Equal(EnqueueOutcome.QueueFull, otherChannel.Outcome);
        Assert.Equal(1, await _store.CountWaitingAsync(_tenant, "general", CancellationToken.None).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task EnqueueAsync_ChannelThatDoesNotMerge_QueuesSecondContactInSameConversation()
    {
        var first = await EnqueueAsync(Voice, "call-1", "+447700900101", DateTimeOffset.UnixEpoch);
        var second = await EnqueueAsync(Voice, "call-2", "+447700900101", DateTimeOffset.UnixEpoch, now: T0.AddSeconds(3));

        Assert.Equal(EnqueueOutcome.Queued, second.Outcome);
        Assert.NotEqual(first.ContactId, second.ContactId);
        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(2, second.Position);
    }

    [Fact]
    public async Task EnqueueAsync_OtherChannelSameCustomer_JoinsOpenConversation()
    {
        var email = await EnqueueAsync(Email, "e1", "alice@example.com", DateTimeOffset.UnixEpoch);
        var chat = await EnqueueAsync(Chat, "c1", "alice", DateTimeOffset.UnixEpoch, now: T0.AddMinutes(5));

        Assert.Equal(EnqueueOutcome.Queued, chat.Outcome);
        Assert.False(chat.NewConversation);
        Assert.Equal(email.ConversationId, chat.ConversationId);
        Assert.Equal([email.ContactId, chat.ContactId],
            await _store.GetConversationContactsAsync(_tenant, email.ConversationId, CancellationToken.None).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task EnqueueAsync_AfterConversationWindow_OpensNewConversation()
    {
        var first = await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch);
        var later = await EnqueueAsync(Chat, "m2", "alice", DateTimeOffset.UnixEpoch, now: T0.AddHours(25));

        Assert.Equal(EnqueueOutcome.Queued, later.Outcome);
        Assert.True(later.NewConversation);
        Assert.NotEqual(first.ConversationId, later.ConversationId);
    }

    [Fact]
    public async Task EnqueueAsync_HigherPriority_IsServedBeforeEarlierLowerPriority()
    {
        var low = await EnqueueAsync(Chat, "low", "a", DateTimeOffset.UnixEpoch, customerId: "c-a", priority: 10);
        var high = await EnqueueAsync(Chat, "high", "b", DateTimeOffset.UnixEpoch, customerId: "c-b", priority: 50, now: T0.AddSeconds(30));

        Assert.Equal(1, high.Position);
        Assert.Equal([high.ContactId, low.ContactId], await _store.GetWaitingAsync(_tenant, "general", 10, CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_LowPriorityWaitingLongEnough_AgesAheadOfNewHighPriority()
    {
        // Priority weight is one minute per point: 40 points ahead is overtaken after 40 minutes of waiting.
        var old = await EnqueueAsync(Chat, "old", "a", DateTimeOffset.UnixEpoch, customerId: "c-a", priority: 10);
        var fresh = await EnqueueAsync(Chat, "new", "b", DateTimeOffset.UnixEpoch, customerId: "c-b", priority: 50, now: T0.AddMinutes(41));

        Assert.Equal(2, fresh.Position);
        Assert.Equal([old.ContactId, fresh.ContactId], await _store.GetWaitingAsync(_tenant, "general", 10, CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_RetriedWithinEqualScoresAndLaterArrivals_PositionIsPlaceInLine()
    {
        // Three contacts share a score (same moment, same priority), one came well before and two
        // after: a retried submit of each reports its place in line as the queue orders it (ties by
        // id), whether it is counted from the head (nearer the first score) or from the tail.
        await EnqueueAsync(Voice, "before", "v0", DateTimeOffset.UnixEpoch, customerId: "c-0", now: T0.AddSeconds(-3));
        foreach (var n in new[] { 1, 2, 3 })
        {
            await EnqueueAsync(Voice, $"tie{n}", $"v{n}", DateTimeOffset.UnixEpoch, customerId: $"c-{n}");
        }

        await EnqueueAsync(Voice, "after1", "v4", DateTimeOffset.UnixEpoch, customerId: "c-4", now: T0.AddSeconds(1));
        await EnqueueAsync(Voice, "after2", "v5", DateTimeOffset.UnixEpoch, customerId: "c-5", now: T0.AddSeconds(2));

        var line = await _store.GetWaitingAsync(_tenant, "general", 10, CancellationToken.None);
        Assert.Equal(6, line.Count);
        var externalIds = new[] { "before", "tie1", "tie2", "tie3", "after1", "after2" };
        var customers = new[] { "c-0", "c-1", "c-2", "c-3", "c-4", "c-5" };
        for (var i = 0; i < externalIds.Length; i++)
        {
            var retried = await EnqueueAsync(Voice, externalIds[i], $"v{i}", DateTimeOffset.UnixEpoch, customerId: customers[i], now: T0.AddSeconds(5));
            Assert.Equal(EnqueueOutcome.Duplicate, retried.Outcome);
            Assert.Equal(line.ToList().IndexOf(retried.ContactId) + 1, retried.Position);
        }
    }

    [Fact]
    public async Task CancelAsync_WaitingContact_RemovesItFromQueueOnce()
    {
        var queued = await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch);

        var cancelled = await _store.CancelAsync(new CancelCommand(_tenant, queued.ContactId, "caller hung up", T0, "node-a"), CancellationToken.None).WaitAsync(TestTimeout.Short);
        var again = await _store.CancelAsync(new CancelCommand(_tenant, queued.ContactId, "", T0, "node-a"), CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.True(cancelled.Cancelled);
        Assert.Equal(ContactStates.Queued, cancelled.PreviousState);
        Assert.True(again.Found);
        Assert.False(again.Cancelled);
        Assert.Equal(ContactStates.Cancelled, again.PreviousState);
        Assert.Equal(0, await _store.CountWaitingAsync(_tenant, "general", CancellationToken.None));
        var timeline = await _store.GetTimelineAsync(_tenant, queued.ContactId, CancellationToken.None);
        Assert.Equal("caller hung up", timeline[^1].Detail);
    }

    [Fact]
    public async Task CancelAsync_UnknownContact_ReportsNotFound()
    {
        var result = await _store.CancelAsync(new CancelCommand(_tenant, "ct-missing", "", T0, "node-a"), CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.False(result.Found);
        Assert.False(result.Cancelled);
    }

    [Fact]
    public async Task EnqueueAsync_AfterWaitingContactCancelled_QueuesNewContactInsteadOfMerging()
    {
        var first = await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch);
        await _store.CancelAsync(new CancelCommand(_tenant, first.ContactId, "", T0, "node-a"), CancellationToken.None).WaitAsync(TestTimeout.Short);

        var second = await EnqueueAsync(Chat, "m2", "alice", DateTimeOffset.UnixEpoch, now: T0.AddSeconds(20));

        Assert.Equal(EnqueueOutcome.Queued, second.Outcome);
        Assert.NotEqual(first.ContactId, second.ContactId);
        Assert.Equal(first.ConversationId, second.ConversationId);
    }

    [Fact]
    public async Task EnqueueAsync_SameExternalIdConcurrently_CreatesExactlyOneContact()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => EnqueueAsync(Chat, "race", "alice", DateTimeOffset.UnixEpoch)))
            .WaitAsync(TestTimeout.Short);

        Assert.Single(results.Select(r => r.ContactId).Distinct());
        Assert.Equal(1, results.Count(r => r.Outcome == EnqueueOutcome.Queued));
        Assert.Equal(1, await _store.CountWaitingAsync(_tenant, "general", CancellationToken.None));
    }

    [Fact]
    public async Task EnqueueAsync_AnyContact_KeepsEveryKeyUnderTheTenantHashTag()
    {
        await EnqueueAsync(Chat, "m1", "alice", DateTimeOffset.UnixEpoch);
        await EnqueueAsync(Email, "e1", "alice@example.com", DateTimeOffset.UnixEpoch);

        // Every primary: on a cluster the tenant's keys live on whichever node serves its slot.
        var keys = new List<string>();
        foreach (var server in redis.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: $"*{_tenant}*").WithCancellation(CancellationToken.None))
            {
                keys.Add(key!);
            }
        }

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.StartsWith($"routing:{{{_tenant}}}:", k));
    }

    private Task<EnqueueResult> EnqueueAsync(
        ChannelDefinition channel,
        string externalId,
        string from,
        DateTimeOffset receivedAt,
        string customerId = "cus-1",
        int priority = 10,
        string text = "hello",
        DateTimeOffset? now = null,
        long maxWaiting = 0)
    {
        var at = now ?? T0;
        var contact = new ValidContact(channel, externalId, from, "", text, "", "en", new Dictionary<string, string> { ["src"] = "test" }, receivedAt == DateTimeOffset.UnixEpoch ? at : receivedAt);
        var customer = new CustomerContext { CustomerId = customerId, Tier = "gold", DisplayName = "Alice" };
        var decision = new RoutingDecision("default", "general", priority, ["billing"], TimeSpan.FromSeconds(60));
        var request = new EnqueueRequest(
            _tenant,
            contact,
            customer,
            decision,
            $"cust:{customerId}",
            channel.MergeWhileWaiting,
            TimeSpan.FromHours(24),
            TimeSpan.FromMinutes(1),
            at,
            "node-a")
        {
            MaxWaiting = maxWaiting,
        };
        return _store.EnqueueAsync(request, CancellationToken.None).WaitAsync(TestTimeout.Short);
    }
}
