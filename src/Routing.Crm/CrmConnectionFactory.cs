using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SQLitePCL;

namespace Routing.Crm;

/// <summary>Opens connections to the configured CRM database and runs work on them, at most Crm:MaxConcurrency at once.</summary>
public sealed class CrmConnectionFactory : IDisposable
{
    private readonly CrmWorkGate _gate;

    // SQLite only: open connections with their prepared statements, at most one per slot of the gate.
    private readonly ConcurrentBag<SqliteSession> _sessions = [];
    private volatile bool _disposed;

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

    /// <summary>
    /// The rows of a lookup query on a connection this factory handed to <see cref="RunAsync{T}"/>,
    /// at most <paramref name="maxRows"/>: on SQLite from a statement prepared once per connection,
    /// on SQL Server through Dapper. Columns by the names the query gave them; NULL is null.
    /// </summary>
    internal async Task<IReadOnlyList<IDictionary<string, object?>>> QueryAsync(
        DbConnection connection, string sql, IReadOnlyList<KeyValuePair<string, object?>> parameters, int maxRows, CancellationToken cancellationToken)
    {
        if (connection is SqliteSession session)
        {
            return session.Query(sql, parameters, maxRows);
        }

        var args = new DynamicParameters();
        foreach (var (name, value) in parameters)
        {
            args.Add(name, value);
        }

        var rows = await connection.QueryAsync(new CommandDefinition(sql, args, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Take(maxRows).Select(row => (IDictionary<string, object?>)row)];
    }

    /// <summary>
    /// Closes the SQLite connections kept open between pieces of work (work running now keeps its
    /// own until it ends); the next work opens new ones. For whatever needs the database file to
    /// itself, such as an exclusive lock taken by another process or a file replaced under the server.
    /// </summary>
    public void CloseIdleConnections()
    {
        while (_sessions.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _gate.Dispose();
        CloseIdleConnections();
    }

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
    // the thread and the connection past any timeout. The connection is a session kept open with
    // its prepared statements; work that fails in any way closes it (the next one opens afresh), so
    // nothing a failure left behind (an open transaction, a half-read statement) reaches other work.
    private async Task<T> RunOnSqliteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_sessions.TryTake(out var session))
        {
            session = new SqliteSession(ConnectionString);
            try
            {
                await session.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await session.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        var reusable = false;
        try
        {
            // Disposed before the session is handed out again: disposal waits for a running
            // callback, so an interrupt can never reach the session's next user.
            using var interrupt = cancellationToken.Register(static state => Interrupt((SqliteConnection)state!), session);
            try
            {
                var result = await work(session, cancellationToken).ConfigureAwait(false);
                reusable = true;
                return result;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == raw.SQLITE_INTERRUPT && cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The CRM query was cancelled.", ex, cancellationToken);
            }
        }
        finally
        {
            if (reusable && !_disposed)
            {
                _sessions.Add(session);
            }
            else
            {
                await session.DisposeAsync().ConfigureAwait(false);
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
