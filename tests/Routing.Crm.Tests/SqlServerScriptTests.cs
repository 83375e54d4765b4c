using System.Reflection;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Routing.Crm.Tests;

/// <summary>
/// SQL Server cannot run here, so every T-SQL statement the project ships is at least parsed by
/// Microsoft's own parser: each Schema/sqlserver script and every SQL string of a SqlServer* class.
/// </summary>
public sealed class SqlServerScriptTests
{
    private static readonly IReadOnlyDictionary<string, string> Statements = CollectStatements();

    public static TheoryData<string> StatementNames() => new(Statements.Keys);

    [Theory]
    [MemberData(nameof(StatementNames))]
    public void Parse_ShippedTsql_HasNoErrors(string name)
    {
        var errors = Parse(Statements[name]);

        Assert.True(errors.Count == 0, $"{name}: " + string.Join("; ", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")));
    }

    [Fact]
    public void Collect_ShippedTsql_CoversSchemaScriptsAndQueries()
    {
        Assert.Contains("Schema/sqlserver/001_crm.sql", Statements.Keys);
        Assert.Contains("SqlServerQueries.FindCustomer", Statements.Keys);
        Assert.Contains("SqlServerQueries.RecordInteraction", Statements.Keys);
        Assert.Contains("SqlServerSetupSql.AcquireSchemaLock", Statements.Keys);
        Assert.True(Statements.Count >= 14, $"only {Statements.Count} T-SQL texts found");
    }

    [Theory]
    [InlineData("SELECT FROM WHERE;")]
    [InlineData("CREATE TABLE dbo.broken (id int NOT NULL,, name nvarchar(10));")]
    [InlineData(SqliteQueries.RecordInteraction)]
    public void Parse_InvalidTsql_ReportsErrors(string sql)
    {
        Assert.NotEmpty(Parse(sql));
    }

    private static IList<ParseError> Parse(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors;
    }

    private static Dictionary<string, string> CollectStatements()
    {
        var statements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, sql) in CrmSchema.Scripts(CrmProvider.SqlServer))
        {
            statements[$"Schema/sqlserver/{file}"] = sql;
        }

        // Every string constant of every SqlServer* type, public or internal, so a new query cannot skip this test.
        var types = typeof(CrmSchema).Assembly.GetTypes().Where(t => t.Name.StartsWith("SqlServer", StringComparison.Ordinal));
        foreach (var type in types)
        {
            var constants = type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string));
            foreach (var field in constants)
            {
                statements[$"{type.Name}.{field.Name}"] = (string)field.GetRawConstantValue()!;
            }
        }

        return statements;
    }
}
