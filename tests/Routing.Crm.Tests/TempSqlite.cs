using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Routing.Crm.Tests;

/// <summary>A SQLite database file of its own in a temporary folder, so tests run in parallel.</summary>
internal sealed class TempSqlite : IDisposable
{
    public TempSqlite()
    {
        Folder = Path.Combine(Path.GetTempPath(), "routing-crm-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        FilePath = Path.Combine(Folder, "crm.db");
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath }.ToString();
    }

    public string Folder { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public CrmConnectionFactory Factory() =>
        new(Options.Create(new CrmOptions { Provider = "Sqlite", ConnectionString = ConnectionString }));

    public SqliteConnection Connection() => new(ConnectionString);

    public async Task<int> ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = Connection();
        return await connection.ExecuteAsync(new CommandDefinition(sql, args)).WaitAsync(Timeouts.Test);
    }

    public async Task<T?> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = Connection();
        return await connection.ExecuteScalarAsync<T>(new CommandDefinition(sql, args)).WaitAsync(Timeouts.Test);
    }

    public async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = Connection();
        return (await connection.QueryAsync<T>(new CommandDefinition(sql, args)).WaitAsync(Timeouts.Test)).ToList();
    }

    /// <summary>Applies the schema and seeds the demo customers for <paramref name="tenant"/>.</summary>
    public async Task PrepareAsync(string tenant)
    {
        await using var connection = Connection();
        await CrmSchema.ApplyAsync(connection, CrmProvider.Sqlite, CancellationToken.None).WaitAsync(Timeouts.Test);
        await CrmDemoSeed.SeedAsync(connection, CrmProvider.Sqlite, tenant, CancellationToken.None).WaitAsync(Timeouts.Test);
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearPool(new SqliteConnection(ConnectionString));
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection abandoned by a timed-out lookup may still hold the file; the temp folder is cleaned up later.
        }
    }
}
