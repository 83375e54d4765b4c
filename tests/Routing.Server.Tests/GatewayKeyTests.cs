extern alias server;

using System.Text.Json;
using Grpc.Core;
using Routing.Protos.V1;
using Routing.Testing;
using ApiKeyHash = server::Routing.Server.Security.ApiKeyHash;

namespace Routing.Server.Tests;

/// <summary>Gateway keys from configuration and from a key file: several valid at once (rotation), re-read when the file changes.</summary>
public sealed class GatewayKeyTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task TwoKeysOfOneGateway_AreValidAtOnce_AnUnknownKeyIsUnauthenticated()
    {
        var tenant = TestTenant.New();
        var settings = TestCredentials.GatewayKeySettings(1, "sms-gw-2025", tenant, "rk_old-sms-key", "sms");
        foreach (var (key, value) in TestCredentials.GatewayKeySettings(2, "sms-gw-2026", tenant, "rk_new-sms-key", "sms"))
        {
            settings[key] = value;
        }

        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings, tenant);

        Assert.Equal(ContactState.Queued, (await SubmitAsync(host, "rk_old-sms-key")).State);
        Assert.Equal(ContactState.Queued, (await SubmitAsync(host, "rk_new-sms-key")).State);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(host, "rk_never-issued"));
        Assert.Equal((StatusCode.Unauthenticated, "credential_invalid"), (unknown.StatusCode, unknown.Trailers.GetValue("routing-error")));
    }

    [Fact]
    public async Task KeyFile_KeysAreAccepted_AndARotationInTheFileTakesEffectWithoutRestart()
    {
        var tenant = TestTenant.New();
        var file = Path.Combine(Directory.CreateTempSubdirectory("routing-keys-").FullName, "gateway-keys.json");
        await WriteKeysAsync(file, tenant, ("sms-gw-a", "rk_file-key-a"));
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?> { ["Security:ApiKeyFile"] = file }, tenant);
        Assert.Equal(ContactState.Queued, (await SubmitAsync(host, "rk_file-key-a")).State);

        await WriteKeysAsync(file, tenant, ("sms-gw-b", "rk_file-key-b"));
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddSeconds(5));

        await Eventually.TrueAsync(async () => await SucceedsAsync(host, "rk_file-key-b"), TimeSpan.FromSeconds(10), "the new key is accepted after the file changed");
        var old = await Assert.ThrowsAsync<RpcException>(() => SubmitAsync(host, "rk_file-key-a"));
        Assert.Equal(StatusCode.Unauthenticated, old.StatusCode);
    }

    [Fact]
    public async Task ConfiguredKey_WithoutAValidHash_StopsTheServerNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Security:ApiKeys:1:Id"] = "bad-gw",
            ["Security:ApiKeys:1:Tenant"] = "t1",
            ["Security:ApiKeys:1:Channels:0"] = "chat",
            ["Security:ApiKeys:1:Hash"] = "md5:abc",
        }));

        Assert.Contains("Security:ApiKeys:1: key 'bad-gw' needs a Hash", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyFile_Missing_StopsTheStart()
    {
        var missing = Path.Combine(Path.GetTempPath(), "routing-no-such-keys-" + Guid.NewGuid().ToString("N") + ".json");

        await Assert.ThrowsAsync<FileNotFoundException>(() => RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?> { ["Security:ApiKeyFile"] = missing }));
    }

    private static async Task<ContactReceipt> SubmitAsync(RoutingServerHost host, string key) =>
        (await new ContactIngest.ContactIngestClient(host.Channel).SubmitAsync(new SubmitRequest { Contact = DeskTestKit.NewCustomer("sms") }, TestCredentials.ApiKey(key), DateTime.UtcNow.Add(TestTimeout.Short))).Receipt;

    private static async Task<bool> SucceedsAsync(RoutingServerHost host, string key)
    {
        try
        {
            await SubmitAsync(host, key);
            return true;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            return false;
        }
    }

    private static Task WriteKeysAsync(string file, string tenant, params (string Id, string Key)[] keys) =>
        File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            ApiKeys = keys.Select(k => new { k.Id, Tenant = tenant, Channels = new[] { "sms" }, Hash = ApiKeyHash.Hash(k.Key) }),
        }));
}
