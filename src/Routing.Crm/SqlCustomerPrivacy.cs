using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Routing.Core.Customers;

namespace Routing.Crm;

/// <summary>
/// A customer's data rights on the reference schema (see Schema/): export reads every row about
/// them; erasure deletes them in one transaction and, on SQLite, with secure_delete on and the
/// write-ahead log checkpointed and emptied, so no copy of a deleted row stays in the files. A site
/// that maps its own CRM (Crm:Queries) erases in its own CRM too.
/// </summary>
public sealed class SqlCustomerPrivacy(CrmConnectionFactory connections, CustomerContextCache cache, ILogger<SqlCustomerPrivacy> logger) : ICustomerPrivacy
{
    private readonly bool _sqlite = connections.Provider == CrmProvider.Sqlite;

    public Task<IReadOnlyList<CustomerAddress>> FindAddressesAsync(string tenant, string customerId, CancellationToken cancellationToken) =>
        connections.RunAsync<IReadOnlyList<CustomerAddress>>(
            async (connection, ct) =>
            {
                var rows = await connection.QueryAsync<(string Channel, string Address)>(new CommandDefinition(
                    _sqlite ? SqlitePrivacySql.Addresses : SqlServerPrivacySql.Addresses,
                    new { Tenant = tenant, CustomerId = customerId },
                    cancellationToken: ct)).ConfigureAwait(false);
                return [.. rows.Select(r => new CustomerAddress(r.Channel, r.Address))];
            },
            cancellationToken);

    public Task<CrmExport> ExportAsync(string tenant, string? customerId, IReadOnlyList<CustomerAddress> addresses, CancellationToken cancellationToken) =>
        connections.RunAsync(
            async (connection, ct) =>
            {
                var tables = new Dictionary<string, IReadOnlyList<IReadOnlyDictionary<string, object?>>>(StringComparer.Ordinal);
                var interactions = new List<IReadOnlyDictionary<string, object?>>();
                if (customerId is not null)
                {
                    var byCustomer = new { Tenant = tenant, CustomerId = customerId };
                    tables["customers"] = await RowsAsync(connection, _sqlite ? SqlitePrivacySql.Customer : SqlServerPrivacySql.Customer, byCustomer, ct).ConfigureAwait(false);
                    tables["contact_points"] = await RowsAsync(connection, _sqlite ? SqlitePrivacySql.ContactPoints : SqlServerPrivacySql.ContactPoints, byCustomer, ct).ConfigureAwait(false);
                    tables["consents"] = await RowsAsync(connection, _sqlite ? SqlitePrivacySql.Consents : SqlServerPrivacySql.Consents, byCustomer, ct).ConfigureAwait(false);
                    tables["cases"] = await RowsAsync(connection, _sqlite ? SqlitePrivacySql.Cases : SqlServerPrivacySql.Cases, byCustomer, ct).ConfigureAwait(false);
                    tables["agent_relationships"] = await RowsAsync(connection, _sqlite ? SqlitePrivacySql.AgentRelationships : SqlServerPrivacySql.AgentRelationships, byCustomer, ct).ConfigureAwait(false);
                    interactions.AddRange(await RowsAsync(connection, _sqlite ? SqlitePrivacySql.InteractionsOfCustomer : SqlServerPrivacySql.InteractionsOfCustomer, byCustomer, ct).ConfigureAwait(false));
                }

                foreach (var address in addresses)
                {
                    var rows = await RowsAsync(
                        connection,
                        _sqlite ? SqlitePrivacySql.InteractionsOfAddress : SqlServerPrivacySql.InteractionsOfAddress,
                        new { Tenant = tenant, address.Channel, address.Address },
                        ct).ConfigureAwait(false);
                    interactions.AddRange(rows.Where(r => !interactions.Any(i => Equals(i["contact_id"], r["contact_id"]))));
                }

                tables["interactions"] = interactions;
                return new CrmExport(tables);
            },
            cancellationToken);

    public async Task<int> EraseAsync(string tenant, string? customerId, IReadOnlyList<CustomerAddress> addresses, IReadOnlyList<string> contactIds, CancellationToken cancellationToken)
    {
        var deleted = await connections.RunAsync((connection, ct) => DeleteAsync(connection, tenant, customerId, addresses, contactIds, ct), cancellationToken).ConfigureAwait(false);
        cache.ForgetCustomer(tenant, customerId, addresses);

        CrmLog.CustomerErased(logger, tenant, deleted);
        return deleted;
    }

    private async Task<int> DeleteAsync(DbConnection connection, string tenant, string? customerId, IReadOnlyList<CustomerAddress> addresses, IReadOnlyList<string> contactIds, CancellationToken cancellationToken)
    {
        if (_sqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition(SqlitePrivacySql.SecureDelete, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        var deleted = 0;
        var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            async Task DeleteAsync(string sql, object args) =>
                deleted += await connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);

            foreach (var contactId in contactIds)
            {
                await DeleteAsync(_sqlite ? SqlitePrivacySql.DeleteInteraction : SqlServerPrivacySql.DeleteInteraction, new { Tenant = tenant, ContactId = contactId }).ConfigureAwait(false);
            }

            foreach (var address in addresses)
            {
                await DeleteAsync(_sqlite ? SqlitePrivacySql.DeleteInteractionsOfAddress : SqlServerPrivacySql.DeleteInteractionsOfAddress, new { Tenant = tenant, address.Channel, address.Address }).ConfigureAwait(false);
            }

            if (customerId is not null)
            {
                var byCustomer = new { Tenant = tenant, CustomerId = customerId };
                await DeleteAsync(_sqlite ? SqlitePrivacySql.DeleteInteractionsOfCustomer : SqlServerPrivacySql.DeleteInteractionsOfCustomer, byCustomer).ConfigureAwait(false);
                await DeleteAsync(_sqlite ? SqlitePrivacySql.DeleteCustomer : SqlServerPrivacySql.DeleteCustomer, byCustomer).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_sqlite)
        {
            await connection.ExecuteAsync(new CommandDefinition(SqlitePrivacySql.Checkpoint, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        return deleted;
    }

    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> RowsAsync(DbConnection connection, string sql, object args, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync(new CommandDefinition(sql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>((IDictionary<string, object?>)r, StringComparer.Ordinal))];
    }
}
