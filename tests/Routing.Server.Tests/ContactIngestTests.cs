using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>Ingest end to end: real Kestrel, real redis-server, real SQLite CRM, generated client.</summary>
public sealed class ContactIngestTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private RoutingServerHost _host = null!;
    private ContactIngest.ContactIngestClient _client = null!;

    private IConnectionMultiplexer Redis => redis.Connection;

    public async Task InitializeAsync()
    {
        _host = await RoutingServerHost.StartAsync(redis.ConnectionString);
        _client = new ContactIngest.ContactIngestClient(_host.Channel);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Submit_EmailChatAndSmsFromSameCustomer_EndInOneConversation()
    {
        var email = await SubmitAsync(Contact("email", "mail-1", "Alice.Martin@Example.com", "Invoice question"));
        var chat = await SubmitAsync(Contact("chat", "chat-1", " alice.m ", "Did you get my e-mail?"));
        var sms = await SubmitAsync(Contact("sms", "sms-1", "+44 (0)7700 900101".Replace("(0)", ""), "Please call me"));

        Assert.All([email, chat, sms], r => Assert.Equal("cus-1001", r.CustomerId));
        Assert.True(email.NewConversation);
        Assert.False(chat.NewConversation);
        Assert.False(sms.NewConversation);
        Assert.Single(new[] { email.ConversationId, chat.ConversationId, sms.ConversationId }.Distinct());
        Assert.Equal(3, new[] { email.ContactId, chat.ContactId, sms.ContactId }.Distinct().Count());

        var members = await Redis.GetDatabase().ListRangeAsync(_host.Keys.ConversationContacts(email.ConversationId)).WaitAsync(TestTimeout.Short);
        Assert.Equal([email.ContactId, chat.ContactId, sms.ContactId], members.Select(m => (string)m!));

        var store = new ContactQueueStore(Redis, Microsoft.Extensions.Options.Options.Create(new RedisOptions()), new EngineSettings());
        var stored = await store.GetContactAsync(_host.Tenant, chat.ContactId, CancellationToken.None).WaitAsync(TestTimeout.Short);
        Assert.NotNull(stored);
        Assert.Equal("alice.m", stored.From);
        Assert.Equal("Alice Martin", stored.Customer.DisplayName);
        Assert.Equal("gold", stored.Customer.Tier);
        Assert.False(stored.Customer.ChannelConsent["whatsapp"]);
        Assert.Equal("agent-ada", stored.Customer.PreferredAgentId);
        Assert.Contains(stored.Customer.OpenCases, c => c.CaseId == "case-5001");
    }

    [Fact]
    public async Task Submit_DuplicateExternalId_ReturnsSameContactFlaggedDuplicate()
    {
        var first = await SubmitAsync(Contact("voice", "call-77", "+447700900101", ""));
        var retry = await SubmitAsync(Contact("voice", "call-77", "+447700900101", ""));

        Assert.False(first.Duplicate);
        Assert.True(retry.Duplicate);
        Assert.Equal(first.ContactId, retry.ContactId);
        Assert.Equal(first.ConversationId, retry.ConversationId);
        Assert.Equal(1, await Redis.GetDatabase().SortedSetLengthAsync(_host.Keys.Queue(first.Queue)).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Submit_SecondChatMessageWhileFirstWaits_MergesIntoWaitingContact()
    {
        var first = await SubmitAsync(Contact("chat", "c-1", "alice.m", "Hello"));
        var second = await SubmitAsync(Contact("chat", "c-2", "alice.m", "Anyone there?"));

        Assert.True(second.Merged);
        Assert.Equal(first.ContactId, second.ContactId);
        Assert.Equal(1, second.Position);
        Assert.Equal(1, await Redis.GetDatabase().SortedSetLengthAsync(_host.Keys.Queue(first.Queue)).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Submit_UnknownSender_IsQueuedAsNewCustomer()
    {
        var receipt = await SubmitAsync(Contact("whatsapp", "wa-1", "+14155550100", "hi"));

        Assert.Equal("", receipt.CustomerId);
        Assert.False(receipt.CrmPartial);
        Assert.True(receipt.NewConversation);
        Assert.Equal(ContactState.Queued, receipt.State);
    }

    public static TheoryData<string, string, string, string, string> BadContacts => new()
    {
        { "fax", "x-1", "+447700900101", "hello", "contact.channel" },
        { "", "x-1", "+447700900101", "hello", "contact.channel" },
        { "sms", "", "+447700900101", "hello", "contact.external_id" },
        { "sms", "x-1", "", "hello", "contact.from" },
        { "sms", "x-1", "07700 900101", "hello", "contact.from" },
        { "voice", "x-1", "call me maybe", "hello", "contact.from" },
        { "email", "x-1", "alice.at.example.com", "hello", "contact.from" },
        { "chat", "x-1", "alice.m", new string('x', 70_000), "contact.text" },
    };

    [Theory]
    [MemberData(nameof(BadContacts))]
    public async Task Submit_BadInput_IsInvalidArgumentNamingFieldAndWritesNothing(string channel, string externalId, string from, string text, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(Contact(channel, externalId, from, text)));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith(field, ex.Status.Detail);
        Assert.Equal(field, ex.Trailers.GetValue("routing-field"));
        Assert.Equal("invalid_argument", ex.Trailers.GetValue("routing-error"));
        Assert.Empty(await RedisProbe.KeysAsync(Redis, _host.Tenant).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Submit_MissingContact_IsInvalidArgument()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => _client.SubmitAsync(new SubmitRequest(), deadline: Deadline()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("contact", ex.Trailers.GetValue("routing-field"));
    }

    [Fact]
    public async Task Submit_MessageOverServerLimit_IsResourceExhaustedAndWritesNothing()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(Contact("email", "big-1", "alice.martin@example.com", new string('x', 300_000))));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Empty(await RedisProbe.KeysAsync(Redis, _host.Tenant).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Cancel_WaitingContact_CancelsOnceThenAnswersClearly()
    {
        var receipt = await SubmitAsync(Contact("voice", "call-9", "+447700900101", ""));

        var cancelled = await _client.CancelAsync(new CancelRequest { ContactId = receipt.ContactId, Reason = "caller hung up" }, deadline: Deadline());
        var again = await Assert.ThrowsAsync<RpcException>(() => _client.CancelAsync(new CancelRequest { ContactId = receipt.ContactId }, deadline: Deadline()).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _client.CancelAsync(new CancelRequest { ContactId = "ct-nope" }, deadline: Deadline()).ResponseAsync);

        Assert.Equal(ContactState.Queued, cancelled.PreviousState);
        Assert.Equal(ContactState.Cancelled, cancelled.State);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal("contact_already_cancelled", again.Trailers.GetValue("routing-error"));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, await Redis.GetDatabase().SortedSetLengthAsync(_host.Keys.Queue(receipt.Queue)).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Cancel_ByExternalReference_CancelsThatContact()
    {
        var receipt = await SubmitAsync(Contact("chat", "chat-55", "visitor-55", "hi"));

        var cancelled = await _client.CancelAsync(
            new CancelRequest { External = new ExternalReference { Channel = "chat", ExternalId = "chat-55" } }, deadline: Deadline());
        var missing = await Assert.ThrowsAsync<RpcException>(() => _client.CancelAsync(
            new CancelRequest { External = new ExternalReference { Channel = "chat", ExternalId = "never-sent" } }, deadline: Deadline()).ResponseAsync);
        var empty = await Assert.ThrowsAsync<RpcException>(() => _client.CancelAsync(new CancelRequest(), deadline: Deadline()).ResponseAsync);

        Assert.Equal(receipt.ContactId, cancelled.ContactId);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
    }

    [Fact]
    public async Task SubmitStream_TenThousandContacts_EachInRedisExactlyOnce()
    {
        const int count = 10_000;
        string[] channels = ["chat", "sms", "email", "voice", "whatsapp", "social", "webform", "letter", "video"];
        using var call = _client.SubmitStream(deadline: DateTime.UtcNow.AddMinutes(3));
        var receipts = new List<SubmitStreamResponse>(count + 2);
        var reader = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                receipts.Add(response);
            }
        });

        for (var i = 0; i < count; i++)
        {
            var channel = channels[i % channels.Length];
            var from = channel switch
            {
                "sms" or "voice" or "whatsapp" => $"+1415{i:D7}",
                "email" or "webform" => $"user{i}@example.net",
                _ => $"handle-{i}",
            };
            await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = Contact(channel, $"stream-{i}", from, "hello") });
            if (i == 5_000)
            {
                // A bad item mid-stream gets an error receipt; the stream goes on.
                await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = Contact("fax", "bad-1", "x", "") });
            }
        }

        await call.RequestStream.CompleteAsync();
        await reader.WaitAsync(TestTimeout.Long);

        Assert.Equal(count + 1, receipts.Count);
        var error = Assert.Single(receipts, r => r.ResultCase == SubmitStreamResponse.ResultOneofCase.Error);
        Assert.Equal("bad-1", error.ExternalId);
        Assert.Equal((int)StatusCode.InvalidArgument, error.Error.StatusCode);
        Assert.Equal("contact.channel", error.Error.Field);

        var accepted = receipts.Where(r => r.ResultCase == SubmitStreamResponse.ResultOneofCase.Receipt).ToList();
        Assert.Equal(count, accepted.Select(r => r.ExternalId).Distinct().Count());
        Assert.Equal(count, accepted.Select(r => r.Receipt.ContactId).Distinct().Count());
        Assert.All(accepted, r => Assert.False(r.Receipt.Duplicate || r.Receipt.Merged));

        var db = Redis.GetDatabase();
        long queued = 0;
        foreach (var queue in accepted.Select(r => r.Receipt.Queue).Distinct())
        {
            queued += await db.SortedSetLengthAsync(_host.Keys.Queue(queue)).WaitAsync(TestTimeout.Short);
        }

        Assert.Equal(count, queued);
        var ranks = accepted.Select(r => db.SortedSetRankAsync(_host.Keys.Queue(r.Receipt.Queue), r.Receipt.ContactId)).ToArray();
        var idempotency = accepted.Select(r => db.StringGetAsync(_host.Keys.ExternalId(r.Channel, r.ExternalId))).ToArray();
        await Task.WhenAll(ranks).WaitAsync(TestTimeout.Long);
        await Task.WhenAll(idempotency).WaitAsync(TestTimeout.Long);
        Assert.All(ranks, rank => Assert.NotNull(rank.Result));
        Assert.Equal(accepted.Select(r => r.Receipt.ContactId), idempotency.Select(v => (string?)v.Result));
    }

    private async Task<ContactReceipt> SubmitAsync(InboundContact contact)
    {
        var response = await _client.SubmitAsync(new SubmitRequest { Contact = contact }, deadline: Deadline()).ResponseAsync.WaitAsync(TestTimeout.Short);
        return response.Receipt;
    }

    [Fact]
    public async Task SubmitStream_BadItemsInTheMiddleOfOneBatch_EachGetsItsError_OthersAccepted_ReceiptsInArrivalOrder()
    {
        // A long batch delay and a large batch: the items written back to back form one batch.
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Ingest:StreamBatchSize"] = "64",
            ["Ingest:StreamBatchDelay"] = "00:00:00.500",
        });
        var sent = new List<InboundContact>();
        for (var i = 0; i < 20; i++)
        {
            sent.Add(i switch
            {
                5 => Contact("fax", "batch-bad-channel", "x", "hello"),
                9 => Contact("chat", "", $"batch-{i}", "hello"),
                13 => Contact("chat", "batch-0", "batch-0", "hello"),   // a retry of item 0 within the same batch
                _ => Contact(i % 2 == 0 ? "chat" : "email", $"batch-{i}", i % 2 == 0 ? $"batch-{i}" : $"batch{i}@example.net", "hello"),
            });
        }

        using var call = new ContactIngest.ContactIngestClient(host.Channel).SubmitStream(deadline: DateTime.UtcNow.Add(TestTimeout.Long));
        foreach (var contact in sent)
        {
            await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = contact }).WaitAsync(TestTimeout.Short);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(TestTimeout.Short);
        var receipts = new List<SubmitStreamResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync().WithCancellation(new CancellationTokenSource(TestTimeout.Long).Token))
        {
            receipts.Add(response);
        }

        // One receipt per item, in the order the items were sent.
        Assert.Equal(sent.Select(c => (c.Channel, c.ExternalId)), receipts.Select(r => (r.Channel, r.ExternalId)));
        Assert.Equal(SubmitStreamResponse.ResultOneofCase.Error, receipts[5].ResultCase);
        Assert.Equal((int)StatusCode.InvalidArgument, receipts[5].Error.StatusCode);
        Assert.Equal("contact.channel", receipts[5].Error.Field);
        Assert.Equal(SubmitStreamResponse.ResultOneofCase.Error, receipts[9].ResultCase);
        Assert.Equal((int)StatusCode.InvalidArgument, receipts[9].Error.StatusCode);
        Assert.Equal("contact.external_id", receipts[9].Error.Field);
        var accepted = receipts.Where((_, i) => i is not (5 or 9)).ToList();
        Assert.All(accepted, r => Assert.Equal(SubmitStreamResponse.ResultOneofCase.Receipt, r.ResultCase));

        // The retry in the same batch is the same contact, queued once, whichever of the two ran first.
        Assert.Equal(receipts[0].Receipt.ContactId, receipts[13].Receipt.ContactId);
        Assert.Single(new[] { receipts[0], receipts[13] }, r => !r.Receipt.Duplicate);
        var distinct = accepted.Where((_, i) => i != accepted.IndexOf(receipts[13])).ToList();
        Assert.Equal(17, distinct.Select(r => r.Receipt.ContactId).Distinct().Count());
        // Each receipt is its own item's: the contact its external id names.
        var db = Redis.GetDatabase();
        foreach (var receipt in distinct)
        {
            Assert.Equal(receipt.Receipt.ContactId, (string?)await db.StringGetAsync(host.Keys.ExternalId(receipt.Channel, receipt.ExternalId)).WaitAsync(TestTimeout.Short));
        }

        // Nothing accepted is lost: every contact is waiting in its queue.
        foreach (var queue in distinct.GroupBy(r => r.Receipt.Queue))
        {
            var waiting = (await db.SortedSetRangeByRankAsync(host.Keys.Queue(queue.Key)).WaitAsync(TestTimeout.Short)).Select(v => (string)v!).ToHashSet();
            Assert.All(queue, r => Assert.Contains(r.Receipt.ContactId, waiting));
            Assert.All(queue, r => Assert.True(r.Receipt.Position > 0));
        }
    }

    private static InboundContact Contact(string channel, string externalId, string from, string text) =>
        new() { Channel = channel, ExternalId = externalId, From = from, Text = text };

    private static DateTime Deadline() => DateTime.UtcNow.Add(TestTimeout.Short);
}
