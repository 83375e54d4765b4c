using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace Routing.Crm;

/// <summary>Opens connections to the configured CRM database and runs work on them, at most Crm:MaxConcurrency at once.</summary>
public sealed class CrmConnectionFactory : IDisposable
{
    private readonly CrmWorkGate _gate;

    public CrmConnectionFactory(IOptions<CrmOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Provider = CrmOptions.ParseProvider(settings.Provider)
            ?? throw new InvalidOperationException($"Crm:Provider '{settings.Provider}' is not supported; use 'Sqlite' or 'SqlServer'.");
        ConnectionString = settings.ResolveConnectionString();
        _gate = new CrmWorkGate(settings.MaxConcurrency, blocking: Provider == CrmProvider.Sqlite);
    }

    public CrmProvider Provider { get; }

    public string ConnectionString { get; }

    /// <summary>Where the data lives, for logs: the file or server, never the credentials.</summary>
    public string DataSource => Provider == CrmProvider.Sqlite
        ? new SqliteConnectionStringBuilder(ConnectionString).DataSource
        : new SqlConnectionStringBuilder(ConnectionString).DataSource;

    /// <summary>A new, closed connection.</summary>
    public DbConnection CreateConnection() => Provider == CrmProvider.Sqlite
        ? new SqliteConnection(ConnectionString)
        : new SqlConnection(ConnectionString);

    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = CreateConnection();
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection that is closed afterwards, once one of the
    /// Crm:MaxConcurrency slots is free (SQLite work on the CRM's own threads, never the thread
    /// pool's). Cancelling the token gives up a wait for a slot and stops a running statement on
    /// every provider.
    /// </summary>
    public Task<T> RunAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Provider == CrmProvider.Sqlite
            ? _gate.RunAsync(ct => RunOnSqliteAsync(work, ct), cancellationToken)
            : _gate.RunAsync(ct => RunOnServerAsync(work, ct), cancellationToken);
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Creates the folder of a SQLite database file when it is missing, so the default
    /// "data/crm.db" works on a fresh machine. Read-only and in-memory databases are left alone.
    /// </summary>
    public void EnsureStorageDirectory()
    {
        if (Provider != CrmProvider.Sqlite)
        {
            return;
        }

        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        var dataSource = builder.DataSource;
        if (builder.Mode is not SqliteOpenMode.ReadWriteCreate
            || string.IsNullOrWhiteSpace(dataSource)
            || dataSource == ":memory:"
            || dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    private async Task<T> RunOnServerAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await work(connection, cancellationToken).ConfigureAwait(false);
        }
    }

    // Microsoft.Data.Sqlite runs its "async" methods synchronously and does not stop a statement
    // that is already running when the token fires. So this runs on a CRM thread (see CrmWorkGate)
    // and the token interrupts the statement inside SQLite itself; otherwise a slow query would hold
    // the thread and the connection past any timeout.
    private async Task<T> RunOnSqliteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var connection = new SqliteConnection(ConnectionString);
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Disposed before the connection goes back to the pool: disposal waits for a running
            // callback, so an interrupt can never reach the connection's next user.
            using var interrupt = cancellationToken.Register(static state => Interrupt((SqliteConnection)state!), connection);
            try
            {
                return await work(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The CRM query was cancelled.", ex, cancellationToken);
            }
        }
    }

    private static void Interrupt(SqliteConnection connection)
    {
        if (connection.Handle is { } handle)
        {
            raw.sqlite3_interrupt(handle);
        }
    }
}
