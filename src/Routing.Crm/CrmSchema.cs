using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Routing.Crm;

/// <summary>
/// Applies the reference CRM schema: the numbered scripts under Schema/{sqlite|sqlserver}/ that
/// schema_migrations does not list yet, in order, in one transaction. The same code runs at
/// production startup and in tests, and running it again changes nothing.
/// </summary>
public static class CrmSchema
{
    private const string ResourcePrefix = "Routing.Crm.Schema.";

    private static readonly ConcurrentDictionary<CrmProvider, IReadOnlyList<CrmMigration>> Cache = new();

    /// <summary>The provider's migrations, ordered by version.</summary>
    public static IReadOnlyList<CrmMigration> Migrations(CrmProvider provider) => Cache.GetOrAdd(provider, LoadMigrations);

    /// <summary>Every embedded script of the provider (migrations and any other .sql), by file name.</summary>
    public static IReadOnlyDictionary<string, string> Scripts(CrmProvider provider)
    {
        var folder = FolderOf(provider);
        var assembly = typeof(CrmSchema).Assembly;
        var scripts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            // RecursiveDir uses the build machine's separator.
            var path = resource.Replace('\\', '/');
            if (!path.StartsWith(ResourcePrefix + folder + "/", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            scripts[path[(ResourcePrefix.Length + folder.Length + 1)..]] = reader.ReadToEnd();
        }

        return scripts;
    }

    /// <summary>Applies the missing migrations; returns the versions it applied (empty when up to date).</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(DbConnection connection, CrmProvider provider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        var sqlite = provider == CrmProvider.Sqlite;
        if (sqlite)
        {
            // Write-ahead logging lets lookups read while interactions are written. It is a property of
            // the file, set once, and cannot change inside a transaction.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        // SQLite begins IMMEDIATE, taking the write lock at once; SQL Server takes an application lock.
        // Either way a second node starting at the same time waits, then finds nothing left to apply.
        var transaction = connection is SqliteConnection file
            ? file.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            if (!sqlite)
            {
                await ExecuteAsync(connection, transaction, SqlServerSetupSql.AcquireSchemaLock, null, cancellationToken).ConfigureAwait(false);
            }

            await ExecuteAsync(connection, transaction, sqlite ? SqliteSetupSql.EnsureMigrationsTable : SqlServerSetupSql.EnsureMigrationsTable, null, cancellationToken).ConfigureAwait(false);
            var applied = (await connection.QueryAsync<long>(new CommandDefinition(
                sqlite ? SqliteSetupSql.AppliedVersions : SqlServerSetupSql.AppliedVersions,
                transaction: transaction,
                cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet();

            var newlyApplied = new List<int>();
            foreach (var migration in Migrations(provider).Where(m => !applied.Contains(m.Version)))
            {
                await ExecuteAsync(connection, transaction, migration.Sql, null, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(
                    connection,
                    transaction,
                    sqlite ? SqliteSetupSql.RecordMigration : SqlServerSetupSql.RecordMigration,
                    new { migration.Version, migration.Name },
                    cancellationToken).ConfigureAwait(false);
                newlyApplied.Add(migration.Version);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return newlyApplied;
        }
    }

    internal static string FolderOf(CrmProvider provider) => provider == CrmProvider.Sqlite ? "sqlite" : "sqlserver";

    private static Task<int> ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, object? args, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, args, transaction, cancellationToken: cancellationToken));

    private static IReadOnlyList<CrmMigration> LoadMigrations(CrmProvider provider)
    {
        var migrations = new List<CrmMigration>();
        foreach (var (file, sql) in Scripts(provider))
        {
            // Migrations are "NNN_name.sql"; other scripts (none yet) are not applied automatically.
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0
                || !file.EndsWith(".sql", StringComparison.Ordinal)
                || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                continue;
            }

            migrations.Add(new CrmMigration(version, file[(underscore + 1)..^4], sql));
        }

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two {provider} CRM migrations share version {duplicate.Key}.");
        }

        return migrations.OrderBy(m => m.Version).ToArray();
    }
}
