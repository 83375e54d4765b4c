namespace Routing.Crm.Tests;

public sealed class CrmSchemaTests
{
    private static readonly string[] CrmTables = ["customers", "contact_points", "consents", "cases", "agent_relationships", "interactions"];

    [Fact]
    public async Task ApplyAsync_EmptyDatabase_CreatesTablesAndRecordsEveryVersion()
    {
        using var database = new TempSqlite();
        await using var connection = database.Connection();

        var applied = await CrmSchema.ApplyAsync(connection, CrmProvider.Sqlite, CancellationToken.None).WaitAsync(Timeouts.Test);

        var expected = CrmSchema.Migrations(CrmProvider.Sqlite).Select(m => m.Version).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, applied);
        var versions = await database.QueryAsync<long>("SELECT version FROM schema_migrations ORDER BY version").WaitAsync(Timeouts.Test);
        Assert.Equal(expected.Select(v => (long)v), versions);
        var tables = await database.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'").WaitAsync(Timeouts.Test);
        Assert.All(CrmTables.Append("schema_migrations"), table => Assert.Contains(table, tables));
    }

    [Fact]
    public async Task ApplyAsync_AlreadyApplied_AppliesNothingAndKeepsData()
    {
        using var database = new TempSqlite();
        await database.PrepareAsync("acme").WaitAsync(Timeouts.Test);
        await using var connection = database.Connection();

        var applied = await CrmSchema.ApplyAsync(connection, CrmProvider.Sqlite, CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.Empty(applied);
        var versions = await database.QueryAsync<long>("SELECT version FROM schema_migrations").WaitAsync(Timeouts.Test);
        Assert.Equal(CrmSchema.Migrations(CrmProvider.Sqlite).Count, versions.Count);
        Assert.Equal(6, await database.ScalarAsync<long>("SELECT count(*) FROM customers WHERE tenant_id = 'acme'").WaitAsync(Timeouts.Test));
    }

    [Fact]
    public async Task ApplyAsync_EveryCrmTable_KeysOnTenantFirst()
    {
        using var database = new TempSqlite();
        await using var connection = database.Connection();
        await CrmSchema.ApplyAsync(connection, CrmProvider.Sqlite, CancellationToken.None).WaitAsync(Timeouts.Test);

        foreach (var table in CrmTables)
        {
            var firstKeyColumn = await database.ScalarAsync<string>(
                "SELECT name FROM pragma_table_info(@Table) WHERE pk = 1", new { Table = table }).WaitAsync(Timeouts.Test);
            Assert.True(firstKeyColumn == "tenant_id", $"{table} must key on tenant_id first, but its key starts with {firstKeyColumn}");
        }
    }

    [Fact]
    public void Migrations_BothProviders_HaveTheSameVersions()
    {
        var sqlite = CrmSchema.Migrations(CrmProvider.Sqlite).Select(m => (m.Version, m.Name));
        var sqlServer = CrmSchema.Migrations(CrmProvider.SqlServer).Select(m => (m.Version, m.Name));

        Assert.Equal(sqlite, sqlServer);
    }

    [Fact]
    public async Task SeedAsync_RunTwice_InsertsEachRowOnce()
    {
        using var database = new TempSqlite();
        await using var connection = database.Connection();
        await CrmSchema.ApplyAsync(connection, CrmProvider.Sqlite, CancellationToken.None).WaitAsync(Timeouts.Test);

        var first = await CrmDemoSeed.SeedAsync(connection, CrmProvider.Sqlite, "acme", CancellationToken.None).WaitAsync(Timeouts.Test);
        var second = await CrmDemoSeed.SeedAsync(connection, CrmProvider.Sqlite, "acme", CancellationToken.None).WaitAsync(Timeouts.Test);

        Assert.True(first > 0);
        Assert.Equal(0, second);
        Assert.Equal(6, await database.ScalarAsync<long>("SELECT count(*) FROM customers WHERE tenant_id = 'acme'").WaitAsync(Timeouts.Test));
        Assert.Equal(
            DemoData.ContactPoints.Length,
            await database.ScalarAsync<long>("SELECT count(*) FROM contact_points WHERE tenant_id = 'acme'").WaitAsync(Timeouts.Test));
    }

    [Fact]
    public async Task StartAsync_DatabaseFolderMissing_CreatesItAppliesSchemaAndSeedsTenant()
    {
        using var scratch = new TempSqlite();
        var nested = Path.Combine(scratch.Folder, "not", "there", "crm.db");
        await using var host = await CrmTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Crm:ConnectionString"] = $"Data Source={nested}",
        }).WaitAsync(Timeouts.Test);

        Assert.True(File.Exists(nested));
        var alice = await host.Lookup.LookupAsync(host.Tenant, "chat", "alice.m", CancellationToken.None).WaitAsync(Timeouts.Test);
        Assert.Equal("cus-1001", alice.CustomerId);
    }
}
