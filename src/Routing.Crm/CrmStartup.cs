using Dapper;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Routing.Crm;

/// <summary>
/// Readies the CRM database before the router takes contacts: creates the SQLite folder, applies
/// the missing schema migrations and seeds the demo customers, each as configured, then warms the
/// connection in the background. A schema or seed failure stops the host, which is better than
/// accepting contacts against a database that is not there.
/// </summary>
internal sealed class CrmStartup(
    CrmConnectionFactory connections,
    IOptions<CrmOptions> options,
    string tenant,
    ILogger<CrmStartup> logger) : IHostedService, IDisposable
{
    // Long enough for a cold connection to a remote server; a dead CRM gives up within it.
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private Task _warmUp = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        CrmLog.StoreSelected(logger, connections.Provider, connections.DataSource);
        connections.EnsureStorageDirectory();
        if (settings.ApplySchema || settings.SeedDemoData)
        {
            await PrepareDatabaseAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        // In the background: startup must not wait on a slow or unreachable CRM.
        _warmUp = Task.Run(() => WarmUpAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _warmUp.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private async Task PrepareDatabaseAsync(CrmOptions settings, CancellationToken cancellationToken)
    {
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

    // The first lookup would pay for the first connection (a TLS login on SQL Server) and for
    // compiling the data path, which can exceed LookupTimeout and degrade the first contacts. A
    // trivial query pays it here instead, and says early when the CRM is unreachable. It runs none
    // of the site's own queries, which may be expensive. Never throws.
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
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }
}
