using System.Diagnostics.Metrics;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>The host as operators see it: health, reflection, configuration checks, metrics, CRM outages.</summary>
public sealed class ServerHostTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Health_RedisUp_IsServing()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString);

        var response = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.Add(TestTimeout.Short));

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_ListServices_IncludesTheWholeContract()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString);
        using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo(deadline: DateTime.UtcNow.Add(TestTimeout.Short));

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeout.Short));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("routing.v1.ContactIngest", services);
        Assert.Contains("routing.v1.Diagnostics", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task Submit_CrmUnreachable_ContactStillQueuedWithPartialContext()
    {
        var missing = Path.Combine(Path.GetTempPath(), "routing-no-such-dir-" + Guid.NewGuid().ToString("N"), "crm.db");
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Crm:ConnectionString"] = $"Data Source={missing};Mode=ReadOnly",
            ["Crm:LookupTimeout"] = "00:00:00.300",
        });
        var client = new ContactIngest.ContactIngestClient(host.Channel);

        var receipts = new List<ContactReceipt>();
        foreach (var (channel, from) in new[] { ("email", "alice.martin@example.com"), ("sms", "+447700900101") })
        {
            var response = await client.SubmitAsync(
                new SubmitRequest { Contact = new InboundContact { Channel = channel, ExternalId = "down-" + channel, From = from, Text = "hello?" } },
                deadline: DateTime.UtcNow.Add(TestTimeout.Short));
            receipts.Add(response.Receipt);
        }

        Assert.All(receipts, r =>
        {
            Assert.True(r.CrmPartial);
            Assert.Equal(ContactState.Queued, r.State);
            Assert.Equal("", r.CustomerId);
        });
        var db = redis.Connection.GetDatabase();
        Assert.Equal("1", (string?)await db.HashGetAsync(host.Keys.Contact(receipts[0].ContactId), "crmp").WaitAsync(TestTimeout.Short));
        Assert.Equal(2, await db.SortedSetLengthAsync(host.Keys.Queue(receipts[0].Queue)).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Submit_ConfiguredRules_RouteEveryChannelByTheSameRules()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["RoutingRules:Rules:0:Name"] = "gold",
            ["RoutingRules:Rules:0:When:Tiers:0"] = "gold",
            ["RoutingRules:Rules:0:Queue"] = "priority-care",
            ["RoutingRules:Rules:0:Priority"] = "70",
            ["RoutingRules:Rules:0:Skills:0"] = "care",
            ["RoutingRules:Default:Name"] = "default",
            ["RoutingRules:Default:Queue"] = "general",
            ["RoutingRules:Default:Priority"] = "10",
        });
        var client = new ContactIngest.ContactIngestClient(host.Channel);

        var gold = new List<ContactReceipt>();
        foreach (var (channel, from) in new[] { ("voice", "+447700900101"), ("email", "alice.martin@example.com"), ("letter", "alice.m") })
        {
            gold.Add((await client.SubmitAsync(new SubmitRequest { Contact = new InboundContact { Channel = channel, ExternalId = "r-" + channel, From = from } })).Receipt);
        }

        var stranger = (await client.SubmitAsync(new SubmitRequest { Contact = new InboundContact { Channel = "chat", ExternalId = "r-x", From = "stranger" } })).Receipt;

        Assert.All(gold.Take(2), r => Assert.Equal(("priority-care", 70, "gold"), (r.Queue, r.Priority, r.Rule)));
        Assert.Equal("general", gold[2].Queue);
        Assert.Equal(("general", 10, "default"), (stranger.Queue, stranger.Priority, stranger.Rule));
    }

    [Fact]
    public async Task Submit_NewChannelAddedByConfiguration_IsAccepted()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Channels:telegram:AddressKind"] = "Handle",
            ["Channels:fax:AddressKind"] = "Phone",
            ["Channels:letter:Enabled"] = "false",
        });
        var client = new ContactIngest.ContactIngestClient(host.Channel);

        var telegram = await client.SubmitAsync(new SubmitRequest { Contact = new InboundContact { Channel = "telegram", ExternalId = "tg-1", From = "@alice" } });
        var fax = await client.SubmitAsync(new SubmitRequest { Contact = new InboundContact { Channel = "fax", ExternalId = "fx-1", From = "+44 20 7946 0000" } });
        var letter = await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync(new SubmitRequest { Contact = new InboundContact { Channel = "letter", ExternalId = "l-1", From = "x" } }).ResponseAsync);

        Assert.Equal(ContactState.Queued, telegram.Receipt.State);
        Assert.Equal(ContactState.Queued, fax.Receipt.State);
        Assert.Equal(StatusCode.InvalidArgument, letter.StatusCode);
    }

    [Theory]
    [InlineData("Routing:Tenant", "Not A Tenant", "Routing:Tenant")]
    [InlineData("Routing:Tenants:0", "Not A Tenant", "Routing:Tenants")]
    [InlineData("Crm:DemoTenants:0", " ", "Crm:DemoTenants")]
    [InlineData("RoutingRules:Rules:0:Queue", "", "RoutingRules:Rules:0")]
    [InlineData("Ingest:StreamConcurrency", "0", "Ingest:StreamConcurrency")]
    [InlineData("Ingest:StreamBatchSize", "0", "Ingest:StreamBatchSize")]
    [InlineData("Ingest:StreamBatchDelay", "-00:00:01", "Ingest:StreamBatchDelay")]
    [InlineData("Crm:Provider", "Oracle", "Crm")]
    public async Task Start_InvalidConfiguration_FailsWithMessageNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("RoutingRules", StringComparison.Ordinal))
        {
            settings["RoutingRules:Rules:0:Name"] = "broken";
        }

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => RoutingServerHost.StartAsync(redis.ConnectionString, settings));

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public async Task Submit_Contacts_PublishReceivedRejectedQueuedAndCrmMetrics()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString);
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        var seen = new Dictionary<string, double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => { lock (seen) { seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + value; } });
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => { lock (seen) { seen[instrument.Name] = seen.GetValueOrDefault(instrument.Name) + 1; } });
        listener.Start();
        var client = new ContactIngest.ContactIngestClient(host.Channel);

        await client.SubmitAsync(new SubmitRequest { Contact = new InboundContact { Channel = "chat", ExternalId = "m-1", From = "alice.m" } });
        await client.SubmitAsync(new SubmitRequest { Contact = new InboundContact { Channel = "chat", ExternalId = "m-2", From = "visitor" } });
        await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync(new SubmitRequest { Contact = new InboundContact { Channel = "fax" } }).ResponseAsync);

        lock (seen)
        {
            Assert.Equal(2, seen["routing.contacts.received"]);
            Assert.Equal(1, seen["routing.contacts.rejected"]);
            Assert.Equal(2, seen["routing.contacts.queued"]);
            Assert.Equal(2, seen["routing.crm.lookup.duration"]);
        }
    }
}
