using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Routing.Crm;

/// <summary>
/// Readies the CRM database before the router takes contacts: creates the SQLite folder, applies
/// the missing schema migrations and seeds the demo customers, each as configured. The CRM being
/// down must not stop ingest (contacts are then queued with partial context), so a failure here
/// is logged and retried in the background until it succeeds or the host stops.
/// </summary>
internal sealed class CrmStartup(CrmConnectionFactory connections, IOptions<CrmOptions> options, string tenant, ILogger<CrmStartup> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);
    private readonly CancellationTokenSource _stopping = new();
    private Task _retries = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        CrmLog.StoreSelected(logger, connections.Provider, connections.DataSource);
        if (!settings.ApplySchema && !settings.SeedDemoData)
        {
            return;
        }

        if (!await TryPrepareAsync(cancellationToken).ConfigureAwait(false))
        {
            _retries = RetryAsync(_stopping.Token);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _retries.WaitAsync(cancellationToken).ConfigureAwait(false);
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

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var connection = await connections.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            if (settings.ApplySchema)
            {
                var applied = await CrmSchema.ApplyAsync(connection, connections.Provider, cancellationToken).ConfigureAwait(false);
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
                var seeded = await CrmDemoSeed.SeedAsync(connection, connections.Provider, tenant, cancellationToken).ConfigureAwait(false);
                CrmLog.DemoSeeded(logger, seeded, tenant);
            }
        }
    }

}
