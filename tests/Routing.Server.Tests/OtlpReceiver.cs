using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// A tiny OTLP/HTTP collector (protocol http/protobuf) on 127.0.0.1: keeps the bodies POSTed to
/// /v1/traces and /v1/metrics, and reads the few fields the tests look at with Google.Protobuf's
/// wire reader (no OTLP package is needed: field numbers from opentelemetry-proto).
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _traces = new();
    private readonly ConcurrentQueue<byte[]> _metrics = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<byte[]> TraceBodies => [.. _traces];

    public IReadOnlyList<byte[]> MetricBodies => [.. _metrics];

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRouting();
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var queue = context.Request.Path.Value switch
            {
                "/v1/traces" => receiver._traces,
                "/v1/metrics" => receiver._metrics,
                _ => null,
            };
            if (queue is null || !HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            queue.Enqueue(body.ToArray());
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync().WaitAsync(TestTimeout.Short);
        receiver.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return receiver;
    }

    /// <summary>Every span received: its name and string attributes (ExportTraceServiceRequest → ResourceSpans 1 → ScopeSpans 2 → Span 2: name 5, attributes 9).</summary>
    public IEnumerable<(string Name, IReadOnlyDictionary<string, string> Attributes)> Spans() =>
        from body in TraceBodies
        from resource in Fields(ByteString.CopyFrom(body), 1)
        from scope in Fields(resource, 2)
        from span in Fields(scope, 2)
        select (Fields(span, 5).Select(n => n.ToStringUtf8()).FirstOrDefault() ?? "", Attributes(span, 9));

    /// <summary>
    /// Every integer data point of a sum metric: metric name, attributes, value (ResourceMetrics 1 →
    /// ScopeMetrics 2 → Metric 2: name 1, sum 7 → NumberDataPoint 1: attributes 7, as_int 6).
    /// </summary>
    public IEnumerable<(string Metric, IReadOnlyDictionary<string, string> Attributes, long Value)> SumPoints() =>
        from body in MetricBodies
        from resource in Fields(ByteString.CopyFrom(body), 1)
        from scope in Fields(resource, 2)
        from metric in Fields(scope, 2)
        from sum in Fields(metric, 7)
        from point in Fields(sum, 1)
        from value in Fixed64(point, 6)
        select (Fields(metric, 1).Select(n => n.ToStringUtf8()).FirstOrDefault() ?? "", Attributes(point, 7), (long)value);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>KeyValue (key 1, value 2 → AnyValue: string_value 1).</summary>
    private static IReadOnlyDictionary<string, string> Attributes(ByteString message, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Fields(message, field))
        {
            var key = Fields(pair, 1).Select(k => k.ToStringUtf8()).FirstOrDefault();
            var value = Fields(pair, 2).SelectMany(v => Fields(v, 1)).Select(v => v.ToStringUtf8()).FirstOrDefault();
            if (key is not null && value is not null)
            {
                attributes[key] = value;
            }
        }

        return attributes;
    }

    private static IEnumerable<ByteString> Fields(ByteString message, int number) =>
        Read(message).Where(f => f.Number == number && f.Bytes is not null).Select(f => f.Bytes!);

    private static IEnumerable<ulong> Fixed64(ByteString message, int number) =>
        Read(message).Where(f => f.Number == number && f.Bytes is null).Select(f => f.Fixed);

    private static List<(int Number, ByteString? Bytes, ulong Fixed)> Read(ByteString message)
    {
        var fields = new List<(int, ByteString?, ulong)>();
        var input = message.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    fields.Add((number, input.ReadBytes(), 0));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add((number, null, input.ReadFixed64()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return fields;
    }
}
