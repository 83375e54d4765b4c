using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>The load-test yardstick end to end: Echo answers through the generated client and writes nothing and ghz can resolve it by reflection.</summary>
public sealed class DiagnosticsTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Echo_SubmitSizedContact_ReturnsExternalIdAsContactIdAndWritesNothing()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString);
        var contact = new InboundContact { Channel = "email", ExternalId = "echo-1", From = "alice.martin@example.com", Subject = "Invoice", Text = "My invoice is wrong" };

        var response = await new Diagnostics.DiagnosticsClient(host.Channel).EchoAsync(new EchoRequest { Contact = contact }, deadline: DateTime.UtcNow.Add(TestTimeout.Short));

        Assert.Equal("echo-1", response.Receipt.ContactId);
        Assert.Equal(ContactState.Unspecified, response.Receipt.State);
        Assert.Empty(await RedisProbe.KeysAsync(redis.Connection, host.Tenant).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Echo_NoContact_ReturnsEmptyReceipt()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString);

        var response = await new Diagnostics.DiagnosticsClient(host.Channel).EchoAsync(new EchoRequest(), deadline: DateTime.UtcNow.Add(TestTimeout.Short));

        Assert.Equal("", response.Receipt.ContactId);
    }

    [Fact]
    public async Task Reflection_FileContainingDiagnostics_ResolvesTheServiceWithItsImports()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString);
        using var call = new ServerReflection.ServerReflectionClient(host.Channel).ServerReflectionInfo(deadline: DateTime.UtcNow.Add(TestTimeout.Short));

        // What ghz and grpcurl ask before the first call: the file defining the service, and the files it imports.
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "routing.v1.Diagnostics" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(TestTimeout.Short));

        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto.Select(FileDescriptorProto.Parser.ParseFrom).ToList();
        var diagnostics = Assert.Single(files, f => f.Name == "routing/v1/diagnostics.proto");
        Assert.Equal("Echo", Assert.Single(Assert.Single(diagnostics.Service).Method).Name);
        Assert.Contains(files, f => f.Name == "routing/v1/ingest.proto");
    }
}
