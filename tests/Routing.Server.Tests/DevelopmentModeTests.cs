extern alias server;

using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Routing.Protos.V1;
using Routing.Testing;
using DevelopmentModeException = server::Routing.Server.Security.DevelopmentModeException;

namespace Routing.Server.Tests;

/// <summary>The one-command run: with no credentials configured the server generates, prints and writes its own, on loopback only; and the token and hash-key commands.</summary>
public sealed class DevelopmentModeTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task NoCredentialsConfigured_GeneratedCredentialsAreWritten_AndTheyWork()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), developmentMode: true);
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(host.DevelopmentCredentialsFile));
        var root = file.RootElement;
        var tokens = root.GetProperty("tokens");

        Assert.Equal(host.Tenant, root.GetProperty("tenant").GetString());
        var receipt = (await new ContactIngest.ContactIngestClient(host.Channel).SubmitAsync(
            new SubmitRequest { Contact = DeskTestKit.NewCustomer("voice") }, TestCredentials.ApiKey(root.GetProperty("gatewayKey").GetString()!))).Receipt;
        await using var ada = await DeskClient.ConnectAsync(host.Channel, TestCredentials.Bearer(tokens.GetProperty("ada").GetString()!), "ada");
        Assert.Equal(receipt.ContactId, (await ada.NextOfferAsync()).Contact.ContactId);
        await new Diagnostics.DiagnosticsClient(host.Channel).EchoAsync(new EchoRequest(), TestCredentials.Bearer(tokens.GetProperty("admin").GetString()!));
        var anonymous = await Assert.ThrowsAsync<RpcException>(() => new Diagnostics.DiagnosticsClient(host.Channel).EchoAsync(new EchoRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    [Fact]
    public async Task NoCredentialsConfigured_OnANonLoopbackAddress_RefusesToStart()
    {
        var error = await Assert.ThrowsAsync<DevelopmentModeException>(() =>
            RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?> { ["Urls"] = "http://0.0.0.0:0" }, developmentMode: true));

        Assert.Contains("loopback only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCredentialsConfigured_WallboardOnANonLoopbackAddress_RefusesToStart()
    {
        var error = await Assert.ThrowsAsync<DevelopmentModeException>(() =>
            RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?> { ["Wallboard:Url"] = "http://0.0.0.0:0" }, developmentMode: true));

        Assert.Contains("http://0.0.0.0:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerProcess_InDevelopmentMode_PrintsTheCredentials_AndTheTokenCommandUsesItsFile()
    {
        var directory = Directory.CreateTempSubdirectory("routing-dev-").FullName;
        var port = RedisServerProcess.FreeLoopbackPort();
        using var server = Start(directory, $"--urls=http://127.0.0.1:{port}", $"--Redis:ConnectionString={redis.ConnectionString}", $"--Routing:Tenant={TestTenant.New()}",
            "--Crm:ConnectionString=Data Source=crm.db");
        try
        {
            var banner = new List<string>();
            while (await server.StandardOutput.ReadLineAsync().WaitAsync(TestTimeout.Long) is { } line)
            {
                banner.Add(line);
                if (line.Contains("admin:", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.Contains(banner, l => l.Contains("authorization: ApiKey rk_", StringComparison.Ordinal));
            Assert.Contains(banner, l => l.Contains("ada:", StringComparison.Ordinal) && l.Contains("authorization: Bearer ey", StringComparison.Ordinal));
            Assert.True(File.Exists(Path.Combine(directory, "data", "dev-credentials.json")));

            var token = (await RunAsync(directory, "token", "bob", "--role", "agent")).Trim();
            using var channel = Grpc.Net.Client.GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
            await Eventually.TrueAsync(async () =>
            {
                try
                {
                    await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                    return true;
                }
                catch (RpcException)
                {
                    return false;
                }
            }, TestTimeout.Long, "the server listens");
            await using var bob = await DeskClient.ConnectAsync(channel, TestCredentials.Bearer(token), "bob");
            Assert.Equal("bob", bob.Welcome.AgentId);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync().WaitAsync(TestTimeout.Short);
        }
    }

    [Fact]
    public async Task TokenCommand_WithASigningKey_MintsATokenTheServerAccepts_HashKeyPrintsTheConfiguredHash()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var directory = Directory.CreateTempSubdirectory("routing-cmd-").FullName;

        var token = (await RunAsync(directory, "token", "ada", "--role", "agent", "--tenant", host.Tenant, "--signing-key", TestCredentials.SigningKey, "--ttl", "00:10:00")).Trim();
        var hash = (await RunAsync(directory, "hash-key", "rk_example")).Trim();

        await using var ada = await DeskClient.ConnectAsync(host.Channel, TestCredentials.Bearer(token), "ada");
        Assert.Equal("ada", ada.Welcome.AgentId);
        Assert.Equal(server::Routing.Server.Security.ApiKeyHash.Hash("rk_example"), hash);
        Assert.Matches("^sha256:[0-9a-f]{64}$", hash);
    }

    private static Process Start(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Routing.Server.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["Security__Jwt__Issuer"] = TestCredentials.Issuer;
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
    }

    private static async Task<string> RunAsync(string directory, params string[] args)
    {
        using var process = Start(directory, args);
        var output = await process.StandardOutput.ReadToEndAsync().WaitAsync(TestTimeout.Long);
        await process.WaitForExitAsync().WaitAsync(TestTimeout.Long);
        Assert.True(process.ExitCode == 0, $"{string.Join(' ', args)} exited {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}");
        return output;
    }
}
