using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Routing.Crm;

/// <summary>
/// Readies the CRM database before the router takes contacts: creates the SQLite folder, applies
/// the missing schema migrations and seeds the demo customers of each demo tenant, each as configured. The CRM being
/// down must not stop ingest (contacts are then queued with partial context), so a failure here
/// is logged and retried in the background until it succeeds or the host stops. With nothing to
/// prepare, the connection is warmed in the background instead.
/// </summary>
internal sealed class CrmStartup(
    CrmConnectionFactory connections,
    IOptions<CrmOptions> options,
    IReadOnlyList<string> demoTenants,
    ILogger<CrmStartup> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    // Long enough for a cold connection to a remote server; a dead CRM gives up within it.
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private Task _background = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        CrmLog.StoreSelected(logger, connections.Provider, connections.DataSource);
        if (!settings.ApplySchema && !settings.SeedDemoData)
        {
            // In the background: startup must not wait on a slow or unreachable CRM.
            _background = Task.Run(() => WarmUpAsync(_stopping.Token), CancellationToken.None);
            return;
        }

        if (!await TryPrepareAsync(cancellationToken).ConfigureAwait(false))
        {
            _background = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _background.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryAsync(CancellationToken stopping)
    {
        try
        {
            do
            {
                await Task.Delay(RetryInterval, stopping).ConfigureAwait(false);
            }
            while (!await TryPrepareAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryPrepareAsync(CancellationToken cancellationToken)
    {
        try
        {
            connections.EnsureStorageDirectory();
            await PrepareAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            CrmLog.PrepareFailed(logger, RetryInterval.TotalSeconds, ex);
            return false;
        }
    }

    // Through the connection factory like every CRM call, so the CRM's own threads (see
    // CrmWorkGate) are started here, before the first contact, rather than on its lookup.
    private Task PrepareAsync(CancellationToken cancellationToken) =>
        connections.RunAsync(
            async (connection, ct) =>
            {
                var settings = options.Value;
                if (settings.ApplySchema)
                {
                    var applied = await CrmSchema.ApplyAsync(connection, connections.Provider, ct).ConfigureAwait(false);
                    if (applied.Count > 0)
                    {
                        CrmLog.SchemaApplied(logger, string.Join(", ", applied));
                    }
                    else
                    {
                        CrmLog.SchemaUpToDate(logger);
                    }
                }

                if (settings.SeedDemoData)
                {
                    foreach (var tenant in demoTenants)
                    {
                        var seeded = await CrmDemoSeed.SeedAsync(connection, connections.Provider, tenant, ct).ConfigureAwait(false);
                        CrmLog.DemoSeeded(logger, seeded, tenant);
                    }
                }

                return true;
            },
            cancellationToken);

    private async Task WarmUpAsync(CancellationToken stopping)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(WarmUpLimit);
        try
        {
            var ping = connections.Provider == CrmProvider.Sqlite ? SqliteSetupSql.Ping : SqlServerSetupSql.Ping;
            await connections.RunAsync((connection, ct) => connection.ExecuteScalarAsync<int>(new CommandDefinition(ping, cancellationToken: ct)), limit.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            CrmLog.WarmUpFailed(logger, ex);
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // The host is stopping: the warm-up was cancelled, or failed as it stopped (an unreachable
            // CRM), and neither matters any more. StopAsync must not throw for it.
        }
    }
}
