using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Routing.Crm;

/// <summary>Checks the "Crm" section at startup, so a bad setting stops the host with a message that names it.</summary>
public sealed class CrmOptionsValidator : IValidateOptions<CrmOptions>
{
    private static readonly TimeSpan MaxLookupTimeout = TimeSpan.FromMinutes(1);

    // Each slot is a thread of its own with SQLite.
    private const int MaxConcurrency = 64;

    // tenant_id is nvarchar(64) in the reference schema.
    private const int MaxTenantLength = 64;

    public ValidateOptionsResult Validate(string? name, CrmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var provider = CrmOptions.ParseProvider(options.Provider);
        if (provider is null)
        {
            failures.Add($"Crm:Provider '{options.Provider}' is not supported; use 'Sqlite' or 'SqlServer'.");
        }
        else
        {
            ValidateConnectionString(provider.Value, options, failures);
        }

        if (options.LookupTimeout <= TimeSpan.Zero || options.LookupTimeout > MaxLookupTimeout)
        {
            failures.Add($"Crm:LookupTimeout must be positive and at most {MaxLookupTimeout} (e.g. 00:00:00.500); it is {options.LookupTimeout}.");
        }

        if (options.MaxConcurrency is < 1 or > MaxConcurrency)
        {
            failures.Add($"Crm:MaxConcurrency must be between 1 and {MaxConcurrency}; it is {options.MaxConcurrency}.");
        }

        if (options.CacheTtl < TimeSpan.Zero)
        {
            failures.Add($"Crm:CacheTtl must not be negative (00:00:00 disables caching); it is {options.CacheTtl}.");
        }

        if (options.NegativeCacheTtl < TimeSpan.Zero)
        {
            failures.Add($"Crm:NegativeCacheTtl must not be negative (00:00:00 disables caching of unknown senders); it is {options.NegativeCacheTtl}.");
        }

        if (options.CacheSizeLimit <= 0)
        {
            failures.Add($"Crm:CacheSizeLimit must be a positive number of entries; it is {options.CacheSizeLimit}.");
        }

        if (options.DemoTenants.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > MaxTenantLength))
        {
            failures.Add($"Crm:DemoTenants: each tenant must be 1-{MaxTenantLength} characters.");
        }

        var queries = options.Queries ?? new CrmQueryOverrides();
        CheckOverride(nameof(CrmQueryOverrides.FindCustomer), queries.FindCustomer, failures);
        CheckOverride(nameof(CrmQueryOverrides.FindConsents), queries.FindConsents, failures);
        CheckOverride(nameof(CrmQueryOverrides.FindOpenCases), queries.FindOpenCases, failures);
        CheckOverride(nameof(CrmQueryOverrides.RecordInteraction), queries.RecordInteraction, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateConnectionString(CrmProvider provider, CrmOptions options, List<string> failures)
    {
        var connectionString = options.ResolveConnectionString();
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            failures.Add($"Crm:ConnectionString is required when Crm:Provider is '{provider}'.");
            return;
        }

        try
        {
            // Parsing catches misspelt keywords now rather than on the first contact.
            _ = provider == CrmProvider.Sqlite
                ? new SqliteConnectionStringBuilder(connectionString).DataSource
                : new SqlConnectionStringBuilder(connectionString).DataSource;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
        {
            failures.Add($"Crm:ConnectionString is not a valid {provider} connection string: {ex.Message}");
        }
    }

    private static void CheckOverride(string query, string? sql, List<string> failures)
    {
        if (sql is not null && string.IsNullOrWhiteSpace(sql))
        {
            failures.Add($"Crm:Queries:{query} is empty; remove it to use the built-in query.");
        }
    }
}
