using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Routing.Core.Customers;
using Routing.Core.Telemetry;

namespace Routing.Crm.Tests;

/// <summary>
/// A real host wired by <see cref="CrmHostingExtensions.AddRoutingCrm"/> over a SQLite file of its
/// own, started (schema applied, demo customers seeded) for a tenant of its own.
/// </summary>
internal sealed class CrmTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private CrmTestHost(IHost host, TempSqlite database, string tenant)
    {
        _host = host;
        Database = database;
        Tenant = tenant;
    }

    public TempSqlite Database { get; }

    public string Tenant { get; }

    public IServiceProvider Services => _host.Services;

    public CustomerLookup Lookup => Services.GetRequiredService<CustomerLookup>();

    public ICustomerDirectory Directory => Services.GetRequiredService<ICustomerDirectory>();

    public IInteractionLog Interactions => Services.GetRequiredService<IInteractionLog>();

    public static string NewTenant() => "t-" + Guid.NewGuid().ToString("N")[..10];

    /// <param name="settings">Configuration on top of the defaults (this host's database and tenant).</param>
    /// <param name="time">The host's clock; the system clock unless a test moves time itself.</param>
    public static async Task<CrmTestHost> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? time = null)
    {
        var database = new TempSqlite();
        var tenant = NewTenant();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Crm:ConnectionString"] = database.ConnectionString,
            [CrmHostingExtensions.TenantKey] = tenant,

            // Tests share two cores; only the tests about timeouts set a tight one.
            ["Crm:LookupTimeout"] = "00:00:05",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddRoutingCrm();

        // The server registers these; a test host does it itself.
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<RoutingMetrics>();
        builder.Services.AddSingleton(time ?? TimeProvider.System);

        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(Timeouts.Test);
        }
        catch
        {
            host.Dispose();
            database.Dispose();
            throw;
        }

        return new CrmTestHost(host, database, tenant);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().WaitAsync(Timeouts.Test);
        _host.Dispose();
        Database.Dispose();
    }
}
