using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// No personal data in logs or error messages: a whole run at Debug level (every channel with the
/// demo customers, invalid addresses, desks accepting, transferring and completing, a cancel, CRM
/// write-back, erasure and export) and the status details of rejected submits hold none of the
/// demo customers' addresses, names or texts.
/// </summary>
public sealed class PersonalDataLogTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    // The demo CRM's customers: every address and name (src/Routing.Crm/DemoData.cs).
    private static readonly string[] DemoCustomers =
    [
        "alice.martin@example.com", "+447700900101", "7700900101", "alice.m", "Alice Martin", "Alice",
        "bruno.leroy@example.fr", "+33612345678", "612345678", "Bruno Leroy", "Bruno",
        "+447700900103", "7700900103", "chen.wei@example.com", "chenwei88", "Chen Wei",
        "dana.okafor@example.com", "+12025550104", "2025550104", "dana.o", "dana.okafor", "Dana Okafor",
        "emil.novak@example.de", "+4930123456", "Emil Novak",
        "fatima.zahra@example.ae", "+971501234567", "971501234567", "fatima.z", "Fatima Zahra",
        "Router not shipped", "Invoice dispute", "Refund request",
    ];

    [Fact]
    public async Task WholeRun_AtDebugLevel_LogsAndStatusesHoldNoAddressNameOrText()
    {
        var logs = new LogCapture();
        var settings = DeskTestKit.FastEngine(("Logging:LogLevel:Default", "Debug"));
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings, logs: logs);
        var ingest = new ContactIngest.ContactIngestClient(host.Channel);
        var texts = new List<string>();
        InboundContact Contact(string channel, string from, string secret)
        {
            var text = $"TEXT-{channel}-{Guid.NewGuid():N} from {secret}";
            texts.Add(text);
            return new InboundContact { Channel = channel, ExternalId = $"{channel}-{Guid.NewGuid():N}", From = from, Subject = "SUBJECT " + secret, Text = text };
        }

        // A cancel while nobody is logged in.
        var abandoned = await host.SubmitAsync(Contact("voice", "+44 7700 900103", "Chen Wei"));
        await ingest.CancelAsync(new CancelRequest { ContactId = abandoned.ContactId }).ResponseAsync.WaitAsync(TestTimeout.Short);

        // Invalid addresses of demo customers: rejected, and neither the status nor a log echoes them.
        var statuses = new List<string>();
        foreach (var (channel, from) in new[] { ("email", "alice.martin@example"), ("sms", "07700 900101"), ("voice", "+44 7700 9001O1"), ("webform", "emil.novak@@example.de"), ("whatsapp", "+0971501234567") })
        {
            var rejected = await Assert.ThrowsAsync<RpcException>(() => ingest.SubmitAsync(new SubmitRequest { Contact = Contact(channel, from, "Fatima Zahra") }).ResponseAsync.WaitAsync(TestTimeout.Short));
            Assert.Equal(StatusCode.InvalidArgument, rejected.StatusCode);
            Assert.Equal("contact.from", rejected.Trailers.GetValue("routing-field"));
            statuses.Add(rejected.Status.Detail);
        }

        Assert.Contains("a***@example", statuses[0]);
        Assert.Contains("07 ", statuses[1]);
        using (var stream = ingest.SubmitStream())
        {
            await stream.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = Contact("email", "dana.okafor@example", "Dana Okafor") }).WaitAsync(TestTimeout.Short);
            await stream.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = Contact("sms", "+1 202 555 0104", "Dana Okafor") }).WaitAsync(TestTimeout.Short);
            await stream.RequestStream.CompleteAsync().WaitAsync(TestTimeout.Short);
            while (await stream.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short))
            {
                if (stream.ResponseStream.Current.Error is { } error)
                {
                    statuses.Add(error.Message);
                }
            }
        }

        Assert.Equal(6, statuses.Count);

        // Every channel, with the demo customers' addresses in the forms gateways send.
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        var submitted = new List<ContactReceipt>();
        foreach (var (channel, from, name) in new[]
        {
            ("email", "Alice.Martin@Example.com", "Alice Martin"), ("chat", " alice.m ", "Alice Martin"), ("sms", "+44 7700 900101", "Alice Martin"),
            ("voice", "tel:+33 6 12 34 56 78", "Bruno Leroy"), ("whatsapp", "whatsapp:+971501234567", "Fatima Zahra"), ("social", "chenwei88", "Chen Wei"),
            ("video", "dana.okafor", "Dana Okafor"), ("webform", "emil.novak@example.de", "Emil Novak"), ("letter", "ref-1005", "Emil Novak"),
            ("chat", "alice.m", "Alice Martin"),
        })
        {
            submitted.Add(await host.SubmitAsync(Contact(channel, from, name)));
        }

        var handled = await Task.WhenAll(WorkAsync(ada, transferTo: "bob"), WorkAsync(bob, transferTo: null));
        Assert.True(handled.Sum() >= 5, $"{handled.Sum()} contacts completed");
        await Eventually.TrueAsync(async () => await new RoutingEngineStore(redis.Connection, new EngineSettings()).CountWriteBackAsync(host.Tenant) == 0);

        // Privacy calls log too: their lines name ids and counts only.
        var privacy = new Privacy.PrivacyClient(host.Channel);
        await privacy.ExportCustomerAsync(new ExportCustomerRequest { Customer = new CustomerSelector { Address = "+33612345678" } }).ResponseAsync.WaitAsync(TestTimeout.Short);
        await privacy.EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { Address = "alice.martin@example.com" } }).ResponseAsync.WaitAsync(TestTimeout.Short);

        var entries = logs.Entries;
        Assert.Contains(entries, e => e.EventId.Id == 1001 && e.Message.Contains("a***@example", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.EventId.Id == 6002);
        Assert.True(entries.Count > 100, $"only {entries.Count} log lines: was the level Debug?");
        var written = string.Join("\n", entries.Select(e => e.Message + " " + e.Exception));
        foreach (var secret in DemoCustomers.Concat(texts).Concat(["SUBJECT ", "NOTES about", "TRANSFER NOTE"]))
        {
            Assert.DoesNotContain(secret, written, StringComparison.OrdinalIgnoreCase);
            Assert.All(statuses, s => Assert.DoesNotContain(secret, s, StringComparison.OrdinalIgnoreCase));
        }
    }

    // Takes every offer the desk gets until none comes for a while: the first is transferred (with
    // a note naming the customer), the others completed with notes naming them. Returns how many.
    private static async Task<int> WorkAsync(DeskClient desk, string? transferTo)
    {
        var completed = 0;
        while (true)
        {
            Offer offer;
            try
            {
                offer = await desk.NextOfferAsync(TimeSpan.FromSeconds(3));
            }
            catch (OperationCanceledException)
            {
                return completed;
            }

            var accepted = await desk.AcceptAsync(offer.OfferId);
            if (accepted.Assigned is null)
            {
                continue;
            }

            var contact = accepted.Assigned.Assignment.Contact;
            if (transferTo is not null)
            {
                var moved = await desk.RequestAsync(new ConnectRequest
                {
                    Transfer = new TransferContact { ContactId = contact.ContactId, AgentId = transferTo, Note = "TRANSFER NOTE: " + contact.Customer?.DisplayName },
                });
                transferTo = null;
                if (moved.Transferred is not null)
                {
                    continue;
                }
            }

            var done = await desk.RequestAsync(new ConnectRequest
            {
                Complete = new CompleteContact { ContactId = contact.ContactId, Disposition = "resolved", Notes = "NOTES about " + contact.Customer?.DisplayName + " " + contact.From, SkipWrapUp = true },
            });
            if (done.Completed is not null)
            {
                completed++;
            }
        }
    }
}
