extern alias server;

using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Routing.Protos.V1;
using Routing.Testing;
using PrometheusScrapeServer = server::Routing.Server.Telemetry.PrometheusScrapeServer;

namespace Routing.Server.Tests;

/// <summary>
/// The router's telemetry seen from outside: the Prometheus endpoint scraped over HTTP/1.1 after
/// known traffic, and the spans the OpenTelemetry pipeline exports. Meters and activity sources
/// are process-wide and other tests run alongside, so every figure asserted is told apart by a
/// channel, tenant or contact of this test's own.
/// </summary>
// The "Routing" meter is process-wide: other test hosts running at the same time publish to the same
// instruments. These tests assert exact figures, so they run alone, after the parallel classes.
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Metrics_AfterKnownTraffic_CountersAndHistogramsMovedByExactlyThatMuch()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        string a = "ota" + suffix, b = "otb" + suffix;
        var settings = DeskTestKit.FastEngine(("Engine:OfferTimeout", "00:00:01"), ("Engine:MaxConsecutiveExpiries", "5"), ("Engine:DeclineCooldown", "00:00:00"));
        settings[$"Channels:{a}:AddressKind"] = "Handle";
        settings[$"Channels:{b}:AddressKind"] = "Handle";
        settings["Telemetry:Prometheus:Url"] = "http://127.0.0.1:0";
        settings["Telemetry:QueueDepthInterval"] = "00:00:00.100";
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings);
        var metrics = host.Services.GetRequiredService<PrometheusScrapeServer>().Address!;
        var tenant = ("tenant", host.Tenant);

        // Ingest: three contacts on a, two on b, a retry of the first (a duplicate), one rejected on b.
        var first = DeskTestKit.NewCustomer(a);
        var queue = (await host.SubmitAsync(first)).Queue;
        await host.SubmitAsync(DeskTestKit.NewCustomer(a));
        await host.SubmitAsync(DeskTestKit.NewCustomer(a));
        await host.SubmitAsync(DeskTestKit.NewCustomer(b));
        await host.SubmitAsync(DeskTestKit.NewCustomer(b));
        Assert.True((await host.SubmitAsync(first)).Duplicate);
        var rejected = await Assert.ThrowsAsync<RpcException>(() => host.SubmitAsync(new InboundContact { Channel = b, ExternalId = "x-" + suffix, From = "", Text = "hi" }));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, rejected.StatusCode);

        await Eventually.TrueAsync(async () => (await PrometheusScrape.ReadAsync(metrics)).Sum("routing_queue_depth", tenant, ("queue", queue)) == 5, because: "the queue depth gauge did not reach 5");
        var scrape = await PrometheusScrape.ReadAsync(metrics);
        Assert.Equal(4, scrape.Sum("routing_contacts_received_total", ("channel", a)));
        Assert.Equal(2, scrape.Sum("routing_contacts_received_total", ("channel", b)));
        Assert.Equal(3, scrape.Sum("routing_contacts_queued_total", ("channel", a), ("outcome", "queued"), ("queue", queue)));
        Assert.Equal(1, scrape.Sum("routing_contacts_queued_total", ("channel", a), ("outcome", "duplicate")));
        Assert.Equal(2, scrape.Sum("routing_contacts_queued_total", ("channel", b), ("outcome", "queued")));
        Assert.Equal(0, scrape.Sum("routing_contacts_rejected_total", ("channel", a)));
        Assert.Equal(1, scrape.Sum("routing_contacts_rejected_total", ("channel", b)));
        Assert.Equal(4, scrape.Sum("routing_contacts_enqueue_duration_seconds_count", ("channel", a)));
        Assert.Equal(2, scrape.Sum("routing_contacts_enqueue_duration_seconds_count", ("channel", b)));

        // The desk: the first offer declined, the second left to expire, then all five accepted and completed.
        var offered = new Dictionary<string, int>(StringComparer.Ordinal) { [a] = 0, [b] = 0 };
        var accepted = new Dictionary<string, int>(StringComparer.Ordinal) { [a] = 0, [b] = 0 };
        await using (var ada = await DeskClient.ConnectAsync(host, "ada", hello => hello.TotalCapacity = 1))
        {
            await Eventually.TrueAsync(async () => (await PrometheusScrape.ReadAsync(metrics)).Sum("routing_desk_sessions", tenant) == 1, because: "the desk stream was not counted");

            var declined = await ada.NextOfferAsync();
            offered[declined.Contact.Channel]++;
            Assert.NotNull((await ada.DeclineAsync(declined.OfferId)).OfferRevoked);

            var expiring = await ada.NextOfferAsync();
            offered[expiring.Contact.Channel]++;
            var revoked = (await ada.NextAsync(m => m.OfferRevoked?.OfferId == expiring.OfferId)).OfferRevoked;
            Assert.Equal(RevokeReason.Expired, revoked.Reason);

            for (var handled = 0; handled < 5; handled++)
            {
                var offer = await ada.NextOfferAsync();
                offered[offer.Contact.Channel]++;
                Assert.NotNull((await ada.AcceptAsync(offer.OfferId)).Assigned);
                accepted[offer.Contact.Channel]++;
                Assert.Null((await ada.CompleteAsync(offer.Contact.ContactId)).Error);
            }

            Assert.Equal((3, 2), (accepted[a], accepted[b]));
            await Eventually.TrueAsync(async () => (await PrometheusScrape.ReadAsync(metrics)).Sum("routing_queue_depth", tenant, ("queue", queue)) == 0, because: "the queue depth gauge did not fall to 0");
            scrape = await PrometheusScrape.ReadAsync(metrics);
            foreach (var channel in new[] { a, b })
            {
                Assert.Equal(offered[channel], scrape.Sum("routing_desk_events_total", ("kind", "offered"), ("channel", channel)));
                Assert.Equal(accepted[channel], scrape.Sum("routing_desk_events_total", ("kind", "accepted"), ("channel", channel)));
                Assert.Equal(declined.Contact.Channel == channel ? 1 : 0, scrape.Sum("routing_desk_events_total", ("kind", "declined"), ("channel", channel)));
                Assert.Equal(expiring.Contact.Channel == channel ? 1 : 0, scrape.Sum("routing_desk_events_total", ("kind", "expired"), ("channel", channel)));
                Assert.Equal(offered[channel], scrape.Sum("routing_offer_wait_seconds_count", ("channel", channel)));
                Assert.Equal(accepted[channel], scrape.Sum("routing_queue_wait_duration_seconds_count", ("channel", channel), ("queue", queue)));
            }

            Assert.Equal(1, scrape.Sum("routing_desk_sessions", tenant));
        }

        await Eventually.TrueAsync(async () => (await PrometheusScrape.ReadAsync(metrics)).Sum("routing_desk_sessions", tenant) == 0, because: "the closed desk stream was still counted");
    }

    [Fact]
    public async Task Metrics_AreServedOnTheirOwnHttp1Listener_NotOnTheGrpcEndpoint_AndCanBeSwitchedOff()
    {
        await using (var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?> { ["Telemetry:Prometheus:Url"] = "http://127.0.0.1:0" }))
        {
            var metrics = host.Services.GetRequiredService<PrometheusScrapeServer>().Address!;
            Assert.NotEqual(host.Address.Port, metrics.Port);
            Assert.Contains("# TYPE ", (await PrometheusScrape.ReadAsync(metrics)).Text, StringComparison.Ordinal);

            using var http = new HttpClient();
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.GetAsync(new Uri(metrics, "/routing.v1.ContactIngest/Submit")).WaitAsync(TestTimeout.Short)).StatusCode);

            // The gRPC endpoint speaks HTTP/2 only: an HTTP/1.1 scraper gets no figures from it.
            using var grpcPort = await http.GetAsync(new Uri(host.Address, "/metrics")).WaitAsync(TestTimeout.Short);
            Assert.NotEqual(System.Net.HttpStatusCode.OK, grpcPort.StatusCode);
            Assert.DoesNotContain("# TYPE", await grpcPort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var off = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?> { ["Telemetry:Prometheus:Url"] = "" });
        Assert.Null(off.Services.GetService<PrometheusScrapeServer>());
    }

    [Fact]
    public async Task Traces_OneSpanPerEngineScript_WithTenantContactQueueAndAgent_UnderTheGrpcServerSpan()
    {
        var spans = new ExportedSpans();
        await using var host = await RoutingServerHost.StartAsync(
            redis.ConnectionString,
            DeskTestKit.FastEngine(("Telemetry:Tracing", "true")),
            configure: builder => builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var contact = DeskTestKit.NewCustomer("chat");
        var receipt = await host.SubmitAsync(contact);
        var assignment = await ada.TakeNextAsync();
        Assert.Equal(receipt.ContactId, assignment.Contact.ContactId);
        Assert.Null((await ada.CompleteAsync(receipt.ContactId)).Error);

        IReadOnlyList<Activity> Mine() => spans.Snapshot();

        Activity Script(string name) => Assert.Single(Mine(), s => s.Source.Name == "Routing" && (string?)s.GetTagItem("routing.script") == name
            && (string?)s.GetTagItem("routing.tenant") == host.Tenant && (string?)s.GetTagItem("routing.contact.id") == receipt.ContactId);

        await Eventually.TrueAsync(() => Task.FromResult(Mine().Any(s => (string?)s.GetTagItem("routing.script") == "complete" && (string?)s.GetTagItem("routing.tenant") == host.Tenant)));
        var enqueue = Script("enqueue");
        Assert.Equal("script enqueue", enqueue.DisplayName);
        Assert.Equal(receipt.Queue, enqueue.GetTagItem("routing.queue"));
        var accept = Script("accept");
        Assert.Equal("ada", accept.GetTagItem("routing.agent.id"));
        Assert.Equal("ada", Script("complete").GetTagItem("routing.agent.id"));
        Assert.Contains(Mine(), s => (string?)s.GetTagItem("routing.script") == "connect" && (string?)s.GetTagItem("routing.agent.id") == "ada" && (string?)s.GetTagItem("routing.tenant") == host.Tenant);
        await Eventually.TrueAsync(
            () => Task.FromResult(Mine().Any(s => (string?)s.GetTagItem("routing.script") == "sweep" && (string?)s.GetTagItem("routing.tenant") == host.Tenant)),
            because: "no sweep span of the tenant");

        // The script ran inside the Submit call's server span (ASP.NET Core / gRPC).
        var submit = Assert.Single(Mine(), s => s.Source.Name == "Microsoft.AspNetCore" && s.TraceId == enqueue.TraceId && s.Kind == ActivityKind.Server);
        Assert.Contains("ContactIngest/Submit", submit.DisplayName + " " + submit.GetTagItem("url.path"), StringComparison.Ordinal);

        // The CRM lookup of that submit, with its SQL statement's text and none of the customer's data.
        var lookup = Assert.Single(Mine(), s => s.DisplayName == "crm lookup" && s.TraceId == enqueue.TraceId);
        Assert.Equal(host.Tenant, lookup.GetTagItem("routing.tenant"));
        var findCustomer = Assert.Single(Mine(), s => s.ParentSpanId == lookup.SpanId && s.DisplayName == "FindCustomer");
        var sql = Assert.IsType<string>(findCustomer.GetTagItem("db.query.text"));
        Assert.Contains("@Address", sql, StringComparison.Ordinal);
        Assert.DoesNotContain(contact.From, sql, StringComparison.Ordinal);
        Assert.DoesNotContain(Mine().Where(s => s.TraceId == enqueue.TraceId).SelectMany(s => s.TagObjects), t => t.Value is string v && v.Contains(contact.From, StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonConsoleLogs_WhenChosen_EveryLineIsOneJsonObjectWithItsEventId()
    {
        await using var node = await RoutingServerProcess.StartAsync(redis.ConnectionString, TestTenant.New(), "json-logs", new Dictionary<string, string?>
        {
            ["Logging:Console:FormatterName"] = "json",
            ["Logging:LogLevel:Default"] = "Information",
            ["Telemetry:Prometheus:Url"] = "http://127.0.0.1:0",
        });

        static JsonElement[] Lines(string output) => [.. output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];
        await Eventually.TrueAsync(() => Task.FromResult(Lines(node.Output).Any(l => l.GetProperty("EventId").GetInt32() == 7001)), because: "no JSON line with event 7001 (Prometheus endpoint)");
        var prometheus = Lines(node.Output).First(l => l.GetProperty("EventId").GetInt32() == 7001);
        Assert.Equal("Information", prometheus.GetProperty("LogLevel").GetString());
        Assert.StartsWith("Prometheus metrics at http://127.0.0.1:", prometheus.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.All(Lines(node.Output), l => Assert.Equal(JsonValueKind.Object, l.ValueKind));
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry (alone)";
}
