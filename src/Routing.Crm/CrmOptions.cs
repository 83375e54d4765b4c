namespace Routing.Crm;

/// <summary>Where the CRM lives and how long the router waits for it. Bound from "Crm".</summary>
public sealed class CrmOptions
{
    public const string SectionName = "Crm";

    /// <summary>Used when <see cref="Provider"/> is Sqlite and no connection string is given.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/crm.db";

    /// <summary>"Sqlite" (default) or "SqlServer".</summary>
    public string Provider { get; set; } = nameof(CrmProvider.Sqlite);

    /// <summary>An ADO.NET connection string for the provider; empty means <see cref="DefaultSqliteConnectionString"/> for Sqlite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply the reference schema's missing migrations at startup. Turn off when mapping your own CRM.</summary>
    public bool ApplySchema { get; set; } = true;

    /// <summary>
    /// Seed the demo customers at startup (idempotent), for the development tenant ("Routing:Tenant")
    /// and every tenant of <see cref="DemoTenants"/>. Turn off in production.
    /// </summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>More tenants that get the demo customers when <see cref="SeedDemoData"/> is on (each its own rows).</summary>
    public List<string> DemoTenants { get; set; } = [];

    /// <summary>How long a contact may wait for its customer context before it is queued with a partial one.</summary>
    public TimeSpan LookupTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Most CRM statements running at once. SQLite statements run on this many dedicated threads, so
    /// a CRM that stops answering holds at most these and never the server's thread pool.
    /// </summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long a found customer is served from memory; zero disables caching.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an unknown sender is remembered as unknown; zero disables negative caching.</summary>
    public TimeSpan NegativeCacheTtl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Most customer contexts held in memory at once (one entry per tenant, channel and address).</summary>
    public int CacheSizeLimit { get; set; } = 100_000;

    /// <summary>Replacements for the built-in SQL, to map a site's own CRM schema.</summary>
    public CrmQueryOverrides Queries { get; set; } = new();

    /// <summary>The provider named by <see cref="Provider"/>, or null when it names none.</summary>
    public static CrmProvider? ParseProvider(string? provider) => provider?.Trim().ToUpperInvariant() switch
    {
        "SQLITE" => CrmProvider.Sqlite,
        "SQLSERVER" => CrmProvider.SqlServer,
        _ => null,
    };

    /// <summary>The connection string to use, with the SQLite default filled in.</summary>
    public string ResolveConnectionString() =>
        string.IsNullOrWhiteSpace(ConnectionString) && ParseProvider(Provider) == CrmProvider.Sqlite
            ? DefaultSqliteConnectionString
            : ConnectionString ?? "";
}
