using System.Data.Common;
using Dapper;

namespace Routing.Crm;

/// <summary>Seeds the demo customers for one tenant into the reference schema. Running it again inserts nothing.</summary>
public static class CrmDemoSeed
{
    /// <summary>Inserts the demo rows the tenant does not have yet; returns how many it inserted.</summary>
    public static async Task<int> SeedAsync(DbConnection connection, CrmProvider provider, string tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        var sqlite = provider == CrmProvider.Sqlite;
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            // Parents first, so the rows satisfy the foreign keys when they are enforced.
            var inserted = 0;
            inserted += await InsertAsync(
                sqlite ? SqliteSetupSql.SeedCustomer : SqlServerSetupSql.SeedCustomer,
                DemoData.Customers.Select(c => new { Tenant = tenant, c.CustomerId, c.DisplayName, c.Tier, c.Language, c.PreferredChannel, c.Attributes, c.ChannelOrder, c.TimeZone })).ConfigureAwait(false);
            inserted += await InsertAsync(
                sqlite ? SqliteSetupSql.SeedContactPoint : SqlServerSetupSql.SeedContactPoint,
                DemoData.ContactPoints.Select(p => new { Tenant = tenant, p.CustomerId, p.Channel, p.Address })).ConfigureAwait(false);
            inserted += await InsertAsync(
                sqlite ? SqliteSetupSql.SeedConsent : SqlServerSetupSql.SeedConsent,
                DemoData.Consents.Select(c => new
                {
                    Tenant = tenant,
                    c.CustomerId,
                    c.Channel,
                    OptedIn = CrmValues.Flag(provider, c.OptedIn),
                    UpdatedAt = CrmValues.Timestamp(provider, c.UpdatedAt),
                })).ConfigureAwait(false);
            inserted += await InsertAsync(
                sqlite ? SqliteSetupSql.SeedCase : SqlServerSetupSql.SeedCase,
                DemoData.Cases.Select(c => new { Tenant = tenant, c.CaseId, c.CustomerId, c.Subject, c.Status, OpenedAt = CrmValues.Timestamp(provider, c.OpenedAt) })).ConfigureAwait(false);
            inserted += await InsertAsync(
                sqlite ? SqliteSetupSql.SeedAgentRelationship : SqlServerSetupSql.SeedAgentRelationship,
                DemoData.AgentRelationships.Select(r => new { Tenant = tenant, r.CustomerId, r.Kind, r.AgentId, UpdatedAt = CrmValues.Timestamp(provider, r.UpdatedAt) })).ConfigureAwait(false);

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return inserted;
        }

        // Dapper runs the statement once per row of the sequence and sums the affected rows.
        Task<int> InsertAsync(string sql, IEnumerable<object> rows) =>
            connection.ExecuteAsync(new CommandDefinition(sql, rows.ToArray(), transaction, cancellationToken: cancellationToken));
    }
}
