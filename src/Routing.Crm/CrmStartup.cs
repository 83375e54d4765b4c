using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Routing.Crm;

/// <summary>
/// Readies the CRM database before the router takes contacts: creates the SQLite folder, applies
/// the missing schema migrations and seeds the demo customers, each as configured. A failure here
/// stops the host, which is better than accepting contacts against a database that is not there.
/// </summary>
internal sealed class CrmStartup(CrmConnectionFactory connections, IOptions<CrmOptions> options, string tenant, ILogger<CrmStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        CrmLog.StoreSelected(logger, connections.Provider, connections.DataSource);
        connections.EnsureStorageDirectory();
        if (!settings.ApplySchema && !settings.SeedDemoData)
        {
            return;
        }

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

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
