using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Routing.Crm;
using Routing.Protos.V1;
using Routing.Testing;
using Xunit.Abstractions;

namespace Routing.Server.Tests;

/// <summary>
/// A CRM that stops answering (its SQLite file locked by another process's exclusive transaction)
/// must cost each contact no more than the lookup timeout, and must not slow anything else down:
/// blocked database calls may not starve the server's thread pool.
/// </summary>
public sealed class CrmOutageTests(RedisServerFixture redis, ITestOutputHelper output) : IClassFixture<RedisServerFixture>
{
    private const int Contacts = 64;
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromMilliseconds(300);

    // Generous for a shared two-core machine, and still far below what a starved pool costs (seconds).
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(700);

    [Fact]
    public async Task Submit_CrmLockedLongerThanTheTimeout_EveryContactQueuedPartialInTime_EchoAndHealthStayFast()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Crm:LookupTimeout"] = LookupTimeout.ToString(),
        });
        var ingest = new ContactIngest.ContactIngestClient(host.Channel);
        var diagnostics = new Diagnostics.DiagnosticsClient(host.Channel);
        var health = new Health.HealthClient(host.Channel);
        await WarmUpAsync(ingest, diagnostics, health);

        // The server keeps its CRM connections open between lookups; the lock needs the file to itself.
        host.Services.GetRequiredService<CrmConnectionFactory>().CloseIdleConnections();
        await using var locker = await LockAsync(host.CrmDatabase);
        await AssertReadersBlockedAsync(host.CrmDatabase);

        using var submitsDone = new CancellationTokenSource();
        var probes = Task.Run(() => ProbeAsync(diagnostics, health, submitsDone.Token));
        var submits = await Task.WhenAll(Enumerable.Range(0, Contacts).Select(i => Task.Run(async () =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await ingest.SubmitAsync(
                    new SubmitRequest { Contact = new InboundContact { Channel = "email", ExternalId = $"outage-{i}", From = $"customer{i}@example.com", Text = "anyone there?" } },
                    deadline: DateTime.UtcNow.Add(TestTimeout.Long));
                return (Receipt: response.Receipt, Failure: (string?)null, watch.Elapsed);
            }
            catch (RpcException ex)
            {
                return (Receipt: new ContactReceipt(), Failure: $"{ex.StatusCode} after {watch.ElapsedMilliseconds} ms", watch.Elapsed);
            }
        }))).WaitAsync(TestTimeout.Long);
        await submitsDone.CancelAsync();
        var (echoes, checks) = await probes.WaitAsync(TestTimeout.Long);
        await UnlockAsync(locker);

        var slowest = submits.Max(s => s.Elapsed);
        var failed = submits.Where(s => s.Failure is not null).ToList();
        output.WriteLine($"{Contacts} submits with a {LookupTimeout.TotalMilliseconds:F0} ms lookup timeout: slowest {slowest.TotalMilliseconds:F0} ms, " +
            $"median {submits.Select(s => s.Elapsed).Order().ElementAt(Contacts / 2).TotalMilliseconds:F0} ms; {echoes.Count} echoes, slowest {(echoes.Count == 0 ? 0 : echoes.Max().TotalMilliseconds):F0} ms; " +
            $"{checks.Count} health checks, slowest {checks.Max(c => c.Elapsed).TotalMilliseconds:F0} ms");
        Assert.True(failed.Count == 0, $"{failed.Count} of {Contacts} submits failed ({failed.FirstOrDefault().Failure}); the slowest took {slowest.TotalMilliseconds:F0} ms");
        Assert.All(submits, s => Assert.True(s.Receipt.CrmPartial, $"{s.Receipt.ContactId} was queued with full context while the CRM was locked"));
        Assert.All(submits, s => Assert.Equal(ContactState.Queued, s.Receipt.State));
        Assert.True(slowest <= LookupTimeout + Margin, $"the slowest of {Contacts} submits took {slowest.TotalMilliseconds:F0} ms with a {LookupTimeout.TotalMilliseconds:F0} ms lookup timeout");
        Assert.NotEmpty(echoes);
        Assert.True(echoes.Max() <= Margin, $"Echo took up to {echoes.Max().TotalMilliseconds:F0} ms (of {echoes.Count}) while the CRM was locked");
        Assert.All(checks, c => Assert.Equal(nameof(HealthCheckResponse.Types.ServingStatus.Serving), c.Status));
        Assert.True(checks.Max(c => c.Elapsed) <= Margin, $"health took up to {checks.Max(c => c.Elapsed).TotalMilliseconds:F0} ms while the CRM was locked");
    }

    // The first calls pay for connections and JIT; they are not what is measured.
    private static async Task WarmUpAsync(ContactIngest.ContactIngestClient ingest, Diagnostics.DiagnosticsClient diagnostics, Health.HealthClient health)
    {
        await ingest.SubmitAsync(
            new SubmitRequest { Contact = new InboundContact { Channel = "email", ExternalId = "warm-up", From = "alice.martin@example.com", Text = "hello" } },
            deadline: DateTime.UtcNow.Add(TestTimeout.Short));
        await diagnostics.EchoAsync(new EchoRequest(), deadline: DateTime.UtcNow.Add(TestTimeout.Short));
        await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.Add(TestTimeout.Short));
    }

    // Echo and health, one after another, for as long as submits are running; a failed call is recorded, not thrown.
    private static async Task<(List<TimeSpan> Echoes, List<(string Status, TimeSpan Elapsed)> Checks)> ProbeAsync(
        Diagnostics.DiagnosticsClient diagnostics, Health.HealthClient health, CancellationToken until)
    {
        var echoes = new List<TimeSpan>();
        var checks = new List<(string, TimeSpan)>();
        do
        {
            var watch = Stopwatch.StartNew();
            try
            {
                await diagnostics.EchoAsync(new EchoRequest { Contact = new InboundContact { Channel = "email", ExternalId = "probe" } }, deadline: DateTime.UtcNow.Add(TestTimeout.Long), cancellationToken: CancellationToken.None);
                echoes.Add(watch.Elapsed);
                watch.Restart();
                var status = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.Add(TestTimeout.Long), cancellationToken: CancellationToken.None);
                checks.Add((status.Status.ToString(), watch.Elapsed));
            }
            catch (RpcException ex)
            {
                checks.Add(($"{ex.StatusCode} ({ex.Status.Detail})", watch.Elapsed));
            }

            await Task.Delay(20, CancellationToken.None);
        }
        while (!until.IsCancellationRequested);

        return (echoes, checks);
    }

    // Another process's write in exclusive locking mode holds the file's exclusive lock until it
    // ends, so even WAL readers are refused (SQLITE_BUSY); rolled back, it leaves nothing behind.
    private static async Task<SqliteConnection> LockAsync(string database)
    {
        var locker = new SqliteConnection($"Data Source={database};Pooling=False;Default Timeout=5");
        await locker.OpenAsync().WaitAsync(TestTimeout.Short);
        await Eventually.TrueAsync(async () =>
        {
            using var ready = locker.CreateCommand();
            ready.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'contact_points'";
            return (long)(await ready.ExecuteScalarAsync())! == 1;
        }, TestTimeout.Long);
        // In WAL mode the lock can only be taken while no other connection has the file open: the
        // server's kept connections were closed, and its idle pooled ones are now (the server is idle here).
        SqliteConnection.ClearAllPools();
        using var command = locker.CreateCommand();
        command.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE outage(x);";
        await command.ExecuteNonQueryAsync().WaitAsync(TestTimeout.Short);
        return locker;
    }

    private static async Task UnlockAsync(SqliteConnection locker)
    {
        using var command = locker.CreateCommand();
        command.CommandText = "ROLLBACK";
        await command.ExecuteNonQueryAsync().WaitAsync(TestTimeout.Short);
    }

    // Without this the test could pass against a CRM that was never blocked.
    private static async Task AssertReadersBlockedAsync(string database)
    {
        await using var reader = new SqliteConnection($"Data Source={database};Pooling=False;Default Timeout=1");
        var blocked = await Assert.ThrowsAsync<SqliteException>(async () =>
        {
            await reader.OpenAsync();
            using var command = reader.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM contact_points";
            await command.ExecuteScalarAsync();
        }).WaitAsync(TestTimeout.Short);
        Assert.Equal(SQLitePCL.raw.SQLITE_BUSY, blocked.SqliteErrorCode);
    }
}
