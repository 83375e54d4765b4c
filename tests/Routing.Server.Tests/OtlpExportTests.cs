using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// OTLP export, end to end: with OTEL_EXPORTER_OTLP_ENDPOINT set (here in the host's configuration,
/// where the environment variable lands too) the server sends its spans and metrics over
/// OTLP/HTTP (http/protobuf) to a real collector endpoint on loopback.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Otlp_EndpointSet_ExportsEngineScriptSpansAndIngestCounters()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        var channel = "otlp" + Guid.NewGuid().ToString("N")[..12];
        var settings = DeskTestKit.FastEngine();
        settings[$"Channels:{channel}:AddressKind"] = "Handle";
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint.ToString().TrimEnd('/');
        settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        settings["OTEL_METRIC_EXPORT_INTERVAL"] = "200";
        settings["OTEL_BSP_SCHEDULE_DELAY"] = "100";
        var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings);
        ContactReceipt first, second;
        try
        {
            first = await host.SubmitAsync(DeskTestKit.NewCustomer(channel));
            second = await host.SubmitAsync(DeskTestKit.NewCustomer(channel));
            await Eventually.TrueAsync(
                () => Task.FromResult(collector.SumPoints().Any(p => p.Metric == "routing.contacts.received" && p.Attributes.GetValueOrDefault("channel") == channel && p.Value == 2)),
                TestTimeout.Short, "routing.contacts.received never reached the collector with 2 for the test's channel");
        }
        finally
        {
            await host.DisposeAsync(); // flushes what is still batched
        }

        var spans = collector.Spans().ToList();
        foreach (var receipt in new[] { first, second })
        {
            Assert.Contains(spans, s => s.Name.StartsWith("script ", StringComparison.Ordinal)
                && s.Attributes.GetValueOrDefault("routing.contact.id") == receipt.ContactId
                && s.Attributes.GetValueOrDefault("routing.queue") == receipt.Queue);
        }

        Assert.Contains(spans, s => s.Name.Contains("ContactIngest/Submit", StringComparison.Ordinal) || s.Attributes.GetValueOrDefault("rpc.method") == "Submit" || s.Attributes.GetValueOrDefault("url.path") == "/routing.v1.ContactIngest/Submit");
    }
}
