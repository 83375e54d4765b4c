using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// What a caller gets back when a call fails, end to end: the status, and the router's error code
/// in the "routing-error" trailer for every kind of failure, including those raised before a
/// service runs (an unreadable or oversized message).
/// </summary>
public sealed class ErrorStatusTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private readonly LogCapture _logs = new();
    private RoutingServerHost _host = null!;

    public async Task InitializeAsync() => _host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), logs: _logs);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<long, int> BadTimestamps => new()
    {
        { 1_700_000_000, -1 },
        { 1_700_000_000, 1_000_000_000 },
        { 253_402_300_800, 0 }, // 10000-01-01
        { -62_135_596_801, 0 }, // before 0001-01-01
    };

    [Theory]
    [MemberData(nameof(BadTimestamps))]
    public async Task Submit_ReceivedAtOutOfRange_IsInvalidArgumentNamingTheField(long seconds, int nanos)
    {
        var contact = DeskTestKit.NewCustomer("chat");
        contact.ReceivedAt = new Timestamp { Seconds = seconds, Nanos = nanos };

        var ex = await Assert.ThrowsAsync<RpcException>(() => _host.SubmitAsync(contact));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("contact.received_at", ex.Trailers.GetValue("routing-field"));
        Assert.Equal("invalid_argument", ex.Trailers.GetValue("routing-error"));
        Assert.Empty(await RedisProbe.KeysAsync(redis.Connection, _host.Tenant).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task SubmitStream_ReceivedAtOutOfRange_IsAnInvalidArgumentReceiptNamingTheField()
    {
        var contact = DeskTestKit.NewCustomer("sms");
        contact.ReceivedAt = new Timestamp { Seconds = 253_402_300_800 };
        using var call = new ContactIngest.ContactIngestClient(_host.Channel).SubmitStream(deadline: DateTime.UtcNow.Add(TestTimeout.Short));

        await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = contact }).WaitAsync(TestTimeout.Short);
        await call.RequestStream.CompleteAsync().WaitAsync(TestTimeout.Short);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));

        var error = call.ResponseStream.Current.Error;
        Assert.Equal(((int)StatusCode.InvalidArgument, "invalid_argument", "contact.received_at"), (error.StatusCode, error.ErrorCode, error.Field));
    }

    [Theory]
    [InlineData("routing.v1.ContactIngest", "Submit")]
    [InlineData("routing.v1.ContactIngest", "Cancel")]
    [InlineData("routing.v1.Diagnostics", "Echo")]
    public async Task UnaryCall_MalformedBody_IsInvalidArgument_WithOneWarningLineAndNoStackTrace(string service, string name)
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, service, name, Bytes, Bytes);

        var ex = await Assert.ThrowsAsync<RpcException>(() => _host.Channel.CreateCallInvoker()
            .AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.Add(TestTimeout.Short)), Malformed()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("malformed_request", ex.Trailers.GetValue("routing-error"));
        var warning = Assert.Single(_logs.Entries, e => e.EventId.Id == 3002);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Null(warning.Exception);
        Assert.Contains($"/{service}/{name}", warning.Message);
        Assert.DoesNotContain('\n', warning.Message);
        Assert.DoesNotContain(_logs.Entries, IsCallFailureWithStackTrace);
    }

    [Fact]
    public async Task Connect_MalformedMessage_IsInvalidArgumentWithTheErrorCode()
    {
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "routing.v1.AgentDesk", "Connect", Bytes, Bytes);
        using var call = _host.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, new CallOptions(_host.Credentials.AgentHeaders("ada"), deadline: DateTime.UtcNow.Add(TestTimeout.Short)));

        await call.RequestStream.WriteAsync(Malformed()).WaitAsync(TestTimeout.Short);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal("malformed_request", ex.Trailers.GetValue("routing-error"));
        Assert.Single(_logs.Entries, e => e.EventId.Id == 3002);
        Assert.DoesNotContain(_logs.Entries, IsCallFailureWithStackTrace);
    }

    [Fact]
    public async Task SubmitStream_OversizedMessageAfterAReceipt_IsResourceExhaustedWithTheErrorCodeInTrailers()
    {
        // A small limit, so the oversized message fits one HTTP/2 frame and is written before the server answers.
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Ingest:MaxMessageBytes", "4096")));
        using var call = new ContactIngest.ContactIngestClient(host.Channel).SubmitStream(deadline: DateTime.UtcNow.Add(TestTimeout.Short));
        await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = DeskTestKit.NewCustomer("chat") }).WaitAsync(TestTimeout.Short);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));
        Assert.NotNull(call.ResponseStream.Current.Receipt);

        var big = DeskTestKit.NewCustomer("email");
        big.Text = new string('x', 8_000);
        await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = big }).WaitAsync(TestTimeout.Short);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal("message_too_large", ex.Trailers.GetValue("routing-error"));
    }

    [Theory]
    [InlineData("invalid_argument", StatusCode.InvalidArgument, "invalid_argument")]
    [InlineData("not_found", StatusCode.NotFound, "contact_not_found")]
    [InlineData("failed_precondition", StatusCode.FailedPrecondition, "hello_required")]
    [InlineData("resource_exhausted", StatusCode.ResourceExhausted, "message_too_large")]
    [InlineData("malformed_body", StatusCode.InvalidArgument, "malformed_request")]
    [InlineData("unimplemented", StatusCode.Unimplemented, "unimplemented")]
    public async Task AnyFailure_CarriesTheRoutingErrorTrailer(string kind, StatusCode status, string code)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => FailAsync(kind));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(code, ex.Trailers.GetValue("routing-error"));
    }

    private async Task FailAsync(string kind)
    {
        var deadline = DateTime.UtcNow.Add(TestTimeout.Short);
        var ingest = new ContactIngest.ContactIngestClient(_host.Channel);
        switch (kind)
        {
            case "invalid_argument":
                await ingest.SubmitAsync(new SubmitRequest(), deadline: deadline).ResponseAsync.WaitAsync(TestTimeout.Short);
                break;
            case "not_found":
                await ingest.CancelAsync(new CancelRequest { ContactId = "ct-nothing" }, deadline: deadline).ResponseAsync.WaitAsync(TestTimeout.Short);
                break;
            case "failed_precondition":
                using (var call = new AgentDesk.AgentDeskClient(_host.Channel).Connect(_host.Credentials.AgentHeaders("ada"), deadline: deadline))
                {
                    await call.RequestStream.WriteAsync(new ConnectRequest { Heartbeat = new Heartbeat() }).WaitAsync(TestTimeout.Short);
                    await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short);
                }

                break;
            case "resource_exhausted":
                var big = DeskTestKit.NewCustomer("email");
                big.Text = new string('x', 300_000);
                await ingest.SubmitAsync(new SubmitRequest { Contact = big }, deadline: deadline).ResponseAsync.WaitAsync(TestTimeout.Short);
                break;
            case "malformed_body":
                var submit = new Method<byte[], byte[]>(MethodType.Unary, "routing.v1.ContactIngest", "Submit", Bytes, Bytes);
                await _host.Channel.CreateCallInvoker().AsyncUnaryCall(submit, null, new CallOptions(deadline: deadline), Malformed()).ResponseAsync.WaitAsync(TestTimeout.Short);
                break;
            case "unimplemented":
                var missing = new Method<byte[], byte[]>(MethodType.Unary, "routing.v1.ContactIngest", "NoSuchMethod", Bytes, Bytes);
                await _host.Channel.CreateCallInvoker().AsyncUnaryCall(missing, null, new CallOptions(deadline: deadline), []).ResponseAsync.WaitAsync(TestTimeout.Short);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "no such failure");
        }
    }

    [Fact]
    public async Task ReflectionStream_ResetByTheClient_IsNotLoggedAsAServerFailure()
    {
        // ghz and grpcurl open a reflection stream, read what they need and reset it.
        var method = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "grpc.reflection.v1.ServerReflection", "ServerReflectionInfo", Bytes, Bytes);
        using (var cancel = new CancellationTokenSource())
        {
            var call = _host.Channel.CreateCallInvoker().AsyncDuplexStreamingCall(method, null, new CallOptions(cancellationToken: cancel.Token));
            await call.RequestStream.WriteAsync([]).WaitAsync(TestTimeout.Short); // an empty request: list services is not asked, nothing is answered
            await Task.Delay(200);
            await cancel.CancelAsync();
            call.Dispose();
        }

        await Task.Delay(500); // the server notices the reset
        Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Warning && e.Category.StartsWith("Routing.Server.Grpc.", StringComparison.Ordinal));
    }

    /// <summary>What an operator would see at warning level (the production default for gRPC's own logs) with a stack trace.</summary>
    private static bool IsCallFailureWithStackTrace(LogCapture.LogEntry entry) =>
        entry.Level >= LogLevel.Warning && entry.Exception is not null &&
        (entry.Category.StartsWith("Grpc.", StringComparison.Ordinal) || entry.Category.StartsWith("Routing.Server.Grpc.", StringComparison.Ordinal));

    /// <summary>Field 1 (a message) announced as 127 bytes long, followed by one: not a valid protobuf message.</summary>
    private static byte[] Malformed() => [0x0A, 0x7F, 0x01];
}
